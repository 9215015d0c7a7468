#include "window/presentationmode.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinewidget.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

#include <cmath>
#include <utility>

namespace tl::ui {

namespace {

// The actions of a menu bar's menus and their submenus that have a window-wide shortcut: a scrub key meant for the
// timeline stays the timeline's, and an Open Recent entry (rebuilt as files are opened) is not held.
QList<QAction*> menuActions(const QWidget* bar)
{
    QList<QAction*> found;
    for (QAction* action : bar->actions()) {
        if (action->menu())
            found << menuActions(action->menu());
        else if (!action->shortcuts().isEmpty() && (action->shortcutContext() == Qt::WindowShortcut ||
                                                    action->shortcutContext() == Qt::ApplicationShortcut))
            found << action;
    }
    return found;
}

} // namespace

PresentationMode::PresentationMode(QMainWindow* window, TimelineWidget* timeline, QWidget* header,
                                   LaneArrangement* lanes)
    : m_window(window)
    , m_timeline(timeline)
    , m_header(header)
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
    m_headerFont = m_header->font();
    m_laneHeight = m_lanes->laneHeight();
    m_statusBarVisible = m_window->statusBar()->isVisible();
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
        dock->hide();
    for (QToolBar* bar : m_window->findChildren<QToolBar*>())
        bar->hide();
    m_window->statusBar()->hide();
    // A hidden menu bar's actions have no shortcut unless a visible widget holds them: the window does, meanwhile.
    m_menuBarVisible = m_window->menuBar()->isVisible();
    m_menuActions = menuActions(m_window->menuBar());
    m_window->addActions(m_menuActions);
    m_window->menuBar()->hide();
    QFont larger = m_timelineFont;
    larger.setPointSizeF(m_timelineFont.pointSizeF() * kFontScale);
    m_timeline->setFont(larger);
    QFont largerHeader = m_headerFont; // the title read at the back of the room as the lanes' names are
    largerHeader.setPointSizeF(m_headerFont.pointSizeF() * kFontScale);
    m_header->setFont(largerHeader);
    // The lanes fill the screen, as tall as kMaxPresentedLaneHeight, and never shorter than half as tall again as they
    // were (3 lanes took a third of it at a fixed height, a user-tester).
    m_laneFitted = m_lanes->fitsToHeight();
    m_lanes->setFitRange(static_cast<int>(std::lround(m_laneHeight * kLaneScale)),
                         LaneArrangement::kMaxPresentedLaneHeight);
    m_lanes->setFitsToHeight(true);
    m_window->setWindowState(m_windowState | Qt::WindowFullScreen);
}

void PresentationMode::leave()
{
    if (!m_active)
        return;
    m_active = false;
    m_window->setWindowState(m_windowState);
    m_timeline->setFont(m_timelineFont);
    m_header->setFont(m_headerFont);
    m_lanes->setFitRange(LaneArrangement::kDefaultLaneHeight, LaneArrangement::kMaxFitHeight);
    if (m_laneFitted)
        m_lanes->setFittedLaneHeight(m_laneHeight); // fitting goes on, from where it was
    else
        m_lanes->setLaneHeight(m_laneHeight);
    m_window->statusBar()->setVisible(m_statusBarVisible);
    m_window->menuBar()->setVisible(m_menuBarVisible);
    for (QAction* action : std::exchange(m_menuActions, {}))
        m_window->removeAction(action);
    m_window->restoreState(m_dockState); // the docks and the toolbar
}

} // namespace tl::ui
