#pragma once

#include "pysource/pythonrunoptions.h"
#include "scenarios/parameter.h"
#include "trace/event.h"
#include "window/apptheme.h"
#include "window/programcontroller.h"
#include "window/statussummary.h"

#include <QMainWindow>
#include <QVariantMap>

#include <memory>
#include <optional>
#include <span>

class QLabel;
class QDockWidget;
class QProgressBar;
class QPushButton;

namespace tl {
class TraceStore;
struct Scenario;
struct StoreChange;
} // namespace tl

namespace tl::ui {

class DockSizeKeeper;
class ComparisonView;
class ConsolePanel;
class DifferencesPanel;
class LaneArrangement;
class PresentationMode;
class RunHeader;
class EventListPanel;
class Exporter;
class ListingView;
class ParameterForm;
class RunController;
class ScenarioPicker;
class SelectionDetails;
class StateAtPanel;
class StatisticsPanel;
class StatusSummary;
class TimelineWidget;
class TraceOpener;
class ViewState;
class WindowActions;

// The desktop app's window: the scenario picker with the selected scenario's explanation, parameter
// form and listing; the live timeline in the centre; the event list, console and details panel below;
// the summary in the status bar. It wires the one-way flow: RunController (store, batches, ticks) ->
// timeline, event list, console, status; ViewState (selection, range) <-> timeline, event list, listing,
// details. It owns no trace data itself. A run is the engine's re-creation of a lesson (Run) or a real
// CPython process (Run in Python, an opened or dropped script, a command line's SCRIPT.py), through
// ProgramController; mainwindow_python.cpp holds that side. What goes wrong is a window-modal dialog
// that does not block the event loop, never a crash.
//
// Thread affinity: the GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The lesson the picker shows (explanation, form, listing), nullptr when none (a trace file is shown).
    const tl::Scenario* shownScenario() const { return m_shown; }
    // Shows `id` in the picker (explanation, form, listing); false if there is no such scenario.
    bool selectScenario(const QString& id);
    // Runs the picker's scenario with the form's values; false (and the reason shown) if refused.
    bool runSelected();
    // Run (F5): the lesson shown, or its listing as edited, in CPython (the engine re-creates only the lesson as
    // written); a script in CPython.
    bool runWhatIsShown();
    // What launching the app does: select `id` and run it live at once, so a timeline grows right away;
    // with `values` (validated) in the form instead of the defaults, at the speed preset nearest `speed`.
    bool launch(const QString& id, const std::optional<tl::ParameterValues>& values = std::nullopt, double speed = 1.0);
    // Runs what the listing shows in CPython (Run in Python); false (and a dialog) if refused.
    bool runInPython();
    // A command line's SCRIPT.py or -m MODULE: shows the script in the listing and runs it live at its
    // speed, in its interpreter (which later runs use too).
    bool launchPython(const tl::PythonRunOptions& options);
    // Loads a script into the listing and runs it (File > Open, a drop); an empty path asks for one.
    bool openScript(const QString& path = {});
    // Writes the listing to `path`; an empty path asks for one.
    bool saveListingAs(const QString& path = {});
    // Opens a trace file in the window (File > Open Trace, Open Recent, a drop, `threadline FILE.json`);
    // an empty path asks for one. It is read in the background with a progress bar and Cancel in the status
    // bar; the run on screen stays until the file has been read, and stays for good if it cannot be (a
    // dialog then names what is wrong and where). False only when no file was picked.
    bool openTrace(const QString& path = {});
    // Compare (issue 14): run B below this run on one time axis, with the Differences panel. A trace file
    // (an empty path asks for one), the picker's lesson with the form's values on the engine, or its listing
    // in CPython; false (and the reason said) if refused.
    bool compareWithTrace(const QString& path = {});
    bool compareWithRun();
    bool compareWithPython();

    RunController* runs() const { return m_runs; }
    ViewState* viewState() const { return m_state; }
    LaneArrangement* lanes() const { return m_lanes; }
    RunHeader* header() const { return m_header; }
    bool isPresenting() const;
    // The panels' wanted sizes (DockSizeKeeper), kept between sessions with the layout: a window closed small saved
    // its panels squeezed, and grown again in the next session it kept them so.
    QVariantMap savedDockSizes() const;
    void restoreDockSizes(const QVariantMap& saved);
    // View > Theme: light or dark whatever the desktop says, or the system's look; the menu follows.
    void setTheme(ThemeChoice choice);
    ThemeChoice theme() const { return m_theme->current(); }
    WindowActions* actions() const { return m_actions; }
    ScenarioPicker* picker() const { return m_picker; }
    ParameterForm* form() const { return m_form; }
    ListingView* listing() const { return m_listing; }
    TimelineWidget* timeline() const { return m_timeline; }
    EventListPanel* eventList() const { return m_events; }
    ConsolePanel* console() const { return m_console; }
    SelectionDetails* details() const { return m_details; }
    StatisticsPanel* statistics() const { return m_statistics; }
    StateAtPanel* stateAt() const { return m_stateAt; }
    StatusSummary* summary() const { return m_summary; }
    Exporter* exporter() const { return m_exporter; }
    ProgramController* program() const { return m_program; }
    TraceOpener* opener() const { return m_opener; }
    ComparisonView* comparison() const { return m_comparison; }
    DifferencesPanel* differences() const { return m_differences; }

signals:
    // The window is about to close, still as the user left it: a floating panel, a separate window, is hidden with
    // it a moment later (WindowSettings saves here).
    void closing();

protected:
    // Quitting with listings edited and not saved asks first (a window-modal question; Quit closes again).
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    QDockWidget* addPanel(const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area);
    QWidget* buildScenarioPanel();
    QWidget* buildCentre();
    void arrangeDocks();
    void connectActions();
    void connectLaneActions();
    void setPresenting(bool on);
    void findLanes(const QString& text);
    // Return in the finder: the next lane it finds after the selected one (the first, at first); the keys stay in it.
    void selectNextFoundLane();
    QString notFoundMessage() const;
    void showScenario(const tl::Scenario* scenario);
    void onStoreReplaced(const tl::TraceStore* store);
    void onBatch(const tl::StoreChange& change);
    void onTick(std::int64_t nowTs);
    void onRunningChanged(bool running);
    void onFinished();
    void onSelectionChanged();
    void refreshSummary(std::int64_t nowTs);
    void noteDeadlocks(const tl::StoreChange& change);
    void refreshHeader();
    StatusSummary::RunState runState() const;
    void updateTitle();
    void updateActionStates();
    // A run can be scrubbed when it is not running: finished, stopped, paused, or read from a file.
    void updateScrub();
    void connectScrub();
    void reportError(const QString& title, const QString& message);
    // mainwindow_runcontrols.cpp
    void connectRunControls();
    void onSpeedPicked(double factor);
    void onPausedChanged(bool paused);
    void onStepped(tl::EventId event);
    void stepSelectedThread();
    // mainwindow_python.cpp
    void connectPythonActions();
    void reportPythonEnd();
    void reportEngineEnd();
    void updateListingTitle();
    void showScriptPanel();
    // mainwindow_trace.cpp
    void connectTraceActions();
    void fillRecentMenu();
    void showTracePanel(const QString& path);
    void reportFileEnd();
    void setLoading(bool loading);
    // mainwindow_compare.cpp
    void connectCompareActions();
    // The form's values for the lesson on screen, to run again as B; nullopt (said on the status bar) if no
    // lesson is shown or the form is invalid.
    std::optional<ParameterValues> lessonToCompare();
    void showComparison();
    // The panels that show run A alone (events, console) say so while a comparison is shown.
    void nameRunAPanels(bool comparing);
    void fitBothRuns();
    void refreshDifferences();
    // The listing line of B's pick, when B ran the listing on screen (a lesson run again, or its listing in
    // CPython); else 0.
    int listingLineOfB() const;

    ViewState* m_state;
    LaneArrangement* m_lanes;
    RunController* m_runs;
    WindowActions* m_actions;
    TimelineWidget* m_timeline;
    ScenarioPicker* m_picker;
    QLabel* m_explanation;
    QPushButton* m_runButton = nullptr; // under the form: runs the lesson, or the program in Python
    ParameterForm* m_form;
    ListingView* m_listing;
    EventListPanel* m_events;
    ConsolePanel* m_console;
    SelectionDetails* m_details;
    StatisticsPanel* m_statistics;
    StateAtPanel* m_stateAt;
    StatusSummary* m_summary;
    RunHeader* m_header;
    Exporter* m_exporter;
    std::unique_ptr<PresentationMode> m_presentation;
    std::unique_ptr<AppTheme> m_theme;
    bool m_selecting = false; // selectScenario() at work: a picked lesson is shown, not run
    ProgramController* m_program;
    bool m_quitConfirmed = false; // the user chose Quit over their unsaved edits
    QDockWidget* m_listingDock = nullptr;
    QDockWidget* m_eventsDock = nullptr;  // run A's while comparing (nameRunAPanels)
    QDockWidget* m_consoleDock = nullptr; // likewise
    QByteArray m_defaultLayout;  // the docks as first arranged: View > Reset Layout
    bool m_stateAtShown = false; // the State at t panel came forward for this run's first playhead
    TraceOpener* m_opener;
    QProgressBar* m_loadProgress = nullptr;
    QPushButton* m_loadCancel = nullptr;
    const tl::Scenario* m_shown = nullptr; // the scenario whose explanation, form and listing are shown
    ComparisonView* m_comparison;
    DifferencesPanel* m_differences;
    QDockWidget* m_differencesDock = nullptr;
    DockSizeKeeper* m_dockSizes = nullptr;
    bool m_shownOnce = false;
    std::optional<ProgramController::Origin> m_listingOfB; // the listing B ran, if it ran one
    bool m_pickedOnB = false;                              // the last pick was on B: the listing shows its line
};

} // namespace tl::ui
