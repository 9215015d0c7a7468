#include "window/comparisonview.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/runcontroller.h"
#include "window/traceopener.h"
#include "window/viewlink.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace tl::ui {

ComparisonView::ComparisonView(ViewState* stateA, const RunController* runsA, const LaneArrangement* lanesA,
                               QWidget* parent)
    : QWidget(parent)
    , m_state(new ViewState(this))
    , m_lanes(new LaneArrangement(this))
    , m_runs(new RunController(this))
    , m_opener(new TraceOpener(m_runs, this))
    , m_link(new ViewLink(stateA, runsA, m_state, m_runs, this))
    , m_title(new QLabel(this))
    , m_close(new QToolButton(this))
    , m_timeline(new TimelineWidget(m_state, m_lanes, this))
{
    setObjectName(QStringLiteral("comparison"));
    m_title->setObjectName(QStringLiteral("comparisonTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(tr("Close Comparison"));
    m_close->setAccessibleName(tr("Close the comparison"));
    m_timeline->setAccessibleName(tr("Timeline of run B"));
    // B has a legend of its own, of what B shows: A's, above, lists only what A shows (a lock lesson's B, a queue
    // lesson, had its blocked put in no legend, a user-tester), and another tool's B names its own slices.
    m_timeline->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn); // as A's while comparing: one plot width

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 2, 6, 2);
    bar->addWidget(m_title, 1);
    bar->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_timeline, 1);

    connect(m_close, &QToolButton::clicked, this, &ComparisonView::endComparison);
    // The same row height as A once the user picks one, so one thread is as tall in both runs.
    connect(lanesA, &LaneArrangement::changed, m_lanes, [this, lanesA] {
        if (lanesA->fitsToHeight())
            m_lanes->setFitsToHeight(true);
        else
            m_lanes->setLaneHeight(lanesA->laneHeight());
    });
    connect(m_runs, &RunController::storeReplaced, this, [this](const TraceStore* store) {
        m_lanes->reset(); // pins, groups and hidden lanes were the old run's lane ids
        m_timeline->setStore(store);
        m_link->mirrorAtoB(); // the old B's selection named its lanes; A's, mirrored, names the new one's
        m_timeline->setNowTs(0);
        refreshTitle();
    });
    connect(m_runs, &RunController::batchAppended, m_timeline, &TimelineWidget::notifyStoreChanged);
    connect(m_runs, &RunController::ticked, this,
            [this](std::int64_t now) { m_timeline->setNowTs(m_runs->isRunning() ? now : -1); });
    connect(m_runs, &RunController::metadataChanged, this, &ComparisonView::refreshTitle);
    connect(m_runs, &RunController::finished, this, [this] {
        m_timeline->setNowTs(-1);
        refreshTitle();
        if (m_state->selection().isNone())
            m_link->mirrorAtoB(); // A's pick, now that B's lanes are all there
        emit runFinished();
    });
    connect(m_opener, &TraceOpener::opened, this, [this] { m_closeIfUnread = false; });
    connect(m_opener, &TraceOpener::failed, this, [this](const QString& path, const QString& error) {
        // A comparison this file began ends (it showed the B of a comparison closed before); otherwise the title
        // says the B still shown, or that there is none.
        if (std::exchange(m_closeIfUnread, false))
            endComparison();
        else if (m_runs->store())
            refreshTitle();
        else
            m_title->setText(tr("B: %1 could not be read").arg(QFileInfo(path).fileName()));
        emit failed(error); // which names the file: "cannot read 'b.json': ..."
    });
    hide();
}

ComparisonView::~ComparisonView()
{
    // The timeline points into the store B's controller owns: detach it first, silently, since the window
    // that listens to it may be half destroyed by now (its children go after its own destructor).
    const QSignalBlocker quiet(m_timeline);
    m_timeline->setStore(nullptr);
}

void ComparisonView::compareWithTrace(const QString& path)
{
    m_closeIfUnread = !m_comparing;
    begin();
    m_title->setText(tr("B: reading %1…").arg(QFileInfo(path).fileName()));
    m_opener->open(path);
}

void ComparisonView::compareWithRun(const Scenario& scenario, const ParameterValues& values, double speed)
{
    m_closeIfUnread = false;
    begin();
    m_opener->cancel(); // a file still being read must not replace this run when it is done
    m_runs->start(scenario, values, speed);
}

Status ComparisonView::compareWithPython(const PythonRunOptions& options)
{
    const Status started = m_runs->startPython(options);
    if (started) {
        begin();
        m_opener->cancel();
    }
    return started;
}

void ComparisonView::begin()
{
    m_comparing = true;
    show();
}

void ComparisonView::endComparison()
{
    if (!m_comparing)
        return;
    m_comparing = false;
    m_opener->cancel();
    m_runs->stop();
    hide();
    emit closed();
}

void ComparisonView::setLaneFilter(const QString& filter)
{
    m_lanes->setFilter(filter);
}

QString ComparisonView::titleText() const
{
    return m_title->text();
}

void ComparisonView::refreshTitle()
{
    const TraceStore* store = m_runs->store();
    if (!store)
        return;
    const TraceMetadata& meta = store->metadata();
    QString what = meta.scenarioTitle.isEmpty() ? meta.scenarioId : meta.scenarioTitle;
    QStringList params;
    for (const auto& [key, value] : meta.parameters)
        params << QStringLiteral("%1=%2").arg(key, value.toString());
    if (!params.isEmpty())
        what += QStringLiteral("  (%1)").arg(params.join(QStringLiteral(", ")));
    QString source;
    if (!meta.file.isEmpty())
        source = QFileInfo(meta.file).fileName();
    else if (meta.isPython())
        source = meta.interpreter.isEmpty() ? tr("CPython") : meta.interpreter;
    else
        source = tr("C++ engine"); // as the status bar says it
    const QString state = m_runs->isRunning() ? tr(", live") : QString();
    m_title->setText(tr("<b>B</b>: %1 — %2%3").arg(what.toHtmlEscaped(), source.toHtmlEscaped(), state));
}

} // namespace tl::ui
