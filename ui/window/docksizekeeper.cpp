#include "window/docksizekeeper.h"

#include <QDockWidget>
#include <QEvent>
#include <QGuiApplication>
#include <QMainWindow>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

constexpr int kSlackPx = 2; // a dock this close to its wanted size has it: no resizeDocks for a pixel

int extent(QSize size, Qt::Orientation orientation)
{
    return orientation == Qt::Horizontal ? size.width() : size.height();
}

bool isDocked(const QDockWidget* dock)
{
    return dock->isVisible() && !dock->isFloating();
}

} // namespace

DockSizeKeeper::DockSizeKeeper(QMainWindow* window, QList<QDockWidget*> docks)
    : QObject(window)
    , m_window(window)
    , m_docks(std::move(docks))
{
    for (QDockWidget* dock : m_docks)
        dock->installEventFilter(this);
}

void DockSizeKeeper::remember()
{
    rememberDocks(false);
}

void DockSizeKeeper::rememberLater()
{
    QTimer::singleShot(0, this, [this] { rememberDocks(false); });
}

void DockSizeKeeper::rememberUnknownLater()
{
    QTimer::singleShot(0, this, [this] { rememberDocks(true); });
}

void DockSizeKeeper::rememberDocks(bool unknownOnly)
{
    for (const QDockWidget* dock : m_docks) {
        if (!unknownOnly || !m_wanted.contains(dock))
            m_wanted[dock] = Wanted{dock->size(), m_window->size()};
    }
}

QVariantMap DockSizeKeeper::saved() const
{
    QVariantMap saved;
    for (const QDockWidget* dock : m_docks) {
        if (const auto wanted = m_wanted.constFind(dock); wanted != m_wanted.cend())
            saved.insert(dock->objectName(), QVariantList{wanted->dock, wanted->window});
    }
    return saved;
}

void DockSizeKeeper::restore(const QVariantMap& saved)
{
    for (const QDockWidget* dock : m_docks) {
        const QVariantList sizes = saved.value(dock->objectName()).toList();
        if (sizes.size() != 2)
            continue;
        const QSize size = sizes[0].toSize();
        const QSize window = sizes[1].toSize();
        if (size.isValid() && !size.isEmpty() && window.isValid() && !window.isEmpty())
            m_wanted[dock] = Wanted{size, window};
    }
}

void DockSizeKeeper::windowResized(QSize from, QSize to)
{
    // A window's first resize comes from no size at all (-1 x -1), not from a smaller window: the layout restored with
    // it stands as it was.
    if (m_wanted.isEmpty() || !from.isValid())
        return;
    if (to.width() > from.width())
        giveBack(Qt::Horizontal);
    if (to.height() > from.height())
        giveBack(Qt::Vertical);
}

bool DockSizeKeeper::eventFilter(QObject* watched, QEvent* event)
{
    // A dock resized with a mouse button down is the user dragging a separator: that size is the one wanted.
    // Without one, it is the window's layout at work (a shrink, a dock shown or hidden), not a wish.
    if (event->type() == QEvent::Resize && !m_givingBack && QGuiApplication::mouseButtons() != Qt::NoButton) {
        const auto* dock = static_cast<const QDockWidget*>(watched);
        if (isDocked(dock))
            m_wanted[dock] = Wanted{dock->size(), m_window->size()};
    }
    return QObject::eventFilter(watched, event);
}

void DockSizeKeeper::giveBack(Qt::Orientation orientation)
{
    // One area at a time: resizeDocks() with the docks of several areas at once left the bottom row as it was.
    for (const Qt::DockWidgetArea area :
         {Qt::LeftDockWidgetArea, Qt::RightDockWidgetArea, Qt::TopDockWidgetArea, Qt::BottomDockWidgetArea}) {
        // Across a row of docks (top, bottom: their widths) or down a column (left, right: their heights) each has a
        // size of its own; the other way the area has one, its first dock's. Tabs share one place: the first.
        const bool row = area == Qt::TopDockWidgetArea || area == Qt::BottomDockWidgetArea;
        const bool eachItsOwn = row == (orientation == Qt::Horizontal);
        QList<QDockWidget*> docks;
        QList<int> sizes;
        bool anySmaller = false;
        for (QDockWidget* dock : m_docks) {
            const auto wanted = m_wanted.constFind(dock);
            if (!isDocked(dock) || m_window->dockWidgetArea(dock) != area || wanted == m_wanted.cend())
                continue;
            const QList<QDockWidget*> tabs = m_window->tabifiedDockWidgets(dock);
            if (std::any_of(tabs.begin(), tabs.end(), [&docks](QDockWidget* tab) { return docks.contains(tab); }))
                continue;
            const int size = scaled(*wanted, orientation);
            anySmaller = anySmaller || extent(dock->size(), orientation) < size - kSlackPx;
            docks << dock;
            sizes << size;
            if (!eachItsOwn)
                break;
        }
        if (!anySmaller)
            continue;
        m_givingBack = true;
        m_window->resizeDocks(docks, sizes, orientation);
        m_givingBack = false;
    }
}

int DockSizeKeeper::scaled(const Wanted& wanted, Qt::Orientation orientation) const
{
    const int then = extent(wanted.window, orientation);
    const int now = extent(m_window->size(), orientation);
    const double share = then > 0 ? std::min(1.0, double(now) / double(then)) : 1.0;
    return int(std::lround(extent(wanted.dock, orientation) * share));
}

} // namespace tl::ui
