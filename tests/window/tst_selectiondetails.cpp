#include "timeline/timelinedescribe.h"
#include "timeline/viewstate.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"
#include "window/selectiondetails.h"

#include <QAbstractTextDocumentLayout>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace tl;
using namespace tl::ui;

// What the Details panel and the timeline's tooltip say of a pick. A thread's run span is its whole life, with its
// waits drawn over it: clicking the green band between two sleeps said "running, 900 ms" of a thread that ran
// 300 ms then, 600 ms in all (Statistics' figure).
class TestSelectionDetails : public QObject {
    Q_OBJECT
private slots:
    void aRunSaysHowLongItWasRunning();
    void uncoveredTimeLeavesOutDirectChildrenOnly();
    void aNarrowPanelBreaksNoLabel();
    void anotherToolsSliceSaysItsNameAndCategory();
};

namespace {

Event ev(std::int64_t ts, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0)
{
    return Event{ts, 0, 0, kind, 0, 0, a, b, c};
}

constexpr std::int64_t kMs = 1'000'000;

// Runs 0-300 ms, sleeps 300-600 ms (with a nested span of its own inside, as a get inside a task), runs to 900 ms.
std::unique_ptr<TraceStore> busySleepBusy(const std::shared_ptr<StringTable>& strings)
{
    auto store = std::make_unique<TraceStore>(strings);
    store->append(std::vector<Event>{ev(0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
                                     ev(0, EventKind::RunBegin), ev(300 * kMs, EventKind::SleepBegin, 0, 0, 300'000),
                                     ev(600 * kMs, EventKind::SleepEnd), ev(900 * kMs, EventKind::RunEnd)});
    return store;
}

} // namespace

void TestSelectionDetails::aRunSaysHowLongItWasRunning()
{
    auto strings = std::make_shared<StringTable>();
    const auto store = busySleepBusy(strings);
    const LaneInfo& lane = store->lane(0);
    QCOMPARE(lane.spans.size(), std::size_t(2));
    const Selection run = Selection::ofSpan(0, lane.spans[0].opening);
    ViewState state;
    SelectionDetails details(&state);
    details.setStore(store.get());
    state.setSelection(run);
    const QString text = details.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("its run, from its start to its end")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Running")) && text.contains(QStringLiteral("600")), qPrintable(text));
    const SelectionDescription tip = describeSelection(*store, run);
    QCOMPARE(tip.what, QStringLiteral("its run"));
    QVERIFY2(tip.details.startsWith(QStringLiteral("running ") + formatDuration(600 * kMs)), qPrintable(tip.details));
    // The sleep is what it is.
    state.setSelection(Selection::ofSpan(0, lane.spans[1].opening));
    QVERIFY(!details.toPlainText().contains(QStringLiteral("its run")));
    QCOMPARE(describeSelection(*store, Selection::ofSpan(0, lane.spans[1].opening)).what,
             stateLabel(LaneState::Sleeping));
}

void TestSelectionDetails::uncoveredTimeLeavesOutDirectChildrenOnly()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId outer = strings->intern(QStringLiteral("outer")), inner = strings->intern(QStringLiteral("inner"));
    store.append(std::vector<Event>{ev(0, EventKind::RunBegin), ev(100, EventKind::SliceBegin, outer),
                                    ev(200, EventKind::SliceBegin, inner), ev(300, EventKind::SliceEnd, inner),
                                    ev(400, EventKind::SliceEnd, outer), ev(700, EventKind::SliceBegin, outer)});
    const LaneInfo& lane = store.lane(0);
    QCOMPARE(lane.spans.size(), std::size_t(4));
    // The run, still open, to 1000: less its two children (300 and, open, 300); not the grandchild again.
    QCOMPARE(uncoveredTime(lane, lane.spans[0], 1000), std::int64_t(1000 - 300 - 300));
    QCOMPARE(uncoveredTime(lane, lane.spans[1], 1000), std::int64_t(300 - 100));
    QCOMPARE(uncoveredTime(lane, lane.spans[2], 1000), std::int64_t(100));
}

// At a projector's 1024 x 700 the Details panel was narrow, and "Interpreter" read "Interprete" over "r".
void TestSelectionDetails::aNarrowPanelBreaksNoLabel()
{
    auto strings = std::make_shared<StringTable>();
    const auto store = busySleepBusy(strings);
    TraceMetadata meta;
    meta.source = QLatin1String(TraceMetadata::kPython);
    meta.script = QStringLiteral("/tmp/review-ui/a/rather/long/folder/forever.py");
    meta.interpreter = QStringLiteral("CPython 3.11.2");
    meta.executable = QStringLiteral("/usr/bin/python3");
    store->setMetadata(meta);
    ViewState state;
    SelectionDetails details(&state);
    details.setStore(store.get());
    details.document()->setTextWidth(120);
    bool found = false;
    for (QTextBlock block = details.document()->begin(); block.isValid(); block = block.next()) {
        if (block.text() != QStringLiteral("Interpreter"))
            continue;
        found = true;
        QCOMPARE(block.layout()->lineCount(), 1);
    }
    QVERIFY2(found, qPrintable(details.toPlainText()));
}

// An opened trace's slice said "Details: task_s" beside "State: in a slice of another tool", its name nowhere called
// one (a reviewer): it has a Name row, and a Category row when it has one.
void TestSelectionDetails::anotherToolsSliceSaysItsNameAndCategory()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId name = strings->intern(QStringLiteral("task_s"));
    const StringId category = strings->intern(QStringLiteral("scheduler"));
    store.append(
        std::vector<Event>{ev(0, EventKind::SliceBegin, name, category), ev(5 * kMs, EventKind::SliceEnd, name)});
    ViewState state;
    SelectionDetails details(&state);
    details.setStore(&store);
    state.setSelection(Selection::ofSpan(0, store.lane(0).spans[0].opening));
    const QString text = details.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Name\ntask_s\n")), qPrintable(text)); // a row per line, label then value
    QVERIFY2(text.contains(QStringLiteral("Category\nscheduler")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Details")), qPrintable(text));
}

QTEST_MAIN(TestSelectionDetails)
#include "tst_selectiondetails.moc"
