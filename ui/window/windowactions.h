#pragma once

#include "engine/speed.h"
#include <QList>

#include <QObject>

#include <iterator>

#include <vector>

class QAction;
class QComboBox;
class QMenu;
class QMainWindow;

namespace tl::ui {

// Every command of the main window as a QAction with its icon, shortcut and tooltip (the tooltip names
// the shortcut), grouped for the menus and the toolbar. Window-wide shortcuts use a modifier or a function
// key, except the run controls a teacher reaches for blind (Space, N, Shift+N, [ and ]): text fields take
// printable keys before any shortcut (they accept the ShortcutOverride), so typing in the filter, the
// parameter form or an editable listing never pauses or steps a run. The timeline's own single-letter keys
// (W/A/S/D, F, Z, Esc) live in the timeline widget. Right pans the timeline; while a run is paused it steps
// instead (setStepByRight()), since a paused picture has nothing new to pan to.
//
// Thread affinity: the GUI thread.
class WindowActions : public QObject {
    Q_OBJECT
public:
    static constexpr double kSpeeds[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100};
    static_assert(kSpeeds[0] >= kMinSpeed && kSpeeds[std::size(kSpeeds) - 1] <= kMaxSpeed,
                  "the speed presets stay within the engine's limits");

    explicit WindowActions(QMainWindow* window);

    QAction* run;
    QAction* runPython;
    QAction* editListing; // checkable: the listing is an editor
    QAction* saveListingAs;
    QAction* openScript;
    QAction* openTrace;
    QMenu* recentTraces = nullptr; // File > Open Recent, filled by the window when it is about to show
    // Compare: run B below the window's run A, on one time axis (ComparisonView).
    QAction* compareTrace;
    QAction* compareRun;
    QAction* comparePython;
    QAction* closeComparison;
    QAction* stop;
    QAction* restart;
    QAction* pause; // Pause, or Resume while paused (setPausedLook())
    QAction* step;
    QAction* stepThread;
    // Scrubbing a run that is not running; their keys (Home, End, Left, Right) act on the timeline only.
    QAction* playheadStart;
    QAction* playheadEnd;
    QAction* previousEvent;
    QAction* nextEvent;
    QAction* slower;
    QAction* faster;
    QAction* followLive;
    QAction* zoomIn;
    QAction* zoomOut;
    QAction* fitAll;
    QAction* zoomToSelection;
    QAction* showFlows;
    QAction* tallerLanes;
    QAction* shorterLanes;
    QAction* fitLanes;
    QAction* findLane;
    QAction* showHiddenLanes;
    QAction* resetLayout;
    QAction* presentation;
    QAction* themeSystem; // View > Theme: one of the three is checked
    QAction* themeLight;
    QAction* themeDark;
    QAction* exportDialog;
    QAction* exportPng;
    QAction* exportTrace;
    QAction* copyImage;
    QAction* shortcuts;
    QAction* about;
    QAction* quit;
    QComboBox* speed; // the toolbar's speed picker: kSpeeds as "0.1x" .. "100x", then "Max" (kSpeedMax)

    double speedFactor() const;
    void setSpeedFactor(double factor); // the nearest preset; kSpeedMax: "Max"
    // The picker's words for a factor: "0.5x", "Max".
    static QString speedText(double factor);
    // The pause action says Resume while paused; Right steps only while paused (it pans otherwise).
    void setPausedLook(bool paused);
    std::vector<QAction*> all() const;
    // Fills the window's menu bar and main toolbar; `views` are the dock toggles for the View menu.
    void buildMenusAndToolBar(QMainWindow* window, const QList<QAction*>& views);
    // Every shortcut, the timeline's keys included, as an HTML table for the help dialog.
    QString shortcutsHtml() const;

signals:
    void speedChanged(double factor);
};

} // namespace tl::ui
