#include "stats/statetimescsv.h"
#include "support/testevent.h"
#include "timeline/viewstate.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"
#include "window/statisticsmodel.h"
#include "window/statisticspanel.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace tl;
using namespace tl::ui;
using tl::test::ev;

namespace {

constexpr std::int64_t kS = 1'000'000'000;

// MainThread runs 0-10 s and joins the worker 2-8 s; the worker runs 1-9 s and sleeps 3-5 s.
std::unique_ptr<TraceStore> joinAndSleep()
{
    auto strings = std::make_shared<StringTable>();
    auto store = std::make_unique<TraceStore>(strings);
    store->append(std::vector<Event>{
        ev(0, 0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
        ev(0, 0, EventKind::RunBegin),
        ev(1 * kS, 1, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("worker"))),
        ev(1 * kS, 1, EventKind::RunBegin),
        ev(2 * kS, 0, EventKind::JoinBegin, 1),
        ev(3 * kS, 1, EventKind::SleepBegin),
        ev(5 * kS, 1, EventKind::SleepEnd),
        ev(8 * kS, 0, EventKind::JoinEnd, 1),
        ev(9 * kS, 1, EventKind::RunEnd),
        ev(10 * kS, 0, EventKind::RunEnd),
    });
    return store;
}

// The proxy's cell at (row, header text), as shown.
QString cell(const QTableView* table, int row, const QString& header)
{
    const QAbstractItemModel* m = table->model();
    for (int c = 0; c < m->columnCount(); ++c) {
        if (m->headerData(c, Qt::Horizontal).toString() == header)
            return m->index(row, c).data().toString();
    }
    return QStringLiteral("no column %1").arg(header);
}

QStringList headersOf(const QAbstractItemModel* m)
{
    QStringList headers;
    for (int c = 0; c < m->columnCount(); ++c)
        headers << m->headerData(c, Qt::Horizontal).toString();
    return headers;
}

// An empty store read from another tool's file (TraceMetadata::isAnotherToolsTrace).
std::unique_ptr<TraceStore> anotherToolsStore(std::shared_ptr<StringTable> strings)
{
    auto store = std::make_unique<TraceStore>(std::move(strings));
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/profile.json");
    store->setMetadata(meta);
    return store;
}

int columnOf(const QAbstractItemModel* m, const QString& header)
{
    for (int c = 0; c < m->columnCount(); ++c) {
        if (m->headerData(c, Qt::Horizontal).toString() == header)
            return c;
    }
    return -1;
}

// Another tool's trace: "render" 0-10 s holds "layout" 2-5 s, which holds "paint" 3-4 s; a second lane has ten
// short slices of names of their own, step 0 (10 ns) to step 9 (19 ns).
std::unique_ptr<TraceStore> anotherToolsSlices()
{
    auto strings = std::make_shared<StringTable>();
    auto store = anotherToolsStore(strings);
    std::vector<Event> events;
    const auto slice = [&](LaneId lane, std::int64_t from, std::int64_t to, const QString& name) {
        const StringId id = strings->intern(name);
        events.push_back(Event{from, lane, 0, EventKind::SliceBegin, 0, 0, id, 0, 0});
        events.push_back(Event{to, lane, 0, EventKind::SliceEnd, 0, 0, id, 0, 0});
    };
    slice(0, 0, 10 * kS, QStringLiteral("render"));
    events.pop_back(); // "render" ends last, after what it holds
    slice(0, 2 * kS, 5 * kS, QStringLiteral("layout"));
    events.pop_back();
    slice(0, 3 * kS, 4 * kS, QStringLiteral("paint"));
    events.push_back(Event{5 * kS, 0, 0, EventKind::SliceEnd, 0, 0, strings->intern(QStringLiteral("layout")), 0, 0});
    events.push_back(Event{10 * kS, 0, 0, EventKind::SliceEnd, 0, 0, strings->intern(QStringLiteral("render")), 0, 0});
    for (int i = 0; i < 10; ++i)
        slice(1, 100 * i, 100 * i + 10 + i, QStringLiteral("step %1").arg(i));
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.ts < b.ts; });
    store->append(events);
    return store;
}

} // namespace

// The Statistics panel: thread x state seconds with totals last, sortable, following the ruler
// measurement, copied as the same CSV as `threadline --stats`.
class tst_StatisticsPanel : public QObject {
    Q_OBJECT
private slots:
    void showsEachThreadsStatesAndTotals();
    void sortingKeepsTotalsLast();
    void followsTheMeasurement();
    void copiesTheCsv();
    void grownStoreRefreshesOnceAfterTheDelay();
    void noStoreIsEmpty();
    void liveClockExtendsOpenSpans();
    void anotherToolsSlicesAreToldByName();
    void anotherToolsColumnsAreItsLegendsNames();
    void anotherToolsTraceWithoutSlicesSaysInSlices();
};

// Another tool's trace is told by its slices' names: a column per name its legend lists, the others' time together,
// "In slices" for the time they cover (it had one "slice" column and a one-colour bar, where its timeline colours
// each name).
void tst_StatisticsPanel::anotherToolsSlicesAreToldByName()
{
    const auto store = anotherToolsSlices();
    ViewState state;
    StatisticsPanel panel(&state);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setStore(store.get());
    QTableView* table = panel.table();
    const QAbstractItemModel* m = table->model();
    QCOMPARE(headersOf(m), (QStringList{"Thread", "In slices", "Share", "render", "layout", "paint", "step 9", "step 8",
                                        "step 7", "step 6", "step 5", "5 other names"}));
    // Exclusive time: render 10 s less layout's 3 s; layout 3 s less paint's 1 s.
    QCOMPARE(cell(table, 0, "In slices"), QStringLiteral("10.000 s"));
    QCOMPARE(cell(table, 0, "render"), QStringLiteral("7.000 s"));
    QCOMPARE(cell(table, 0, "layout"), QStringLiteral("2.000 s"));
    QCOMPARE(cell(table, 0, "paint"), QStringLiteral("1.000 s"));
    QCOMPARE(cell(table, 0, "5 other names"), QStringLiteral("0 s"));
    QCOMPARE(cell(table, 1, "step 9"), QStringLiteral("19 ns"));
    QCOMPARE(cell(table, 1, "5 other names"), QStringLiteral("60 ns")); // steps 0-4: 10+11+12+13+14
    QCOMPARE(table->model()->index(0, 2).data(Qt::ToolTipRole).toString().left(30),
             QStringLiteral("render 70.0%, layout 20.0%, pa"));
    // The bar's parts are the columns', each named slice by its name, for its legend colour.
    const StatisticsModel::RowShares main = panel.model()->rowShares(0);
    QCOMPARE(main.parts.size(), std::size_t(9));
    QCOMPARE(main.parts[1].slice, std::optional<QString>(QStringLiteral("layout")));
    QCOMPARE(main.parts[8].slice, std::nullopt);
    QCOMPARE(table->model()->index(0, columnOf(m, QStringLiteral("render"))).data(Qt::ToolTipRole).toString(),
             QStringLiteral("7.000000 s, 70.0% of the time in slices"));

    // Sorted by a name, then measured 3-4 s, where only "paint" has time: the columns are the listed names that have
    // time there, and the sort stays on "paint" (not on the column that had its number).
    table->sortByColumn(columnOf(m, QStringLiteral("paint")), Qt::DescendingOrder);
    state.setMeasurement(TimeRange{3 * kS, 4 * kS});
    QCOMPARE(headersOf(m), (QStringList{"Thread", "In slices", "Share", "paint"}));
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), 3);
    QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);

    // Sorted by the other names' column, whose header changes with their count: the sort stays on it.
    state.setMeasurement(std::nullopt);
    table->sortByColumn(columnOf(m, QStringLiteral("5 other names")), Qt::AscendingOrder);
    state.setMeasurement(TimeRange{0, 250}); // steps 0-2 of the others, none of the listed steps
    QCOMPARE(headersOf(m), (QStringList{"Thread", "In slices", "Share", "render", "3 other names"}));
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), 4);
}

// The names another tool's legend lists are the columns, in its order (by the time a slice covers, its nested slices'
// too), though a name's own time may rank it otherwise: the bar's colours are then the legend's, name for name.
void tst_StatisticsPanel::anotherToolsColumnsAreItsLegendsNames()
{
    auto strings = std::make_shared<StringTable>();
    const auto store = anotherToolsStore(strings);
    std::vector<Event> events;
    const auto name = [&](int i) { return strings->intern(QStringLiteral("n%1").arg(i)); };
    // n0 covers 0-100 us and holds n1..n9 back to back, 10 us each less 1 us: n0's own time is 9 us, the least.
    events.push_back(Event{0, 0, 0, EventKind::SliceBegin, 0, 0, name(0), 0, 0});
    for (int i = 1; i <= 9; ++i) {
        events.push_back(Event{(i - 1) * 10'000 + 1'000, 0, 0, EventKind::SliceBegin, 0, 0, name(i), 0, 0});
        events.push_back(Event{i * 10'000, 0, 0, EventKind::SliceEnd, 0, 0, name(i), 0, 0});
    }
    events.push_back(Event{100'000, 0, 0, EventKind::SliceEnd, 0, 0, name(0), 0, 0});
    store->append(events);
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(store.get());
    const QAbstractItemModel* m = panel.table()->model();
    QCOMPARE(m->headerData(3, Qt::Horizontal).toString(), QStringLiteral("n0")); // the legend's first
    QCOMPARE(m->headerData(m->columnCount() - 1, Qt::Horizontal).toString(), QStringLiteral("2 other names"));
    QCOMPARE(cell(panel.table(), 0, "n0"), QStringLiteral("19.0 µs")); // 10 us at its end, 1 us before each child
}

// Another tool's trace with no slices (counters, marks): its time is its slices', of which there is none.
void tst_StatisticsPanel::anotherToolsTraceWithoutSlicesSaysInSlices()
{
    const auto store = anotherToolsStore(std::make_shared<StringTable>());
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(store.get());
    QCOMPARE(panel.table()->model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("In slices"));
    QCOMPARE(panel.csv(), QStringLiteral("thread,slice,seconds,share\n"));
}

void tst_StatisticsPanel::showsEachThreadsStatesAndTotals()
{
    const auto store = joinAndSleep();
    ViewState state;
    StatisticsPanel panel(&state);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setStore(store.get());
    const QTableView* table = panel.table();
    QCOMPARE(table->model()->rowCount(), 3);
    // Columns: thread, lifetime, the share bar, the states spent (running, sleeping, waiting in join).
    QCOMPARE(table->model()->columnCount(), 6);
    QCOMPARE(table->model()->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Share"));
    QCOMPARE(table->model()->index(0, 2).data(Qt::ToolTipRole).toString(),
             QStringLiteral("running 40.0%, sleeping 0.0%, waiting in join 60.0%"));
    const StatisticsModel::RowShares worker = panel.model()->rowShares(1);
    QCOMPARE(worker.lifetime, 8 * kS);
    QCOMPARE(worker.parts.size(), std::size_t(3));
    QCOMPARE(worker.parts[1].ns, 2 * kS); // sleeping
    QCOMPARE(cell(table, 0, "Thread"), QStringLiteral("MainThread"));
    QCOMPARE(cell(table, 0, "Lifetime"), QStringLiteral("10.000 s"));
    QCOMPARE(cell(table, 0, "running"), QStringLiteral("4.000 s"));
    QCOMPARE(cell(table, 0, "waiting in join"), QStringLiteral("6.000 s"));
    QCOMPARE(cell(table, 1, "Thread"), QStringLiteral("worker"));
    QCOMPARE(cell(table, 1, "running"), QStringLiteral("6.000 s"));
    QCOMPARE(cell(table, 1, "sleeping"), QStringLiteral("2.000 s"));
    QCOMPARE(cell(table, 2, "Thread"), QStringLiteral("All threads"));
    QCOMPARE(cell(table, 2, "Lifetime"), QStringLiteral("18.000 s"));
    QCOMPARE(cell(table, 2, "running"), QStringLiteral("10.000 s"));
    QCOMPARE(panel.rangeLabel()->text(), QStringLiteral("Whole run, 0 s – 10.000 s"));
    // A run shorter than a millisecond reads in µs, not as zeros (it read "0.000 s" everywhere).
    QCOMPARE(StatisticsModel::durationText(74'412), QStringLiteral("74.4 µs"));
    QCOMPARE(StatisticsModel::durationText(2'500'000), QStringLiteral("2.50 ms"));
    QCOMPARE(StatisticsModel::durationText(0), QStringLiteral("0 s"));
}

void tst_StatisticsPanel::sortingKeepsTotalsLast()
{
    const auto store = joinAndSleep();
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(store.get());
    QTableView* table = panel.table();
    const int running = columnOf(table->model(), QStringLiteral("running"));
    QVERIFY(running > 0);
    table->sortByColumn(running, Qt::DescendingOrder);
    QCOMPARE(cell(table, 0, "Thread"), QStringLiteral("worker")); // 6 s before 4 s
    QCOMPARE(cell(table, 2, "Thread"), QStringLiteral("All threads"));
    table->sortByColumn(running, Qt::AscendingOrder);
    QCOMPARE(cell(table, 0, "Thread"), QStringLiteral("MainThread"));
    QCOMPARE(cell(table, 2, "Thread"), QStringLiteral("All threads"));
    // By the numbers, not the text: "10.000 s" would sort before "4.000 s" as text.
    const int lifetime = columnOf(table->model(), QStringLiteral("Lifetime"));
    table->sortByColumn(lifetime, Qt::DescendingOrder);
    QCOMPARE(cell(table, 0, "Thread"), QStringLiteral("MainThread"));
}

void tst_StatisticsPanel::followsTheMeasurement()
{
    const auto store = joinAndSleep();
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(store.get());
    state.setMeasurement(TimeRange{4 * kS, 7 * kS});
    const QTableView* table = panel.table();
    QCOMPARE(cell(table, 0, "Lifetime"), QStringLiteral("3.000 s"));
    QCOMPARE(cell(table, 0, "waiting in join"), QStringLiteral("3.000 s"));
    QCOMPARE(cell(table, 1, "sleeping"), QStringLiteral("1.000 s"));
    QCOMPARE(cell(table, 1, "running"), QStringLiteral("2.000 s"));
    QCOMPARE(panel.rangeLabel()->text(), QStringLiteral("Measured range 4.000 s – 7.000 s (3.000 s)"));
    // 50 µs measured reads as that, not as "0.000 s" in every cell.
    state.setMeasurement(TimeRange{4 * kS, 4 * kS + 50'000});
    QCOMPARE(cell(table, 0, "Lifetime"), QStringLiteral("50.0 µs"));
    QCOMPARE(cell(table, 0, "waiting in join"), QStringLiteral("50.0 µs"));
    state.setMeasurement(std::nullopt);
    QCOMPARE(cell(table, 0, "Lifetime"), QStringLiteral("10.000 s"));
}

void tst_StatisticsPanel::copiesTheCsv()
{
    const auto store = joinAndSleep();
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(store.get());
    QCOMPARE(panel.csv(), stats::stateTimesCsv(stats::computeStateTimes(*store)));
    QVERIFY(panel.csv().startsWith(QStringLiteral("thread,state,seconds,share\nMainThread,run,4.000000000,0.4000\n")));
    panel.copyCsv();
    QCOMPARE(QGuiApplication::clipboard()->text(), panel.csv());
}

void tst_StatisticsPanel::grownStoreRefreshesOnceAfterTheDelay()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(0, 0, EventKind::RunBegin), ev(1 * kS, 0, EventKind::SleepBegin)});
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(&store);
    QCOMPARE(cell(panel.table(), 0, "Lifetime"), QStringLiteral("1.000 s"));
    QSignalSpy resets(panel.model(), &QAbstractItemModel::modelReset);
    store.append(std::vector<Event>{ev(3 * kS, 0, EventKind::SleepEnd)});
    panel.storeChanged();
    panel.storeChanged(); // coalesced with the first
    QCOMPARE(resets.count(), 0);
    QTRY_COMPARE(resets.count(), 1);
    QCOMPARE(cell(panel.table(), 0, "sleeping"), QStringLiteral("2.000 s"));
    QTest::qWait(2 * StatisticsPanel::kRefreshMs);
    QCOMPARE(resets.count(), 1);
}

void tst_StatisticsPanel::noStoreIsEmpty()
{
    ViewState state;
    StatisticsPanel panel(&state);
    QCOMPARE(panel.table()->model()->rowCount(), 0);
    QCOMPARE(panel.csv(), QStringLiteral("thread,state,seconds,share\n"));
    QCOMPARE(panel.rangeLabel()->text(), QStringLiteral("No run"));
}

// While a run is live and every thread waits, no event comes but time goes on: the table follows the live
// clock, not the latest event; once the run is over (-1), the latest event bounds it again.
void tst_StatisticsPanel::liveClockExtendsOpenSpans()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(0, 0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
                                    ev(0, 0, EventKind::RunBegin), ev(1 * kS, 0, EventKind::SleepBegin)});
    ViewState state;
    StatisticsPanel panel(&state);
    panel.setStore(&store);
    QCOMPARE(cell(panel.table(), 0, "Lifetime"), QStringLiteral("1.000 s"));
    panel.setNowTs(7 * kS);
    panel.refresh();
    QCOMPARE(cell(panel.table(), 0, "Lifetime"), QStringLiteral("7.000 s"));
    QCOMPARE(cell(panel.table(), 0, "sleeping"), QStringLiteral("6.000 s"));
    QVERIFY2(panel.rangeLabel()->text().contains(QStringLiteral("7.000 s")), qPrintable(panel.rangeLabel()->text()));
    panel.setNowTs(-1);
    panel.refresh();
    QCOMPARE(cell(panel.table(), 0, "Lifetime"), QStringLiteral("1.000 s"));
}

QTEST_MAIN(tst_StatisticsPanel)
#include "tst_statisticspanel.moc"
