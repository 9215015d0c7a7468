#include "window/mainwindow.h"

#include "scenarios/scenario.h"
#include "timeline/lanearrangement.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/comparisonview.h"
#include "window/consolepanel.h"
#include "window/differencespanel.h"
#include "window/docksizekeeper.h"
#include "window/eventlistpanel.h"
#include "window/exporter.h"
#include "window/listingview.h"
#include "window/parameterform.h"
#include "window/presentationmode.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/scenariopicker.h"
#include "window/selectiondetails.h"
#include "window/stateatpanel.h"
#include "window/statisticspanel.h"
#include "window/statussummary.h"
#include "window/traceopener.h"
#include "window/windowactions.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QResizeEvent>
#include <QScreen>
#include <QShowEvent>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace tl::ui {

namespace {
// What a new live run shows first: wide enough for a lesson's first seconds, then following slides it.
constexpr std::int64_t kInitialLiveRangeNs = 5'000'000'000;
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_state(new ViewState(this))
    , m_lanes(new LaneArrangement(this))
    , m_runs(new RunController(this))
    , m_actions(new WindowActions(this))
    , m_timeline(new TimelineWidget(m_state, m_lanes, this))
    , m_picker(new ScenarioPicker(this))
    , m_explanation(new QLabel(this))
    , m_form(new ParameterForm(this))
    , m_listing(new ListingView(this))
    , m_events(new EventListPanel(m_state, this))
    , m_console(new ConsolePanel(this))
    , m_details(new SelectionDetails(m_state, this))
    , m_statistics(new StatisticsPanel(m_state, this))
    , m_stateAt(new StateAtPanel(m_state, this))
    , m_summary(new StatusSummary(this))
    , m_header(new RunHeader(this))
    , m_exporter(new Exporter(m_runs, m_state, this))
    , m_presentation(std::make_unique<PresentationMode>(this, m_timeline, m_header, m_lanes))
    , m_theme(std::make_unique<AppTheme>())
    , m_program(new ProgramController(m_listing, m_runs, this))
    , m_opener(new TraceOpener(m_runs, this))
    , m_comparison(new ComparisonView(m_state, m_runs, m_lanes, this))
    , m_differences(new DifferencesPanel(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/threadline.svg")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    setCentralWidget(buildCentre());
    m_exporter->setArrangement(m_lanes);
    m_exporter->setTimeline(m_timeline);
    m_exporter->setRunB([this] { return m_comparison->isComparing() ? m_comparison->runs()->store() : nullptr; });
    m_comparison->timeline()->setLegendAlike(m_timeline); // one slice name, one colour, in both runs
    arrangeDocks();
    // Permanent on the right, without stretch: the left keeps room for messages ("Exported ...",
    // "Refused: ..."), which a stretching summary squeezed to nothing.
    statusBar()->addPermanentWidget(m_summary);
    // A message too long for the room beside the summary has the whole bar while it shows: it was cut mid-word ("No
    // next event can come: every thread waits, with nothing to wak"). The summary is back once it goes; a shorter
    // message (the pause's, shown as long as the pause) leaves it in place.
    connect(statusBar(), &QStatusBar::messageChanged, m_summary, [this](const QString& message) {
        const int room = statusBar()->width() - m_summary->sizeHint().width() - 3 * fontMetrics().averageCharWidth();
        m_summary->setVisible(message.isEmpty() || statusBar()->fontMetrics().horizontalAdvance(message) <= room);
    });
    connectActions();
    connectRunControls();
    connectLaneActions();
    connectPythonActions();
    connectTraceActions();
    connectCompareActions();
    // A .py dropped anywhere on the window opens and runs (the listing takes its own drops); a .json or
    // .json.gz opens as a trace.
    setAcceptDrops(true);

    connect(m_picker, &ScenarioPicker::scenarioSelected, this, [this](const Scenario* s) {
        if (!s)
            return;
        showScenario(s);
        // Picking a lesson runs it: the timeline, the listing and the header then all show that lesson,
        // never one lesson's listing beside another's run.
        if (!m_selecting)
            runSelected();
    });
    connect(m_picker, &ScenarioPicker::scenarioActivated, this, [this] { runSelected(); });
    connect(m_form, &ParameterForm::validityChanged, this, &MainWindow::updateActionStates);
    connect(m_runs, &RunController::storeReplaced, this, &MainWindow::onStoreReplaced);
    connect(m_runs, &RunController::batchAppended, this, &MainWindow::onBatch);
    connect(m_runs, &RunController::ticked, this, &MainWindow::onTick);
    connect(m_runs, &RunController::runningChanged, this, &MainWindow::onRunningChanged);
    connect(m_runs, &RunController::finished, this, &MainWindow::onFinished);
    connect(m_runs, &RunController::metadataChanged, this, [this] {
        updateTitle();
        refreshSummary(m_runs->nowTs());
        refreshHeader(); // a live speed change
        m_details->refresh();
    });
    connect(m_state, &ViewState::selectionChanged, this, &MainWindow::onSelectionChanged);
    connect(m_events, &EventListPanel::eventPicked, m_timeline, &TimelineWidget::revealSelection);
    connect(m_timeline, &TimelineWidget::laneEventsRequested, m_events, &EventListPanel::showLane);

    // The first run's size (windowsettings.cpp restores the last one's), within a small screen (1024x768 showed a
    // third of the toolbar and none of the listing).
    resize(QSize(1600, 1000).boundedTo(screen()->availableGeometry().size()));
    updateActionStates();
    updateTitle();
}

QWidget* MainWindow::buildCentre()
{
    // The header says which run the timeline shows; the timeline takes the rest of the centre.
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    // A comparison's run B goes under A, as wide, so one moment is at one x in both.
    auto* runs = new QSplitter(Qt::Vertical, centre);
    runs->setObjectName(QStringLiteral("runsSplitter"));
    runs->setChildrenCollapsible(false);
    runs->addWidget(m_timeline);
    runs->addWidget(m_comparison);
    layout->addWidget(runs, 1);
    return centre;
}

void MainWindow::arrangeDocks()
{
    // The picker column runs the full height; the lists below share the width of timeline and listing.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    QDockWidget* scenarios =
        addPanel(tr("Scenarios"), QStringLiteral("scenarios"), buildScenarioPanel(), Qt::LeftDockWidgetArea);
    QDockWidget* listing = addPanel(tr("Listing"), QStringLiteral("listing"), m_listing, Qt::RightDockWidgetArea);
    m_listingDock = listing;
    QDockWidget* details = addPanel(tr("Details"), QStringLiteral("details"), m_details, Qt::RightDockWidgetArea);
    splitDockWidget(listing, details, Qt::Vertical);
    m_eventsDock = addPanel(tr("Events"), QStringLiteral("events"), m_events, Qt::BottomDockWidgetArea);
    m_consoleDock = addPanel(tr("Console"), QStringLiteral("console"), m_console, Qt::BottomDockWidgetArea);
    splitDockWidget(m_eventsDock, m_consoleDock, Qt::Horizontal);
    QDockWidget* statistics =
        addPanel(tr("Statistics"), QStringLiteral("statistics"), m_statistics, Qt::BottomDockWidgetArea);
    splitDockWidget(m_consoleDock, statistics, Qt::Horizontal);
    // State at t shares the statistics' place: it comes forward when a playhead is placed.
    QDockWidget* stateAt = addPanel(tr("State at t"), QStringLiteral("state-at"), m_stateAt, Qt::BottomDockWidgetArea);
    tabifyDockWidget(statistics, stateAt);
    // A comparison's differences share that place too; hidden until there is a comparison.
    m_differencesDock =
        addPanel(tr("Differences"), QStringLiteral("differences"), m_differences, Qt::BottomDockWidgetArea);
    tabifyDockWidget(statistics, m_differencesDock);
    m_differencesDock->hide();
    statistics->raise();
    connect(m_state, &ViewState::playheadChanged, stateAt, [this, stateAt] {
        if (m_state->playhead() && !m_stateAtShown) {
            m_stateAtShown = true; // once per run: the user may go back to Statistics while scrubbing
            stateAt->show();
            stateAt->raise();
        }
    });
    // The timeline gets most of the window: narrow side columns, a low bottom strip.
    resizeDocks({scenarios, listing}, {320, 380}, Qt::Horizontal);
    resizeDocks({listing, details}, {560, 150}, Qt::Vertical);
    resizeDocks({m_eventsDock, m_consoleDock, statistics}, {460, 440, 400}, Qt::Horizontal);
    resizeDocks({m_eventsDock}, {190}, Qt::Vertical);
    m_actions->buildMenusAndToolBar(this, {scenarios->toggleViewAction(), listing->toggleViewAction(),
                                           details->toggleViewAction(), m_eventsDock->toggleViewAction(),
                                           m_consoleDock->toggleViewAction(), statistics->toggleViewAction(),
                                           stateAt->toggleViewAction(), m_differencesDock->toggleViewAction()});
    m_defaultLayout = saveState();
    m_dockSizes = new DockSizeKeeper(
        this, {scenarios, listing, details, m_eventsDock, m_consoleDock, statistics, stateAt, m_differencesDock});
    // Below this the panels' least widths add up to more than the window has, and Qt draws one over the
    // next (the Console over the Events' filters, at the 887 x 426 Qt allowed): a 1024 x 768 screen has room.
    setMinimumSize(900, 560);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!std::exchange(m_shownOnce, true))
        m_dockSizes->rememberUnknownLater(); // the first layout (or the one restored), once applied
}

QVariantMap MainWindow::savedDockSizes() const
{
    return m_dockSizes->saved();
}

void MainWindow::restoreDockSizes(const QVariantMap& saved)
{
    m_dockSizes->restore(saved);
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    m_dockSizes->windowResized(event->oldSize(), event->size());
}

MainWindow::~MainWindow()
{
    // Views hold pointers into the store the controller owns: detach them before it goes. The timeline
    // silently: what listens to it (the comparison) is not to act on a window being destroyed.
    const QSignalBlocker quiet(m_timeline);
    m_timeline->setStore(nullptr);
    m_events->setStore(nullptr);
    m_console->setStore(nullptr);
    m_details->setStore(nullptr);
    m_statistics->setStore(nullptr);
    m_stateAt->setStore(nullptr);
}

QDockWidget* MainWindow::addPanel(const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::onStoreReplaced(const TraceStore* store)
{
    m_state->clearSelection();
    m_state->setMeasurement(std::nullopt);
    m_lanes->reset(); // pins, groups and hidden lanes were the old run's lane ids
    m_timeline->setStore(store);
    m_events->setStore(store);
    m_console->setStore(store);
    m_details->setStore(store);
    m_statistics->setStore(store);
    m_stateAt->setStore(store);
    m_stateAtShown = false;
    updateScrub();
    m_state->setRange({0, kInitialLiveRangeNs});
    m_state->setFollowLive(true);
    m_timeline->setNowTs(0);
    m_summary->refresh(store, 0, StatusSummary::RunState::Live);
    m_summary->setDeadlock({});
    statusBar()->clearMessage(); // what it said was the last run's ("... has finished")
    // The listing says the values this run uses, whatever the form shows later.
    // The user's edits stay as typed.
    if (const Scenario* s = m_runs->scenario(); s && m_shown && s->id == m_shown->id && !m_program->isEdited())
        m_listing->setListing(s->listingWith(m_runs->values()));
    refreshHeader();
    updateTitle();
    updateActionStates(); // an engine run after a Python one: the run controls come back
}

void MainWindow::onBatch(const StoreChange& change)
{
    m_timeline->notifyStoreChanged(change);
    m_events->appendBatch(change);
    m_console->appendBatch(change);
    m_details->refresh();
    noteDeadlocks(change);
    m_statistics->storeChanged();
    if (m_state->playhead()) // paused and stepping: the state under the playhead may have changed
        m_stateAt->refresh();
}

void MainWindow::onTick(std::int64_t nowTs)
{
    m_timeline->setNowTs(m_runs->isRunning() ? nowTs : -1);
    m_statistics->setNowTs(m_runs->isRunning() ? nowTs : -1);
    refreshSummary(nowTs);
}

void MainWindow::onRunningChanged(bool)
{
    updateScrub();
    updateActionStates();
    refreshHeader();
    updateTitle();
}

void MainWindow::onFinished()
{
    m_timeline->setNowTs(-1);
    m_statistics->setNowTs(-1);
    updateScrub();
    m_events->finish();
    m_statistics->refresh();
    // A run that was being followed ends showing all of itself.
    if (m_state->followLive()) {
        m_state->setFollowLive(false);
        m_timeline->fitAll();
    }
    refreshSummary(m_runs->nowTs());
    statusBar()->showMessage(m_runs->stopRequested() ? tr("The run was stopped") : tr("The run has finished"), 5000);
    refreshHeader();
    if (m_runs->pythonSource())
        reportPythonEnd();
    else if (!m_runs->fileSource())
        reportEngineEnd();
    if (m_runs->fileSource()) {
        m_program->showTrace(m_runs->store()->metadata());
        reportFileEnd();
    }
    // Compared with a run B: both whole on the shared axis (the fit above knew A alone), and their differences.
    fitBothRuns();
    refreshDifferences();
    updateTitle();
}

// An engine run stops itself only when the system refused it a thread or a descriptor (ScenarioRun): that
// is said where the eye is, and the window stays ready for the next run.
void MainWindow::reportEngineEnd()
{
    const TraceMetadata& meta = m_runs->store()->metadata();
    if (m_runs->stopRequested() || !meta.stopped || meta.problems.isEmpty())
        return;
    const QString problems = meta.problems.join(QLatin1Char('\n'));
    // Each problem says it stopped the run ("stopped: the system would not give ..."): said once, as a sentence.
    QString said = meta.problems.join(QStringLiteral("; "));
    said[0] = said[0].toUpper();
    statusBar()->showMessage(said, 15000);
    reportError(tr("The run was stopped"), tr("%1\n\nThe trace holds what was recorded until then.").arg(problems));
}

void MainWindow::onSelectionChanged()
{
    // Listing lines belong to the program that ran: only highlight when its text is on screen.
    const Selection selection = m_state->selection();
    if (m_pickedOnB && m_comparison->isComparing())
        m_listing->setHighlightedLine(listingLineOfB());
    else
        m_listing->setHighlightedLine(selection.isNone() ? 0 : m_program->listingLine(selection.event));
    m_actions->zoomToSelection->setEnabled(!m_state->selection().isNone());
}

} // namespace tl::ui
