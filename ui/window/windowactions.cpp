#include "window/windowactions.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QIcon>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

#include <cmath>

namespace tl::ui {

namespace {

QAction* makeAction(QObject* parent, const QString& icon, const QString& text, const QList<QKeySequence>& keys,
                    const QString& tip)
{
    auto* action = new QAction(text, parent);
    if (!icon.isEmpty())
        action->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)));
    action->setShortcuts(keys);
    // The tooltip names the shortcut, so a user learns it by hovering.
    action->setToolTip(
        keys.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, keys.first().toString(QKeySequence::NativeText)));
    action->setStatusTip(tip);
    return action;
}

} // namespace

WindowActions::WindowActions(QMainWindow* window)
    : QObject(window)
{
    run = makeAction(window, QStringLiteral("run"), tr("&Run"), {QKeySequence(Qt::Key_F5)},
                     tr("Run the selected scenario with the parameters in the form"));
    runPython =
        makeAction(window, QStringLiteral("python"), tr("Run in &Python"), {QKeySequence(Qt::CTRL | Qt::Key_F5)},
                   tr("Run the listing in CPython under Threadline's tracer: the lesson with the form's "
                      "values, your edits as typed, or the opened script"));
    editListing = makeAction(window, QStringLiteral("edit"), tr("&Edit Listing"), {QKeySequence(Qt::Key_F2)},
                             tr("Make the listing editable; Run in Python then runs what you typed"));
    editListing->setCheckable(true);
    saveListingAs =
        makeAction(window, QString(), tr("&Save Listing As…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
                   tr("Write the listing, with your edits, to a Python file"));
    openTrace = makeAction(window, QString(), tr("&Open Trace…"), {QKeySequence(Qt::CTRL | Qt::Key_O)},
                           tr("Open a trace file: Threadline's export or another tool's Chrome trace (.json, "
                              ".json.gz); or drop it on the window"));
    openScript =
        makeAction(window, QString(), tr("Open &Python Script…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
                   tr("Load a Python script into the listing and run it in CPython (or drop a .py on the "
                      "window)"));
    compareTrace = makeAction(window, QString(), tr("Compare With &Trace…"), {QKeySequence(Qt::CTRL | Qt::Key_K)},
                              tr("Open a trace file as run B, below this run on one time axis, with the "
                                 "differences per thread and state"));
    compareRun = makeAction(window, QString(), tr("Compare With New &Run"), {QKeySequence(Qt::CTRL | Qt::Key_F6)},
                            tr("Run the selected lesson with the form's values as run B, below this run: change "
                               "a parameter and see what it does"));
    comparePython =
        makeAction(window, QString(), tr("Compare With &Python Run"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F6)},
                   tr("Run what the listing shows in CPython as run B, below this run: the lesson with the "
                      "form's values, your edits, or your script"));
    closeComparison =
        makeAction(window, QString(), tr("&Close Comparison"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)},
                   tr("Stop run B and hide it and its differences"));
    stop = makeAction(window, QStringLiteral("stop"), tr("&Stop"), {QKeySequence(Qt::SHIFT | Qt::Key_F5)},
                      tr("Stop the running scenario: every thread unwinds at its next wait"));
    restart = makeAction(window, QStringLiteral("restart"), tr("R&estart"), {QKeySequence(Qt::CTRL | Qt::Key_R)},
                         tr("Run the last scenario again with the same parameters and the current speed"));
    pause = makeAction(window, QStringLiteral("pause"), tr("&Pause"), {QKeySequence(Qt::Key_Space)},
                       tr("Pause the run: every thread stops at its next event and the clock stands still; "
                          "again to resume"));
    step = makeAction(window, QStringLiteral("step"), tr("Ste&p"), {QKeySequence(Qt::Key_N)},
                      tr("Let the run go on by its next event, across all threads, then pause; the event is "
                         "selected (Right too while paused)"));
    stepThread = makeAction(window, QString(), tr("Step &Thread"), {QKeySequence(Qt::SHIFT | Qt::Key_N)},
                            tr("Let the selected thread go on by its next event while the others stay paused"));
    playheadStart = makeAction(window, QString(), tr("Playhead to &Start"), {QKeySequence(Qt::Key_Home)},
                               tr("Scrub: put the playhead at the run's start (on the timeline)"));
    playheadEnd = makeAction(window, QString(), tr("Playhead to &End"), {QKeySequence(Qt::Key_End)},
                             tr("Scrub: put the playhead at the run's end (on the timeline)"));
    previousEvent = makeAction(window, QString(), tr("Pre&vious Event"), {QKeySequence(Qt::Key_Left)},
                               tr("Scrub: move the playhead to the previous event and select it (on the timeline)"));
    nextEvent = makeAction(window, QString(), tr("&Next Event"), {QKeySequence(Qt::Key_Right)},
                           tr("Scrub: move the playhead to the next event and select it (on the timeline; while "
                              "paused, Right steps the run)"));
    for (QAction* scrub : {playheadStart, playheadEnd, previousEvent, nextEvent}) {
        // Arrows and Home/End belong to lists and editors elsewhere in the window.
        scrub->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        scrub->setEnabled(false);
    }
    slower = makeAction(window, QStringLiteral("slower"), tr("S&lower"),
                        {QKeySequence(Qt::Key_BracketLeft), QKeySequence(Qt::CTRL | Qt::Key_BracketLeft)},
                        tr("Pick the next lower speed; a live run takes it at once"));
    faster = makeAction(window, QStringLiteral("faster"), tr("&Faster"),
                        {QKeySequence(Qt::Key_BracketRight), QKeySequence(Qt::CTRL | Qt::Key_BracketRight)},
                        tr("Pick the next higher speed, up to Max; a live run takes it at once"));
    followLive = makeAction(window, QStringLiteral("follow"), tr("F&ollow Live"), {QKeySequence(Qt::CTRL | Qt::Key_L)},
                            tr("Keep the newest events in view while the scenario runs (panning pauses it)"));
    followLive->setCheckable(true);
    zoomIn = makeAction(window, QStringLiteral("zoom-in"), tr("Zoom &In"),
                        {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)},
                        tr("Zoom in on the middle of the timeline (W or Ctrl+wheel on the timeline)"));
    zoomOut = makeAction(window, QStringLiteral("zoom-out"), tr("Zoom &Out"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)},
                         tr("Zoom out (S or Ctrl+wheel on the timeline)"));
    fitAll = makeAction(window, QStringLiteral("fit"), tr("&Fit Whole Run"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
                        tr("Show the whole run (F on the timeline)"));
    zoomToSelection = makeAction(window, QStringLiteral("zoom-selection"), tr("Zoom to &Selection"),
                                 {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)},
                                 tr("Zoom to the selected span or event (Z on the timeline)"));
    showFlows =
        makeAction(window, QStringLiteral("flows"), tr("Show F&lows"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)},
                   tr("Show the arrows: start -> begin, put -> get, end -> join"));
    showFlows->setCheckable(true);
    showFlows->setChecked(true);
    tallerLanes = makeAction(window, QString(), tr("&Taller Lanes"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up)},
                             tr("Make every lane taller (Ctrl+Shift+wheel on the timeline)"));
    shorterLanes =
        makeAction(window, QString(), tr("S&horter Lanes"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down)},
                   tr("Make every lane shorter, to see more of them"));
    fitLanes =
        makeAction(window, QString(), tr("Fit &Lanes to Height"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H)},
                   tr("Make the lanes as tall as fills the timeline"));
    findLane = makeAction(window, QString(), tr("F&ind Lane…"), {QKeySequence::Find},
                          tr("Show only the lanes whose name contains what you type; Return selects each in turn"));
    showHiddenLanes =
        makeAction(window, QString(), tr("Show &Hidden Lanes"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U)},
                   tr("Show the lanes hidden from the lane menu again"));
    resetLayout = makeAction(window, QString(), tr("&Reset Layout"), {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_0)},
                             tr("Put the panels back where they were at the first start, and the window's size"));
    presentation = makeAction(window, QString(), tr("&Presentation Mode"), {QKeySequence(Qt::Key_F11)},
                              tr("Full screen, the timeline alone, larger text and lanes for a projector"));
    presentation->setCheckable(true);
    themeSystem = makeAction(window, QString(), tr("&System"), {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_1)},
                             tr("Light or dark as the desktop says"));
    themeLight = makeAction(window, QString(), tr("&Light"), {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_2)},
                            tr("Dark text on light panels, whatever the desktop says"));
    themeDark = makeAction(window, QString(), tr("&Dark"), {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_3)},
                           tr("Light text on dark panels, whatever the desktop says"));
    auto* themes = new QActionGroup(this);
    for (QAction* a : {themeSystem, themeLight, themeDark}) {
        a->setCheckable(true);
        themes->addAction(a);
    }
    themeSystem->setChecked(true);
    exportDialog = makeAction(window, QStringLiteral("export"), tr("&Export…"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
                              tr("Export the timeline as PNG, SVG or PDF, or the trace as Chrome JSON or CSV"));
    exportPng = makeAction(window, QString(), tr("Export &Picture…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
                           tr("Export the whole run as a PNG, SVG or PDF picture"));
    exportTrace = makeAction(window, QString(), tr("Export &Trace…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                             tr("Export the trace as Chrome JSON (Perfetto, chrome://tracing) or CSV"));
    copyImage = makeAction(window, QStringLiteral("copy"), tr("&Copy Picture"),
                           {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
                           tr("Copy the visible timeline, with title and legend, to the clipboard as an image"));
    shortcuts = makeAction(window, QString(), tr("&Keyboard Shortcuts"), {QKeySequence(Qt::Key_F1)},
                           tr("List every keyboard shortcut, the timeline's included"));
    about = makeAction(window, QString(), tr("&About Threadline"), {QKeySequence(Qt::CTRL | Qt::Key_F1)},
                       tr("What Threadline is and which version this is"));
    quit =
        makeAction(window, QString(), tr("&Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)}, tr("Stop the run and quit"));
    quit->setMenuRole(QAction::QuitRole);

    speed = new QComboBox(window);
    for (double s : kSpeeds)
        speed->addItem(speedText(s), s);
    speed->addItem(speedText(kSpeedMax), kSpeedMax);
    speed->setToolTip(tr("Speed: how fast the run's clock jumps over waits for watching (Max: at once); "
                         "sleeps and timeouts keep their exact scenario length at every speed. A live run "
                         "takes a new speed at once ([ / ])"));
    setSpeedFactor(1.0);
    connect(speed, &QComboBox::currentIndexChanged, this, [this] { emit speedChanged(speedFactor()); });
    connect(slower, &QAction::triggered, this,
            [this] { speed->setCurrentIndex(std::max(0, speed->currentIndex() - 1)); });
    connect(faster, &QAction::triggered, this,
            [this] { speed->setCurrentIndex(std::min(speed->count() - 1, speed->currentIndex() + 1)); });
}

QString WindowActions::speedText(double factor)
{
    return std::isinf(factor) ? tr("Max") : QStringLiteral("%1x").arg(factor);
}

void WindowActions::setPausedLook(bool paused)
{
    pause->setText(paused ? tr("&Resume") : tr("&Pause"));
    pause->setIcon(QIcon(paused ? QStringLiteral(":/icons/run.svg") : QStringLiteral(":/icons/pause.svg")));
    const QKeySequence space(Qt::Key_Space);
    pause->setToolTip(paused ? tr("Resume the paused run (%1)").arg(space.toString(QKeySequence::NativeText))
                             : tr("Pause the run (%1)").arg(space.toString(QKeySequence::NativeText)));
    QList<QKeySequence> keys{QKeySequence(Qt::Key_N)};
    if (paused)
        keys << QKeySequence(Qt::Key_Right);
    step->setShortcuts(keys);
    // One action per key at a time: two enabled ones would be ambiguous and neither would fire.
    nextEvent->setShortcuts(paused ? QList<QKeySequence>{} : QList<QKeySequence>{QKeySequence(Qt::Key_Right)});
}

double WindowActions::speedFactor() const
{
    return speed->currentData().toDouble();
}

void WindowActions::setSpeedFactor(double factor)
{
    if (!(factor > 0))
        return;
    if (std::isinf(factor)) { // `--speed max`
        speed->setCurrentIndex(speed->count() - 1);
        return;
    }
    int best = 0;
    for (int i = 0; i < speed->count() - 1; ++i) // the factors, not Max
        if (std::abs(std::log(speed->itemData(i).toDouble() / factor)) <
            std::abs(std::log(speed->itemData(best).toDouble() / factor)))
            best = i;
    speed->setCurrentIndex(best);
}

std::vector<QAction*> WindowActions::all() const
{
    return {run,           runPython,
            editListing,   saveListingAs,
            openTrace,     openScript,
            compareTrace,  compareRun,
            comparePython, closeComparison,
            stop,          restart,
            pause,         step,
            stepThread,    playheadStart,
            playheadEnd,   previousEvent,
            nextEvent,     slower,
            faster,        followLive,
            zoomIn,        zoomOut,
            fitAll,        zoomToSelection,
            showFlows,     tallerLanes,
            shorterLanes,  fitLanes,
            findLane,      showHiddenLanes,
            resetLayout,   themeSystem,
            themeLight,    themeDark,
            presentation,  exportDialog,
            exportPng,     exportTrace,
            copyImage,     shortcuts,
            about,         quit};
}

void WindowActions::buildMenusAndToolBar(QMainWindow* window, const QList<QAction*>& views)
{
    QMenu* file = window->menuBar()->addMenu(tr("&File"));
    file->addAction(openTrace);
    recentTraces = file->addMenu(tr("Open &Recent"));
    recentTraces->setObjectName(QStringLiteral("recentTraces"));
    file->addAction(openScript);
    file->addAction(saveListingAs);
    file->addSeparator();
    file->addAction(exportDialog);
    file->addAction(exportPng);
    file->addAction(exportTrace);
    file->addAction(copyImage);
    file->addSeparator();
    file->addAction(quit);

    QMenu* runMenu = window->menuBar()->addMenu(tr("&Run"));
    runMenu->addActions({run, runPython, stop, restart});
    runMenu->addSeparator();
    runMenu->addAction(editListing);
    runMenu->addSeparator();
    runMenu->addActions({pause, step, stepThread});
    runMenu->addSeparator();
    runMenu->addActions({playheadStart, playheadEnd, previousEvent, nextEvent});
    runMenu->addSeparator();
    runMenu->addActions({slower, faster});

    QMenu* compare = window->menuBar()->addMenu(tr("&Compare"));
    compare->addActions({compareTrace, compareRun, comparePython});
    compare->addSeparator();
    compare->addAction(closeComparison);

    QMenu* view = window->menuBar()->addMenu(tr("&View"));
    view->addActions({followLive, zoomIn, zoomOut, fitAll, zoomToSelection, showFlows});
    view->addSeparator();
    view->addActions({tallerLanes, shorterLanes, fitLanes, findLane, showHiddenLanes});
    view->addSeparator();
    view->addAction(presentation);
    QMenu* theme = view->addMenu(tr("T&heme"));
    theme->addActions({themeSystem, themeLight, themeDark});
    view->addSeparator();
    view->addActions(views);
    view->addAction(resetLayout);

    QMenu* help = window->menuBar()->addMenu(tr("&Help"));
    help->addActions({shortcuts, about});

    QToolBar* bar = window->addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({run, runPython, stop, restart, pause, step});
    bar->addAction(editListing);
    bar->addSeparator();
    auto* speedLabel = new QLabel(tr(" Speed "), bar);
    speedLabel->setToolTip(speed->toolTip());
    bar->addWidget(speedLabel);
    bar->addWidget(speed);
    bar->addSeparator();
    bar->addActions({followLive, zoomIn, zoomOut, fitAll, showFlows});
    bar->addSeparator();
    bar->addActions({exportDialog, copyImage});
}

QString WindowActions::shortcutsHtml() const
{
    QString rows;
    auto add = [&rows](const QString& keys, const QString& what) {
        rows += QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    };
    for (QAction* a : all()) {
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        add(keys.join(QStringLiteral(", ")), a->statusTip());
    }
    add(tr("Ctrl+wheel"), tr("Timeline: zoom around the cursor"));
    add(tr("Wheel"), tr("Timeline: scroll the lanes"));
    add(tr("Drag"), tr("Timeline: pan; on the ruler, move the playhead over a run that is not running "
                       "(later time is dimmed, State at t lists every thread), or measure while it runs"));
    add(tr("Shift+drag"), tr("Timeline: on the ruler, measure a time range"));
    add(tr("W / S, + / -"), tr("Timeline: zoom in / out"));
    add(tr("A / D"), tr("Timeline: pan left / right"));
    add(tr("F, Ctrl+0"), tr("Timeline: fit the whole run"));
    add(tr("Z"), tr("Timeline: zoom to the selection"));
    add(tr("Esc"), tr("Timeline: clear the selection"));
    add(tr("Click"), tr("Timeline: select a band or a marker; its arrows are highlighted"));
    add(tr("Up / Down"), tr("Timeline: select the same moment on the lane above / below"));
    add(tr("Left / Right"), tr("Timeline: pan left / right while a run runs; over a finished or paused run, "
                               "the previous / next event (while paused, Right steps the run)"));
    add(tr("Ctrl+Shift+wheel"), tr("Timeline: taller or shorter lanes"));
    add(tr("Right click"), tr("Timeline: pin, hide or group a lane; show its events"));
    return QStringLiteral("<table>%1</table>").arg(rows);
}

} // namespace tl::ui
