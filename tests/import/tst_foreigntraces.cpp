#include "export/chrometraceexporter.h"
#include "importtestutil.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tl;
using namespace tl::test;

// Chrome traces written by other tools, one test per event form: metadata, X, nested B/E, i/I, C, s/t/f
// and v2 flows, fractional microseconds, several processes, complete events listed as they ended.
class TestForeignTraces : public QObject {
    Q_OBJECT

private slots:
    void namesGroupsAndSortOrder();
    void completeEventsNestAndKeepTheirNames();
    void completeEventsListedAsTheyEnded();
    void nestedBeginEnd();
    void instantsBecomeMarks();
    void markScopesAreKeptAndWritten();
    void countersKeepTheirValues();
    void v1FlowsWithSteps();
    void v1FlowEndWithoutEnclosingBindsTheNextSlice();
    void v2FlowsBindSlices();
    void fractionalMicrosecondsAreExactNanoseconds();
    void unreadEventsAreCountedWithTheirPlace();
    void reexportKeepsForeignNames();
    void epochMicrosecondsAreRead();
    void slicesNamedLikeThreadlinesStayTheirOwn();
    void pidsThatAreNoIdKeepTheirText();
    void aNamedIdleThreadKeepsTheOrigin();
    void aDurInAStringIsReadAsTsIs();
    void countersAreEachProcesssOwn();
    void whatWrapsTheTextIsNoPartOfIt_data();
    void whatWrapsTheTextIsNoPartOfIt();
    void aTraceWithNothingToDrawSaysSo();
};

namespace {

TraceStore& storeOf(Result<import::LoadedTrace>& loaded)
{
    return *loaded.value().store;
}

std::optional<LaneId> laneNamed(const TraceStore& store, const QString& name)
{
    for (LaneId l = 0; l < store.laneCount(); ++l) {
        if (store.laneName(l) == name)
            return l;
    }
    return std::nullopt;
}

// "name@begin-end/depth" for each span of the lane, in the store's order.
QStringList spansOf(const TraceStore& store, LaneId lane)
{
    QStringList out;
    for (const Span& s : store.lane(lane).spans)
        out << QStringLiteral("%1@%2-%3/%4")
                   .arg(s.state == LaneState::Slice ? store.text(s.detail) : laneStateName(s.state))
                   .arg(s.begin)
                   .arg(s.isOpen() ? QStringLiteral("open") : QString::number(s.end))
                   .arg(s.depth);
    return out;
}

#define LOAD(var, json)                                                                                                \
    auto var = loadBytes(QByteArrayLiteral(json));                                                                     \
    QVERIFY2(var.ok(), qPrintable(var.ok() ? QString() : var.error()))

} // namespace

void TestForeignTraces::namesGroupsAndSortOrder()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "M", "name": "process_name", "pid": 7, "tid": 0, "args": {"name": "renderer"}},
        {"ph": "M", "name": "process_name", "pid": 3, "tid": 0, "args": {"name": "browser"}},
        {"ph": "M", "name": "process_sort_index", "pid": 7, "args": {"sort_index": 1}},
        {"ph": "M", "name": "process_sort_index", "pid": 3, "args": {"sort_index": 2}},
        {"ph": "M", "name": "thread_name", "pid": 7, "tid": 70, "args": {"name": "main"}},
        {"ph": "M", "name": "thread_name", "pid": 7, "tid": 71, "args": {"name": "compositor"}},
        {"ph": "M", "name": "thread_sort_index", "pid": 7, "tid": 71, "args": {"sort_index": -1}},
        {"ph": "M", "name": "thread_sort_index", "pid": 7, "tid": 70, "args": {"sort_index": 5}},
        {"ph": "M", "name": "thread_name", "pid": 3, "tid": 30, "args": {"name": "io"}},
        {"ph": "X", "name": "a", "pid": 3, "tid": 30, "ts": 100, "dur": 5},
        {"ph": "X", "name": "b", "pid": 7, "tid": 70, "ts": 101, "dur": 5},
        {"ph": "X", "name": "c", "pid": 7, "tid": 71, "ts": 102, "dur": 5},
        {"ph": "X", "name": "d", "pid": 7, "tid": 72, "ts": 103, "dur": 5}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QCOMPARE(store.laneCount(), std::size_t{4});
    QCOMPARE(store.groups().size(), std::size_t{2});
    QCOMPARE(store.group(7)->name, QStringLiteral("renderer"));
    QCOMPARE(store.group(3)->name, QStringLiteral("browser"));
    // Renderer first (process sort index 1), then browser; in the renderer, "main" (sort index 5) before the
    // unnamed thread with no index; a sort index of -1 is no index (not a whole number >= 0), so
    // "compositor" sorts by its first event after "main".
    QStringList order;
    for (LaneId l : store.laneOrder())
        order << store.laneName(l);
    QCOMPARE(order, (QStringList{"main", "compositor", "thread 72", "io"}));
    QCOMPARE(store.lane(*laneNamed(store, "io")).group, 3u);
    QVERIFY(loaded->warnings.isEmpty());
}

void TestForeignTraces::completeEventsNestAndKeepTheirNames()
{
    LOAD(loaded, R"([
        {"ph": "X", "name": "outer", "cat": "py", "pid": 1, "tid": 1, "ts": 10, "dur": 100},
        {"ph": "X", "name": "inner", "cat": "py", "pid": 1, "tid": 1, "ts": 10, "dur": 40},
        {"ph": "X", "name": "leaf", "cat": "py", "pid": 1, "tid": 1, "ts": 20, "dur": 0},
        {"ph": "X", "name": "second", "cat": "py", "pid": 1, "tid": 1, "ts": 50, "dur": 60},
        {"ph": "X", "name": "after", "cat": "py", "pid": 1, "tid": 1, "ts": 110, "dur": 1}
    ])");
    const TraceStore& store = storeOf(loaded);
    // Times move so that the first event is at 0: ts 10 us is 0 ns.
    QCOMPARE(spansOf(store, 0), (QStringList{"outer@0-100000/0", "inner@0-40000/1", "leaf@10000-10000/2",
                                             "second@40000-100000/1", "after@100000-101000/0"}));
    QCOMPARE(loaded->warnings, QStringList());
}

// VizTracer and other writers of complete events emit each when its function returns: children before
// their parent, and a parent at the same ts as its first child.
void TestForeignTraces::completeEventsListedAsTheyEnded()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "X", "name": "child1", "pid": 5, "tid": 9, "ts": 1000.5, "dur": 2},
        {"ph": "X", "name": "child2", "pid": 5, "tid": 9, "ts": 1003, "dur": 1.25},
        {"ph": "X", "name": "parent", "pid": 5, "tid": 9, "ts": 1000.5, "dur": 10},
        {"ph": "X", "name": "top", "pid": 5, "tid": 9, "ts": 1000, "dur": 20}
    ], "displayTimeUnit": "ns", "viztracer_metadata": {"version": "0.16"}})");
    QCOMPARE(spansOf(storeOf(loaded), 0),
             (QStringList{"top@0-20000/0", "parent@500-10500/1", "child1@500-2500/2", "child2@3000-4250/2"}));
}

void TestForeignTraces::nestedBeginEnd()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "B", "name": "a", "pid": 1, "tid": 2, "ts": 0},
        {"ph": "B", "name": "b", "pid": 1, "tid": 2, "ts": 1},
        {"ph": "E", "pid": 1, "tid": 2, "ts": 3},
        {"ph": "B", "name": "c", "pid": 1, "tid": 2, "ts": 4},
        {"ph": "E", "pid": 1, "tid": 2, "ts": 4},
        {"ph": "E", "pid": 1, "tid": 2, "ts": 9},
        {"ph": "E", "pid": 1, "tid": 2, "ts": 10},
        {"ph": "B", "name": "never-ends", "pid": 1, "tid": 2, "ts": 11}
    ]})");
    QCOMPARE(spansOf(storeOf(loaded), 0),
             (QStringList{"a@0-9000/0", "b@1000-3000/1", "c@4000-4000/1", "never-ends@11000-open/0"}));
    QCOMPARE(loaded->warnings.size(), 2);
    QVERIFY2(loaded->warnings.contains("event 7 (byte 364): an E with no B open on its thread; skipped"),
             qPrintable(loaded->warnings.join('\n')));
    QVERIFY(loaded->warnings.contains("1 B events have no E; their slices stay open"));
}

void TestForeignTraces::instantsBecomeMarks()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "i", "name": "click", "cat": "input", "s": "t", "pid": 1, "tid": 1, "ts": 5},
        {"ph": "I", "name": "vsync", "pid": 1, "tid": 1, "ts": 6.5},
        {"ph": "i", "name": "global", "s": "g", "pid": 1, "tid": 1, "ts": 7}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QStringList marks;
    for (const Event& e : store.laneEvents(0)) {
        if (e.kind == EventKind::Mark)
            marks << QStringLiteral("%1/%2@%3").arg(store.text(e.a), store.text(e.b)).arg(e.ts);
    }
    QCOMPARE(marks, (QStringList{"click/input@0", "vsync/@1500", "global/@2000"}));
}

// Chrome's instant scope: a global mark ("s": "g") and a process's ("p") reach past their thread, and the timeline
// draws them across the lanes they reach (TraceStore::wideMarks()); "t", none or another letter is the thread's. The
// scope survives an export and a read back.
void TestForeignTraces::markScopesAreKeptAndWritten()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "web"}},
        {"ph": "M", "name": "process_name", "pid": 2, "args": {"name": "db"}},
        {"ph": "i", "name": "frame", "s": "g", "pid": 1, "tid": 1, "ts": 1},
        {"ph": "i", "name": "gc", "s": "p", "pid": 2, "tid": 1, "ts": 2},
        {"ph": "i", "name": "click", "s": "t", "pid": 1, "tid": 1, "ts": 3},
        {"ph": "i", "name": "plain", "pid": 2, "tid": 1, "ts": 4},
        {"ph": "i", "name": "odd", "s": "x", "pid": 2, "tid": 1, "ts": 5}
    ]})");
    // Each mark: its name, scope, and the thread it is on, as told apart by process.
    const auto marks = [](const TraceStore& store) {
        QStringList out;
        for (const Event& e : store.eventsByTime()) {
            if (e.kind == EventKind::Mark)
                out << QStringLiteral("%1 %2 %3")
                           .arg(store.text(e.a))
                           .arg(int(markScope(e)))
                           .arg(laneLabel(store, e.lane));
        }
        return out;
    };
    const TraceStore& store = storeOf(loaded);
    const QStringList expected{"frame 2 web / thread 1", "gc 1 db / thread 1", "click 0 web / thread 1",
                               "plain 0 db / thread 1", "odd 0 db / thread 1"};
    QCOMPARE(marks(store), expected);
    QCOMPARE(store.wideMarks().size(), std::size_t(2));
    QCOMPARE(store.text(store.event(store.wideMarks()[0]).a), QStringLiteral("frame"));
    QCOMPARE(store.text(store.event(store.wideMarks()[1]).a), QStringLiteral("gc"));

    const QByteArray json = ChromeTraceExporter(store).toJson();
    QStringList written;
    for (const QJsonValue& v : QJsonDocument::fromJson(json).object().value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("ph") == "i")
            written << e.value("name").toString() + " " + e.value("s").toString();
    }
    QCOMPARE(written, (QStringList{"frame g", "gc p", "click t", "plain t", "odd t"}));
    // Read back, the processes are there still: the process's mark reaches db's thread, not web's (an export wrote
    // every thread into one process, and read back the mark reached them all).
    auto again = loadBytes(json);
    QVERIFY(again.ok());
    QCOMPARE(marks(storeOf(again)), expected);
    QCOMPARE(ChromeTraceExporter(storeOf(again)).toJson(), json);

    // A global mark that names no pid nor tid, as Chrome reads none for it, makes no thread (nor process) of its own.
    LOAD(bare, R"({"traceEvents": [
        {"ph": "X", "name": "work", "pid": 7, "tid": 1, "ts": 0, "dur": 10},
        {"ph": "i", "name": "frame", "s": "g", "ts": 5}
    ]})");
    QCOMPARE(storeOf(bare).laneCount(), std::size_t(1));
    QCOMPARE(marks(storeOf(bare)), QStringList{"frame 2 thread 1"});
}

void TestForeignTraces::countersKeepTheirValues()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "C", "name": "heap", "pid": 1, "tid": 1, "ts": 0, "args": {"used": 10, "free": -2.5}},
        {"ph": "C", "name": "heap", "pid": 1, "tid": 1, "ts": 2, "args": {"used": "12.75", "free": 1e10}},
        {"ph": "C", "name": "ctr", "id": 3, "pid": 1, "tid": 1, "ts": 1, "args": {"value": 4}}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QMap<QString, QList<QPair<qint64, double>>> series;
    for (const CounterSeries& c : store.counters()) {
        for (const auto& [ts, v] : c.points)
            series[store.text(c.name)].append({ts, v});
    }
    using Points = QList<QPair<qint64, double>>;
    QCOMPARE(series.value("heap used"), (Points{{0, 10.0}, {2000, 12.75}}));
    QCOMPARE(series.value("heap free"), (Points{{0, -2.5}, {2000, 1e10}}));
    QCOMPARE(series.value("ctr id: 3 value"), (Points{{1000, 4.0}}));
    QCOMPARE(store.counters().size(), std::size_t{3});
}

void TestForeignTraces::v1FlowsWithSteps()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "X", "name": "send", "cat": "ipc", "pid": 1, "tid": 1, "ts": 0, "dur": 10},
        {"ph": "s", "name": "msg", "cat": "ipc", "id": "0x2a", "pid": 1, "tid": 1, "ts": 1},
        {"ph": "X", "name": "route", "cat": "ipc", "pid": 1, "tid": 2, "ts": 20, "dur": 10},
        {"ph": "t", "name": "msg", "cat": "ipc", "id": 42, "pid": 1, "tid": 2, "ts": 21},
        {"ph": "X", "name": "recv", "cat": "ipc", "pid": 1, "tid": 3, "ts": 40, "dur": 10},
        {"ph": "f", "bp": "e", "name": "msg", "cat": "ipc", "id": "2a", "pid": 1, "tid": 3, "ts": 41},
        {"ph": "s", "name": "other", "cat": "ipc", "id": 42, "pid": 1, "tid": 1, "ts": 2}
    ]})");
    const TraceStore& store = storeOf(loaded);
    // "0x2a", 42 and "2a" are one id (Perfetto reads string ids as hex); "other" is another flow and never ends.
    QCOMPARE(store.flows().size(), std::size_t{2});
    const Flow& a = store.flows()[0];
    const Flow& b = store.flows()[1];
    QCOMPARE(a.kind, Flow::Kind::Other);
    QCOMPARE(store.text(a.name), QStringLiteral("msg"));
    QCOMPARE((std::tuple(a.fromLane, a.fromTs, a.toLane, a.toTs)), (std::tuple(0u, 1000, 1u, 21000)));
    QCOMPARE((std::tuple(b.fromLane, b.fromTs, b.toLane, b.toTs)), (std::tuple(1u, 21000, 2u, 41000)));
    QVERIFY(loaded->warnings.contains("1 flows start and never end; not drawn"));
}

// An f without "bp": "e" binds to the next slice that begins on its thread (Perfetto's rule).
void TestForeignTraces::v1FlowEndWithoutEnclosingBindsTheNextSlice()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "X", "name": "post", "pid": 1, "tid": 1, "ts": 0, "dur": 10},
        {"ph": "s", "name": "task", "id": 1, "pid": 1, "tid": 1, "ts": 5},
        {"ph": "f", "name": "task", "id": 1, "pid": 1, "tid": 2, "ts": 12},
        {"ph": "X", "name": "run", "pid": 1, "tid": 2, "ts": 15, "dur": 10}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QCOMPARE(store.flows().size(), std::size_t{1});
    QCOMPARE(store.flows()[0].toTs, std::int64_t{15000});
}

void TestForeignTraces::v2FlowsBindSlices()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 0, "dur": 10, "bind_id": "0x10", "flow_out": true},
        {"ph": "X", "name": "b", "pid": 1, "tid": 2, "ts": 20, "dur": 10, "bind_id": 16, "flow_in": true,
         "flow_out": true},
        {"ph": "B", "name": "c", "pid": 1, "tid": 3, "ts": 40, "bind_id": "10", "flow_in": true},
        {"ph": "E", "pid": 1, "tid": 3, "ts": 45},
        {"ph": "X", "name": "d", "pid": 1, "tid": 3, "ts": 50, "dur": 1, "bind_id": "zz", "flow_in": true}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QCOMPARE(store.flows().size(), std::size_t{2});
    QCOMPARE((std::tuple(store.flows()[0].fromTs, store.flows()[0].toTs)), (std::tuple(0, 20000)));
    QCOMPARE((std::tuple(store.flows()[1].fromTs, store.flows()[1].toTs)), (std::tuple(20000, 40000)));
    QCOMPARE(store.text(store.flows()[0].name), QStringLiteral("a"));
    QVERIFY2(loaded->warnings.size() == 1 && loaded->warnings[0].startsWith("event 5 (byte"),
             qPrintable(loaded->warnings.join('\n')));
}

void TestForeignTraces::fractionalMicrosecondsAreExactNanoseconds()
{
    LOAD(loaded, R"([
        {"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 1234567890.123, "dur": 0.001},
        {"ph": "X", "name": "b", "pid": 1, "tid": 1, "ts": 1234567890.1245, "dur": 1e-3},
        {"ph": "X", "name": "c", "pid": 1, "tid": 1, "ts": 1.2345678901265e9, "dur": 2.5e0}
    ])");
    // ts relative to the first: .1245 rounds half away from zero to .125; 1.2345678901265e9 is .1265 -> .127.
    QCOMPARE(spansOf(storeOf(loaded), 0), (QStringList{"a@0-1/0", "b@2-3/0", "c@4-2504/0"}));
}

void TestForeignTraces::unreadEventsAreCountedWithTheirPlace()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "b", "name": "async", "id": 1, "pid": 1, "tid": 1, "ts": 0},
        {"ph": "b", "name": "async", "id": 2, "pid": 1, "tid": 1, "ts": 1},
        {"ph": "X", "name": "no ts", "pid": 1, "tid": 1, "dur": 1},
        {"name": "no ph", "pid": 1, "tid": 1, "ts": 1},
        {"ph": "X", "name": "ok", "pid": 1, "tid": 1, "ts": 3, "dur": 1},
        17,
        {"ph": "X", "name": "negative", "pid": 1, "tid": 1, "ts": 3, "dur": -1},
        {"ph": "X", "name": "too long", "pid": 1, "tid": 1, "ts": 3, "dur": 1e18}
    ]})");
    const QStringList w = loaded->warnings;
    QVERIFY2(w.contains("1 element of traceEvents is not an object; skipped"), qPrintable(w.join('\n')));
    // A duration too long to hold is said to be so: it was called one "without a dur >= 0".
    QVERIFY2(w.contains("event 7 (byte 387): an X event without a \"dur\" >= 0; skipped"), qPrintable(w.join('\n')));
    QVERIFY2(w.contains("event 8 (byte 468): an X event whose end is past the last nanosecond a trace can hold; "
                        "skipped"),
             qPrintable(w.join('\n')));
    QVERIFY2(w.contains("event 1 (byte 25): phase 'b' is not read (only M, X, B, E, i, I, C, s, t, f); skipped "
                        "(and 1 more like it)"),
             qPrintable(w.join('\n')));
    QVERIFY(w.contains("event 3 (byte 177): \"ts\" is missing or not a number of microseconds; skipped"));
    QVERIFY(w.contains("event 4 (byte 245): no one-letter \"ph\"; skipped"));
    QCOMPARE(w.size(), 6);
    QCOMPARE(spansOf(storeOf(loaded), 0), (QStringList{"ok@0-1000/0"}));
}

void TestForeignTraces::reexportKeepsForeignNames()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 4, "args": {"name": "worker"}},
        {"ph": "X", "name": "compute", "pid": 1, "tid": 4, "ts": 0, "dur": 10},
        {"ph": "i", "name": "checkpoint", "pid": 1, "tid": 4, "ts": 5},
        {"ph": "C", "name": "load", "pid": 1, "tid": 4, "ts": 5, "args": {"cpu": 0.5}}
    ]})");
    const QJsonObject root = QJsonDocument::fromJson(ChromeTraceExporter(storeOf(loaded)).toJson()).object();
    QStringList seen;
    for (const QJsonValue& v : root.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("ph") == "M" && e.value("name") == "thread_name")
            seen << "thread " + e.value("args").toObject().value("name").toString();
        else if (e.value("ph") != "M")
            seen << e.value("ph").toString() + " " + e.value("name").toString();
    }
    QCOMPARE(seen, (QStringList{"thread worker", "X compute", "i checkpoint", "C load cpu"}));
}

// Many tools write Unix-epoch microseconds (1.7e15, 1.7e18 ns: 19 digits, which int64 holds): every such event was
// skipped as "not a number of microseconds", and the trace opened empty. Past int64's nanoseconds is refused still, as
// out of range (it was said to be missing).
void TestForeignTraces::epochMicrosecondsAreRead()
{
    LOAD(loaded, R"([
        {"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 1733400000000000, "dur": 5},
        {"ph": "X", "name": "b", "pid": 1, "tid": 1, "ts": 1733400000000010.5, "dur": 2},
        {"ph": "X", "name": "c", "pid": 1, "tid": 1, "ts": 9300000000000000, "dur": 1}
    ])");
    QCOMPARE(spansOf(storeOf(loaded), 0), (QStringList{"a@0-5000/0", "b@10500-12500/0"}));
    QVERIFY2(loaded->warnings.contains("event 3 (byte 187): \"ts\" is out of range: past the 292 years either way "
                                       "that nanoseconds in 64 bits hold; skipped"),
             qPrintable(loaded->warnings.join('\n')));
}

// Another tool's slices and marks, exported by Threadline, are read back as theirs: a slice named "sleep", "join" or
// "get" was read as a sleep, a timed-out join and a timed-out get, a mark named "error" as an error.
void TestForeignTraces::slicesNamedLikeThreadlinesStayTheirOwn()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "M", "name": "thread_name", "pid": 5, "tid": 1, "args": {"name": "worker"}},
        {"ph": "X", "name": "sleep", "cat": "io", "pid": 5, "tid": 1, "ts": 100, "dur": 50},
        {"ph": "X", "name": "join", "pid": 5, "tid": 1, "ts": 200, "dur": 50},
        {"ph": "X", "name": "get", "pid": 5, "tid": 1, "ts": 300, "dur": 50},
        {"ph": "i", "name": "error", "cat": "app", "pid": 5, "tid": 1, "ts": 400},
        {"ph": "C", "name": "mem", "pid": 5, "tid": 1, "ts": 400, "args": {"heap": 5}}
    ]})");
    const QByteArray first = ChromeTraceExporter(storeOf(loaded)).toJson();
    auto again = loadBytes(first);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error()));
    QVERIFY2(again->warnings.isEmpty(), qPrintable(again->warnings.join('\n')));
    const TraceStore& store = storeOf(again);
    const std::optional<LaneId> worker = laneNamed(store, QStringLiteral("worker"));
    QVERIFY(worker);
    QCOMPARE(spansOf(store, *worker), (QStringList{"sleep@0-50000/0", "join@100000-150000/0", "get@200000-250000/0"}));
    QStringList kinds;
    for (const Event& e : store.laneEvents(*worker))
        kinds << QString::fromLatin1(eventKindName(e.kind)) + ":" + store.text(e.b);
    QVERIFY2(kinds.contains("slice-begin:io") && kinds.contains("mark:app") && !kinds.contains("error:"),
             qPrintable(kinds.join(' ')));
    QCOMPARE(ChromeTraceExporter(store).toJson(), first);
    // A counter keeps its name ("mem heap" read back was "mem heap value", then "mem heap value value").
    QCOMPARE(store.counters().size(), std::size_t(1));
    QCOMPARE(store.text(store.counters()[0].name), QStringLiteral("mem heap"));
}

// An empty trace opened without a word, and its empty picture passed for a picture of something (a tester).
void TestForeignTraces::aTraceWithNothingToDrawSaysSo()
{
    LOAD(empty, R"({"traceEvents": []})");
    QCOMPARE(empty->warnings, QStringList{"it holds no events to draw"});
    LOAD(named, R"([{"ph": "M", "name": "thread_name", "pid": 1, "tid": 2, "args": {"name": "idle"}}])");
    QCOMPARE(named->warnings, QStringList{"it holds no events to draw"});
    LOAD(one, R"([{"ph": "i", "name": "mark", "pid": 1, "tid": 2, "ts": 5}])");
    QVERIFY2(one->warnings.isEmpty(), qPrintable(one->warnings.join('\n')));
}

QTEST_GUILESS_MAIN(TestForeignTraces)
#include "tst_foreigntraces.moc"

// A pid of 1.5, -1 or 3000000000 gets an id of its own above every 31-bit pid: its process was named after that id,
// "process 2147483648", a number in no file. It is named by the pid as the file writes it.
void TestForeignTraces::pidsThatAreNoIdKeepTheirText()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "X", "name": "a", "pid": 1.5, "tid": 1, "ts": 0, "dur": 5},
        {"ph": "X", "name": "b", "pid": -1, "tid": 1, "ts": 0, "dur": 5},
        {"ph": "X", "name": "c", "pid": 3000000000, "tid": 1, "ts": 0, "dur": 5},
        {"ph": "X", "name": "d", "pid": 2, "tid": 1, "ts": 0, "dur": 5}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QStringList names;
    for (const GroupInfo& g : store.groups())
        names << g.name;
    names.sort();
    QCOMPARE(names, (QStringList{"process -1", "process 1.5", "process 2", "process 3000000000"}));
}

// Chrome names threads that record nothing. Such a lane was named at ts 0, which then was the origin: on Chrome's
// clock (3.5e11 us) every slice lay 352,817 s into the run, squeezed into one pixel column at its end.
void TestForeignTraces::aNamedIdleThreadKeepsTheOrigin()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "M", "name": "thread_name", "pid": 4242, "tid": 1, "args": {"name": "CrBrowserMain"}},
        {"ph": "M", "name": "thread_name", "pid": 4242, "tid": 3, "args": {"name": "idle"}},
        {"ph": "X", "name": "RunTask", "pid": 4242, "tid": 1, "ts": 352817234567.125, "dur": 500}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QCOMPARE(store.laneCount(), std::size_t{2});
    QCOMPARE(spansOf(store, *laneNamed(store, "CrBrowserMain")), QStringList{"RunTask@0-500000/0"});
    QCOMPARE(store.endTs(), std::int64_t{500'000});
}

// "ts": "100" was read and "dur": "50" refused, the slice skipped; Chrome and Perfetto coerce both.
void TestForeignTraces::aDurInAStringIsReadAsTsIs()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": "100", "dur": "50"},
        {"ph": "X", "name": "b", "pid": 1, "tid": 1, "ts": 200, "dur": 5}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QCOMPARE(spansOf(store, 0), (QStringList{"a@0-50000/0", "b@100000-105000/0"}));
    QVERIFY(loaded->warnings.isEmpty());
}

// Two processes' "mem.heap" (each renderer of a Chrome trace has its own) were merged into one series, 100, 5, 110, 6.
void TestForeignTraces::countersAreEachProcesssOwn()
{
    LOAD(loaded, R"({"traceEvents": [
        {"ph": "C", "name": "mem.heap", "pid": 1, "tid": 1, "ts": 0, "args": {"v": 100}},
        {"ph": "C", "name": "mem.heap", "pid": 2, "tid": 1, "ts": 1, "args": {"v": 5}},
        {"ph": "C", "name": "mem.heap", "pid": 1, "tid": 1, "ts": 2, "args": {"v": 110}},
        {"ph": "C", "name": "mem.heap", "pid": 2, "tid": 1, "ts": 3, "args": {"v": 6}}
    ]})");
    const TraceStore& store = storeOf(loaded);
    QCOMPARE(store.counters().size(), std::size_t{2});
    QStringList series;
    for (const CounterSeries& c : store.counters()) {
        QStringList values;
        for (const auto& [ts, v] : c.points)
            values << QString::number(v);
        series << store.text(c.name) + QStringLiteral(": ") + values.join(QStringLiteral(", "));
    }
    QCOMPARE(series, (QStringList{"mem.heap v: 100, 110", "mem.heap v (pid 2): 5, 6"}));
}

// A UTF-8 byte order mark (PowerShell's Out-File writes one) and zeros after a .gz's end (block padding, which
// gzip -d and Python's gzip module ignore) were refused: "invalid JSON at byte 0", "the gzip data is corrupt".
void TestForeignTraces::whatWrapsTheTextIsNoPartOfIt_data()
{
    const QByteArray text = R"({"traceEvents": [{"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 0, "dur": 5}]})";
    const QByteArray mark = "\xEF\xBB\xBF";
    QTest::addColumn<QByteArray>("file");
    QTest::newRow("a byte order mark") << mark + text;
    QTest::newRow("a byte order mark, gzip") << gzipped(mark + text);
    QTest::newRow("gzip padded with zeros") << gzipped(text) + QByteArray(512, '\0');
    // More than a read's chunk (1 MiB) of padding, and padding between two members (`cat a.gz b.gz`).
    QTest::newRow("gzip padded past a chunk") << gzipped(text) + QByteArray(3 << 20, '\0');
    QTest::newRow("zeros between members") << gzipped(text.left(20)) + QByteArray(100, '\0') + gzipped(text.mid(20));
}

void TestForeignTraces::whatWrapsTheTextIsNoPartOfIt()
{
    QFETCH(QByteArray, file);
    auto loaded = loadBytes(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE(spansOf(storeOf(loaded), 0), QStringList{"a@0-5000/0"});
    QVERIFY(loaded->warnings.isEmpty());
}
