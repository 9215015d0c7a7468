#include "window/scrollfollower.h"

#include <QScrollBar>

namespace tl::ui {

ScrollFollower::ScrollFollower(QScrollBar* bar)
    : QObject(bar)
    , m_bar(bar)
{
    // actionTriggered comes from the user only, with the new position set but not yet the value.
    connect(bar, &QAbstractSlider::actionTriggered, this,
            [this] { m_following = m_bar->sliderPosition() >= m_bar->maximum(); });
    connect(bar, &QAbstractSlider::rangeChanged, this, [this](int, int max) {
        if (m_following)
            m_bar->setValue(max);
    });
}

void ScrollFollower::contentAppended()
{
    if (!m_following)
        return;
    QMetaObject::invokeMethod(
        this, [this] { setFollowing(m_following); }, Qt::QueuedConnection);
}

void ScrollFollower::setFollowing(bool following)
{
    m_following = following;
    if (following)
        m_bar->setValue(m_bar->maximum());
}

} // namespace tl::ui
