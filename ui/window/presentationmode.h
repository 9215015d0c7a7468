#pragma once

#include <QList>

#include <QByteArray>
#include <QFont>

class QAction;
class QMainWindow;

namespace tl::ui {

class LaneArrangement;
class TimelineWidget;

// The window for a projector: full screen, the timeline alone (docks, toolbar, menu bar and status bar hidden), its
// text and lanes larger; the menus' shortcuts still work (F11 leaves). leave() puts back exactly what enter() changed:
// the dock and toolbar layout, the menu bar, the window state, the timeline's font and the lane height the user had.
//
// Thread affinity: the GUI thread.
class PresentationMode {
public:
    static constexpr double kFontScale = 1.4;
    static constexpr double kLaneScale = 1.5;

    // `header`: the run's title above the timeline, which grows with the lanes' names.
    PresentationMode(QMainWindow* window, TimelineWidget* timeline, QWidget* header, LaneArrangement* lanes);

    bool isActive() const { return m_active; }
    void enter();
    void leave();
    // The dock layout leave() puts back (Reset Layout while presenting): the docks stay hidden until then.
    void setLayoutToRestore(const QByteArray& state) { m_dockState = state; }

private:
    QMainWindow* m_window;
    TimelineWidget* m_timeline;
    QWidget* m_header;
    LaneArrangement* m_lanes;
    bool m_active = false;
    QByteArray m_dockState;
    Qt::WindowStates m_windowState;
    QFont m_timelineFont;
    QFont m_headerFont;
    int m_laneHeight = 0;
    bool m_laneFitted = true; // the lanes fitted the height before
    bool m_statusBarVisible = true;
    bool m_menuBarVisible = true;
    QList<QAction*> m_menuActions; // added to the window while its menu bar is hidden, for their shortcuts
};

} // namespace tl::ui
