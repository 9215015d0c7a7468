#include "window/presentationmode.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinewidget.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QStatusBar>

#include <cmath>

namespace tl::ui {

PresentationMode::PresentationMode(QMainWindow* window, TimelineWidget* timeline, LaneArrangement* lanes)
    : m_window(window)
    , m_timeline(timeline)
    , m_lanes(lanes)
{
}

void PresentationMode::enter()
{
    if (m_active)
        return;
    m_active = true;
    m_dockState = m_window->saveState();
    m_windowState = m_window->windowState();
    m_timelineFont = m_timeline->font();
    m_laneHeight = m_lanes->laneHeight();
    m_statusBarVisible = m_window->statusBar()->isVisible();
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
        dock->hide();
    m_window->statusBar()->hide();
    QFont larger = m_timelineFont;
    larger.setPointSizeF(m_timelineFont.pointSizeF() * kFontScale);
    m_timeline->setFont(larger);
    m_lanes->setLaneHeight(static_cast<int>(std::lround(m_laneHeight * kLaneScale)));
    m_window->setWindowState(m_windowState | Qt::WindowFullScreen);
}

void PresentationMode::leave()
{
    if (!m_active)
        return;
    m_active = false;
    m_window->setWindowState(m_windowState);
    m_timeline->setFont(m_timelineFont);
    m_lanes->setLaneHeight(m_laneHeight);
    m_window->statusBar()->setVisible(m_statusBarVisible);
    m_window->restoreState(m_dockState);
}

} // namespace tl::ui
