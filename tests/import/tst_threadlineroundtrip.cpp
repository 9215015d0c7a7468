#include "export/chrometraceexporter.h"
#include "import/flowcheck.h"
#include "importtestutil.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "support/coretestutil.h"
#include "support/csvroundtrip.h"
#include "support/futureprogram.h"
#include "support/syncprogram.h"
#include "trace/eventtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <functional>

using namespace tl;
using namespace tl::test;

// Threadline's own exports read back: export -> open -> export gives the same file, byte for byte (so the
// same events, names, lanes, flows and metadata), for every lesson, plain and gzip-compressed.
class TestThreadlineRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void lessonRoundTripsExactly_data();
    void lessonRoundTripsExactly();
    void lessonCsvSurvivesTheRoundTrip_data();
    void lessonCsvSurvivesTheRoundTrip();
    void programsCsvSurvivesTheRoundTrip_data();
    void programsCsvSurvivesTheRoundTrip();
    void metadataComesBack();
    void stoppedComesBack();
    void mapsBackToTheRunsEventKinds();
    void legacyFlowCatStillReads();
    void syncPrimitivesRoundTrip();
    void futureWaitsRoundTrip();
    void potentialDeadlockRoundTrips();
    void endFlagsRoundTrip();
    void aRenamedThreadKeepsItsNameAndAForeignCreatorIsLeftOut();
    void everyRenameComesBackAtItsMoment();
    void primitivesKeepTheirNames_data();
    void primitivesKeepTheirNames();
    void itemWordsReadBackAndAnUnknownQueueIsToldOnce();
};

namespace {

std::unique_ptr<TraceStore> runLesson(const QString& id)
{
    const Scenario* scenario = findScenario(id);
    if (!scenario)
        return nullptr;
    const auto values = resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{});
    return runHeadless(*scenario, *values, RunOptions{.speed = 200});
}

// The lines of two exports that differ, at most a few, for a failure message.
QString firstDifferences(const QByteArray& a, const QByteArray& b)
{
    const QList<QByteArray> x = a.split('\n');
    const QList<QByteArray> y = b.split('\n');
    QStringList out;
    for (qsizetype i = 0; i < std::max(x.size(), y.size()) && out.size() < 6; ++i) {
        const QByteArray l = i < x.size() ? x[i] : QByteArray("<none>");
        const QByteArray r = i < y.size() ? y[i] : QByteArray("<none>");
        if (l != r)
            out << QStringLiteral("line %1:\n  first:  %2\n  second: %3")
                       .arg(i + 1)
                       .arg(QString::fromUtf8(l), QString::fromUtf8(r));
    }
    return out.join(QLatin1Char('\n'));
}

// Whether word c of an event read back is the one the run wrote: some are rebuilt, or name a string of
// each store's own table.
using SameC = std::function<bool(const TraceStore& run, const Event& want, const TraceStore& read, const Event& got)>;

// Compares each lane's events of the kinds `keep` takes, in order, between a run and the store read back from
// its export: kind, time, flags, words a and b, and c as `sameC` says. Returns the first difference (empty
// when there is none); `compared` counts the events compared.
QString firstEventDifference(const TraceStore& run, const TraceStore& read, const std::function<bool(EventKind)>& keep,
                             const SameC& sameC, int& compared)
{
    const auto kept = [&keep](const TraceStore& store, LaneId lane) {
        std::vector<Event> out;
        for (const Event& e : store.laneEvents(lane)) {
            if (keep(e.kind))
                out.push_back(e);
        }
        return out;
    };
    for (LaneId lane = 0; lane < run.laneCount(); ++lane) {
        const std::vector<Event> want = kept(run, lane);
        const std::vector<Event> got = kept(read, lane);
        if (got.size() != want.size())
            return QStringLiteral("lane %1: %2 events read back, %3 written")
                .arg(lane)
                .arg(got.size())
                .arg(want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            const Event& w = want[i];
            const Event& g = got[i];
            if (g.kind != w.kind || g.ts != w.ts || g.flags != w.flags || g.a != w.a || g.b != w.b ||
                !sameC(run, w, read, g))
                return QStringLiteral("lane %1, event %2 (%3): read back %4 @%5 flags %6 words %7 %8 %9")
                    .arg(lane)
                    .arg(i)
                    .arg(QString::fromLatin1(eventKindName(w.kind).data()))
                    .arg(QString::fromLatin1(eventKindName(g.kind).data()))
                    .arg(g.ts)
                    .arg(g.flags)
                    .arg(g.a)
                    .arg(g.b)
                    .arg(g.c);
            ++compared;
        }
    }
    return {};
}

} // namespace

void TestThreadlineRoundTrip::lessonRoundTripsExactly_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("gzip");
    for (const Scenario& s : allScenarios()) {
        QTest::newRow(qPrintable(s.id)) << s.id << false;
        QTest::newRow(qPrintable(s.id + QStringLiteral(" (gzip)"))) << s.id << true;
    }
}

void TestThreadlineRoundTrip::lessonRoundTripsExactly()
{
    QFETCH(QString, id);
    QFETCH(bool, gzip);
    const auto run = runLesson(id);
    QVERIFY(run);
    const QByteArray first = ChromeTraceExporter(*run).toJson();
    auto loaded = loadBytes(gzip ? gzipped(first) : first);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QVERIFY(loaded->threadline);
    QVERIFY2(loaded->warnings.isEmpty(), qPrintable(loaded->warnings.join(QLatin1Char('\n'))));
    const TraceStore& store = *loaded->store;
    QCOMPARE(store.laneCount(), run->laneCount());
    QCOMPARE(store.flows().size(), run->flows().size());
    QCOMPARE(store.queues().size(), run->queues().size());
    for (std::size_t q = 0; q < run->queues().size(); ++q) {
        QCOMPARE(store.queueName(store.queues()[q].id), run->queueName(run->queues()[q].id));
        QCOMPARE(store.queues()[q].maxsize, run->queues()[q].maxsize); // a bounded queue stays bounded
    }
    const QByteArray second = ChromeTraceExporter(store).toJson();
    QVERIFY2(first == second, qPrintable(firstDifferences(first, second)));
}

void TestThreadlineRoundTrip::lessonCsvSurvivesTheRoundTrip_data()
{
    QTest::addColumn<QString>("id");
    for (const Scenario& s : allScenarios())
        QTest::newRow(qPrintable(s.id)) << s.id;
}

// The run itself against its export opened again, as the CSV shows them: every row, every column (each rule
// of support/csvroundtrip.h says why a cell may differ). lessonRoundTripsExactly compares two exports, which
// cannot see what the first one left out.
void TestThreadlineRoundTrip::lessonCsvSurvivesTheRoundTrip()
{
    QFETCH(QString, id);
    const auto run = runLesson(id);
    QVERIFY(run);
    int compared = 0;
    const QString differences = csvRoundTripDifferences(*run, compared);
    QVERIFY2(differences.isEmpty(), qPrintable(differences));
    QVERIFY(compared > 10);
}

void TestThreadlineRoundTrip::programsCsvSurvivesTheRoundTrip_data()
{
    QTest::addColumn<bool>("sync");
    QTest::newRow("issue 13's primitives") << true;
    QTest::newRow("issue 11's futures") << false;
}

// The same for the programs that use every primitive and every wait for a future, timeouts included.
void TestThreadlineRoundTrip::programsCsvSurvivesTheRoundTrip()
{
    QFETCH(bool, sync);
    auto recording = test::record(sync ? test::syncProgram : test::futureProgram);
    QVERIFY(recording.finishedInTime);
    int compared = 0;
    const QString differences = csvRoundTripDifferences(*recording.store, compared);
    QVERIFY2(differences.isEmpty(), qPrintable(differences));
    QVERIFY(compared > 40);
}

void TestThreadlineRoundTrip::metadataComesBack()
{
    const auto run = runLesson(QStringLiteral("producer-consumer"));
    QVERIFY(run);
    TraceMetadata meta = run->metadata();
    meta.speed = 37.5;
    run->setMetadata(meta);
    run->setDroppedEvents(12);
    auto loaded = loadBytes(ChromeTraceExporter(*run).toJson());
    QVERIFY(loaded.ok());
    const TraceStore& store = *loaded->store;
    QCOMPARE(store.metadata().scenarioId, QStringLiteral("producer-consumer"));
    QCOMPARE(store.metadata().scenarioTitle, run->metadata().scenarioTitle);
    QCOMPARE(store.metadata().speed, 37.5);
    QCOMPARE(store.metadata().stopped, false);
    QCOMPARE(store.droppedEvents(), std::uint64_t{12});
    QCOMPARE(store.metadata().parameters.size(), run->metadata().parameters.size());
    for (const auto& [key, value] : run->metadata().parameters) {
        const auto it = std::find_if(store.metadata().parameters.begin(), store.metadata().parameters.end(),
                                     [&](const auto& p) { return p.first == key; });
        QVERIFY2(it != store.metadata().parameters.end(), qPrintable(key));
        QCOMPARE(it->second.toDouble(), value.toDouble());
    }
}

// A stopped run (Ctrl+C headless, Stop in the window) says so after the round trip, and only then.
void TestThreadlineRoundTrip::stoppedComesBack()
{
    const auto run = runLesson(QStringLiteral("hello"));
    QVERIFY(run);
    TraceMetadata meta = run->metadata();
    meta.stopped = true;
    meta.problems << QStringLiteral("stopped by SIGINT");
    run->setMetadata(meta);
    const QByteArray first = ChromeTraceExporter(*run).toJson();
    QVERIFY(first.contains("\"stopped\":true"));
    auto loaded = loadBytes(first);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->store->metadata().stopped, true);
    QCOMPARE(loaded->store->metadata().problems, meta.problems);
    const QByteArray second = ChromeTraceExporter(*loaded->store).toJson();
    QVERIFY2(first == second, qPrintable(firstDifferences(first, second)));
}

// The events the file shows come back as the run's own kinds: per lane, the run's instants, span openings
// and closings, with their words (a queue's put keeps its queue, item and depth; a join its target lane).
void TestThreadlineRoundTrip::mapsBackToTheRunsEventKinds()
{
    const auto run = runLesson(QStringLiteral("producer-consumer"));
    QVERIFY(run);
    auto loaded = loadBytes(ChromeTraceExporter(*run).toJson());
    QVERIFY(loaded.ok());
    const TraceStore& store = *loaded->store;
    for (LaneId lane = 0; lane < run->laneCount(); ++lane) {
        QCOMPARE(store.laneName(lane), run->laneName(lane));
        QCOMPARE(store.lane(lane).daemon, run->lane(lane).daemon);
        QCOMPARE(store.lane(lane).spans.size(), run->lane(lane).spans.size());
        // Every put, get and start of the run, with its words, in the same order.
        std::vector<Event> want;
        std::vector<Event> got;
        for (const Event& e : run->laneEvents(lane)) {
            if (e.kind == EventKind::PutDone || e.kind == EventKind::GetDone || e.kind == EventKind::Start)
                want.push_back(e);
        }
        for (const Event& e : store.laneEvents(lane)) {
            if (e.kind == EventKind::PutDone || e.kind == EventKind::GetDone || e.kind == EventKind::Start)
                got.push_back(e);
        }
        QCOMPARE(got.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(got[i].ts, want[i].ts);
            QCOMPARE(got[i].kind, want[i].kind);
            QCOMPARE(got[i].flags, want[i].flags);
            QCOMPARE(got[i].line, want[i].line);
            // Words as the store shows them: a name's StringId differs between two string tables.
            QCOMPARE(eventDetails(store, got[i]), eventDetails(*run, want[i]));
            QCOMPARE(got[i].a, want[i].a); // a lane (start) or a queue (put, get): the same ids
        }
    }
    QVERIFY(import::checkThreadlineFlows(store, {}).size() == static_cast<qsizetype>(store.flows().size()));
}

// Exports written before flows shared the events' cat ("flow") and before the "end" and "joined" instants
// still open, with every flow checked.
void TestThreadlineRoundTrip::legacyFlowCatStillReads()
{
    const auto run = runLesson(QStringLiteral("join-order"));
    QVERIFY(run);
    QByteArray json = ChromeTraceExporter(*run).toJson();
    QList<QByteArray> lines = json.split('\n');
    QByteArray legacy;
    for (const QByteArray& line : lines) {
        if (line.contains("\"name\":\"end\"") || line.contains("\"name\":\"joined\""))
            continue;
        QByteArray l = line;
        if (l.contains("\"ph\":\"s\"") || l.contains("\"ph\":\"f\""))
            l.replace("\"cat\":\"threadline\"", "\"cat\":\"flow\"");
        legacy += l + '\n';
    }
    legacy.replace(",\n],", "\n],"); // when the last event was one of those removed
    auto loaded = loadBytes(legacy);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QVERIFY2(loaded->warnings.isEmpty(), qPrintable(loaded->warnings.join(QLatin1Char('\n'))));
    QCOMPARE(loaded->store->flows().size(), run->flows().size());
}

// Every kind of issue 13 comes back with its words, its spans and its arrows, and exports the same again.
void TestThreadlineRoundTrip::syncPrimitivesRoundTrip()
{
    auto recording = test::record(test::syncProgram);
    QVERIFY(recording.finishedInTime);
    const TraceStore& run = *recording.store;
    const QByteArray first = ChromeTraceExporter(run).toJson();
    auto loaded = loadBytes(first);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QVERIFY2(loaded->warnings.isEmpty(), qPrintable(loaded->warnings.join(QLatin1Char('\n'))));
    const TraceStore& store = *loaded->store;
    QCOMPARE(store.flows().size(), run.flows().size());
    const QByteArray second = ChromeTraceExporter(store).toJson();
    QVERIFY2(first == second, qPrintable(firstDifferences(first, second)));
    const auto isSync = [](EventKind k) { return k >= EventKind::AcquireBlocked && k <= EventKind::TimerCancelled; };
    // The words a file keeps: the primitive, the wake word (what the arrows need) and the counts. A timed-out
    // close is rebuilt from its span, which has no count to give back.
    const auto sameC = [](const TraceStore&, const Event& want, const TraceStore&, const Event& got) {
        return (want.flags & EventFlag::TimedOut) || got.c == want.c;
    };
    int compared = 0;
    const QString difference = firstEventDifference(run, store, isSync, sameC, compared);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(compared > 40);
}

// Issue 11's waits for futures and pool task ends come back with their words, spans and arrows.
void TestThreadlineRoundTrip::futureWaitsRoundTrip()
{
    auto recording = test::record(test::futureProgram);
    QVERIFY(recording.finishedInTime);
    const TraceStore& run = *recording.store;
    const QByteArray first = ChromeTraceExporter(run).toJson();
    auto loaded = loadBytes(first);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QVERIFY2(loaded->warnings.isEmpty(), qPrintable(loaded->warnings.join(QLatin1Char('\n'))));
    const TraceStore& store = *loaded->store;
    QCOMPARE(store.flows().size(), run.flows().size());
    QVERIFY(std::any_of(store.flows().begin(), store.flows().end(),
                        [](const Flow& f) { return f.kind == Flow::Kind::Done; }));
    const QByteArray second = ChromeTraceExporter(store).toJson();
    QVERIFY2(first == second, qPrintable(firstDifferences(first, second)));
    const auto isFuture = [](EventKind k) {
        return k == EventKind::FutureWaitBegin || k == EventKind::FutureWaitEnd || k == EventKind::PoolTaskEnd;
    };
    // A timed-out end is rebuilt from its span, with the begin's words, as the engine writes it. A task end's
    // name is a string of each store's own table.
    const auto sameC = [](const TraceStore& run, const Event& want, const TraceStore& read, const Event& got) {
        return want.kind == EventKind::PoolTaskEnd ? read.text(got.c) == run.text(want.c) : got.c == want.c;
    };
    int compared = 0;
    const QString difference = firstEventDifference(run, store, isFuture, sameC, compared);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(compared, 7 * 2 + 8);
}

// A deadlock's words come back, the join's "no primitive" and the potential flag included: read back
// without them, a potential deadlock on a join would be a real one on "primitive@0".
void TestThreadlineRoundTrip::potentialDeadlockRoundTrips()
{
    auto recording = test::record([] {
        auto a = std::make_shared<Lock>(QStringLiteral("A"));
        auto t2 = std::make_shared<std::shared_ptr<Thread>>();
        auto t1 = Thread::create([a, t2] {
            std::lock_guard holdA(*a);
            tl::sleep(0.01);
            (*t2)->join(1.0); // the timeout ends the cycle
        });
        *t2 = Thread::create([a] {
            tl::sleep(0.02);
            std::lock_guard holdA(*a);
        });
        t1->start();
        (*t2)->start();
        t1->join();
        (*t2)->join();
    });
    QVERIFY(recording.finishedInTime);
    const TraceStore& run = *recording.store;
    auto loaded = loadBytes(ChromeTraceExporter(run).toJson());
    QVERIFY(loaded.ok());
    const auto deadlocks = [](const TraceStore& store) {
        std::vector<Event> out;
        for (const Event& e : store.eventsByTime()) {
            if (e.kind == EventKind::Deadlock)
                out.push_back(e);
        }
        return out;
    };
    const std::vector<Event> want = deadlocks(run);
    const std::vector<Event> got = deadlocks(*loaded->store);
    QCOMPARE(want.size(), std::size_t{2});
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        QCOMPARE(got[i].lane, want[i].lane);
        QCOMPARE(got[i].ts, want[i].ts);
        QCOMPARE(got[i].flags, std::uint8_t{EventFlag::Potential});
        QCOMPARE(got[i].a, want[i].a);
        QCOMPARE(got[i].b, want[i].b);
        QCOMPARE(got[i].c, want[i].c);
    }
    QVERIFY(want[0].a == kNoValue || want[1].a == kNoValue); // the join's member names no primitive
}

// The flags of ends an export shows by what it leaves out or adds: a pool task that raised (its task.end instant
// says so), a wait an exception ended (no instant at its end, as for a timeout; its span says so), and the
// KeyboardInterrupt that Threadline's stop raised (its error instant says so). Read back without them, the task would
// have returned, the wait timed out, and the stop would have been the program's error.
// A thread renamed after its creation (`t = Thread(name="a"); t.name = "b"`) came back as "a": its creation record
// named the lane; then above MainThread, and the file written again differed. And a created_by naming no lane of the
// file grew the lanes to it, under a reference into them.
void TestThreadlineRoundTrip::aRenamedThreadKeepsItsNameAndAForeignCreatorIsLeftOut()
{
    auto strings = std::make_shared<StringTable>();
    const auto ev = [](std::int64_t ts, LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0) {
        return Event{ts, lane, 0, kind, 0, 0, a, b, 0};
    };
    TraceStore run(strings);
    run.append(std::vector<Event>{
        ev(0, 0, EventKind::ThreadCreated, kNoValue, strings->intern(QStringLiteral("MainThread"))),
        ev(0, 0, EventKind::RunBegin), ev(1000, 1, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("a"))),
        Event{2000, 1, 0, EventKind::ThreadName, 0, 0, strings->intern(QStringLiteral("b")), kNoValue, kNoValue},
        ev(3000, 1, EventKind::RunBegin), ev(4000, 1, EventKind::RunEnd), ev(5000, 0, EventKind::RunEnd)});
    QCOMPARE(run.laneName(1), QStringLiteral("b"));
    const QByteArray json = ChromeTraceExporter(run).toJson();
    auto loaded = loadBytes(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE(loaded.value().store->laneCount(), std::size_t{2});
    QCOMPARE(loaded.value().store->laneName(1), QStringLiteral("b"));
    // In its run's order: MainThread first (the renamed lane, alone given a sort index, went above it; a user-tester).
    QCOMPARE(loaded.value().store->laneOrder(), (std::vector<LaneId>{0, 1}));
    QCOMPARE(ChromeTraceExporter(*loaded.value().store).toJson(), json);

    QString text = QString::fromUtf8(json);
    const QRegularExpression byMain(QStringLiteral(R"("created_by"\s*:\s*1\b)"));
    QVERIFY(text.contains(byMain));
    text.replace(byMain, QStringLiteral(R"("created_by": 1000000)"));
    const QByteArray crafted = text.toUtf8();
    auto foreign = loadBytes(crafted);
    QVERIFY2(foreign.ok(), qPrintable(foreign.ok() ? QString() : foreign.error()));
    QCOMPARE(foreign.value().store->laneCount(), std::size_t{2});
    for (const Event& e : foreign.value().store->laneEvents(1)) {
        if (e.kind == EventKind::ThreadCreated)
            QCOMPARE(e.a, kNoValue);
    }
}

// A thread renamed twice (`name = "middle"`, then `"last"`) came back with one rename, to its last name, at its first
// moment (a user-tester): the event list lost "middle" and both times. Each rename is an instant of the export, with
// the daemon flag it carries. An export without them (written before) still names the lane by its last name.
void TestThreadlineRoundTrip::everyRenameComesBackAtItsMoment()
{
    auto strings = std::make_shared<StringTable>();
    const auto named = [&](std::int64_t ts, const char* name) {
        return Event{ts,
                     1,
                     0,
                     EventKind::ThreadName,
                     EventFlag::Daemon,
                     0,
                     strings->intern(QString::fromLatin1(name)),
                     kNoValue,
                     kNoValue};
    };
    TraceStore run(strings);
    run.append(std::vector<Event>{
        Event{0, 0, 0, EventKind::ThreadCreated, 0, 0, kNoValue, strings->intern(QStringLiteral("MainThread")), 0},
        Event{0, 0, 0, EventKind::RunBegin},
        Event{1000, 1, 0, EventKind::ThreadCreated, EventFlag::Daemon, 0, 0, strings->intern(QStringLiteral("first")),
              0},
        Event{1500, 1, 0, EventKind::RunBegin}, named(2000, "middle"), named(3000, "last"),
        Event{4000, 1, 0, EventKind::RunEnd}, Event{5000, 0, 0, EventKind::RunEnd}});
    const auto renames = [](const TraceStore& store) {
        QStringList found;
        for (const Event& e : store.laneEvents(1)) {
            if (e.kind == EventKind::ThreadName)
                found << QStringLiteral("%1 %2 %3").arg(e.ts).arg(store.text(e.a)).arg(e.flags);
        }
        return found;
    };
    const QStringList want{QStringLiteral("2000 middle %1").arg(EventFlag::Daemon),
                           QStringLiteral("3000 last %1").arg(EventFlag::Daemon)};
    QCOMPARE(renames(run), want);
    const QByteArray json = ChromeTraceExporter(run).toJson();
    auto loaded = loadBytes(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    const TraceStore& back = *loaded.value().store;
    QCOMPARE(renames(back), want);
    QCOMPARE(back.laneName(1), QStringLiteral("last"));
    QVERIFY(back.lane(1).daemon);
    QCOMPARE(ChromeTraceExporter(back).toJson(), json);

    // Without the renames' instants: named by its thread_name, its last name, from its first moment (its run's begin).
    QJsonObject file = QJsonDocument::fromJson(json).object();
    QJsonArray kept;
    for (const QJsonValue& e : file.value(QStringLiteral("traceEvents")).toArray()) {
        if (e.toObject().value(QStringLiteral("name")).toString() != QStringLiteral("thread.name"))
            kept << e;
    }
    file.insert(QStringLiteral("traceEvents"), kept);
    auto older = loadBytes(QJsonDocument(file).toJson());
    QVERIFY2(older.ok(), qPrintable(older.ok() ? QString() : older.error()));
    QCOMPARE(older.value().store->laneName(1), QStringLiteral("last"));
    QCOMPARE(renames(*older.value().store), QStringList{QStringLiteral("1500 last %1").arg(EventFlag::Daemon)});
}

void TestThreadlineRoundTrip::endFlagsRoundTrip()
{
    const auto ev = [](std::int64_t ts, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0,
                       std::uint8_t flags = 0) { return Event{ts, 0, 0, kind, flags, 0, a, b, c}; };
    auto strings = std::make_shared<StringTable>();
    const std::uint32_t name = strings->intern(QStringLiteral("MainThread"));
    const std::uint32_t task = strings->intern(QStringLiteral("handle"));
    const std::uint32_t queue = strings->intern(QStringLiteral("q"));
    const std::uint32_t interrupt = strings->intern(QStringLiteral("KeyboardInterrupt"));
    TraceStore run(strings);
    const std::vector<Event> events = {
        ev(0, EventKind::ThreadCreated, 0, name),
        ev(0, EventKind::RunBegin),
        ev(1000, EventKind::QueueCreated, 1, queue, 0),
        ev(2000, EventKind::GetBlocked, 1, kNoValue, 0),
        ev(3000, EventKind::GetDone, 1, 0, 0, EventFlag::TimedOut | EventFlag::Interrupted),
        ev(4000, EventKind::GetBlocked, 1, 500, 0),
        ev(5000, EventKind::GetDone, 1, 0, 0, EventFlag::TimedOut),
        ev(6000, EventKind::PoolTaskBegin, 0, 1, task),
        ev(7000, EventKind::PoolTaskEnd, 0, 1, task, EventFlag::Raised),
        ev(7500, EventKind::Error, interrupt, 0, 0, EventFlag::ByStop),
        ev(7600, EventKind::Error, interrupt),
        ev(8000, EventKind::RunEnd),
    };
    run.append(events);
    auto loaded = loadBytes(ChromeTraceExporter(run).toJson());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    const auto ends = [](const TraceStore& store) {
        std::vector<std::pair<EventKind, std::uint8_t>> out;
        for (const Event& e : store.laneEvents(0)) {
            if (e.kind == EventKind::GetDone || e.kind == EventKind::PoolTaskEnd || e.kind == EventKind::Error)
                out.emplace_back(e.kind, e.flags);
        }
        return out;
    };
    const auto want = ends(run);
    QCOMPARE(want.size(), std::size_t(5));
    QCOMPARE(ends(*loaded->store), want);
    QCOMPARE(eventDetails(run, run.laneEvents(0)[4]).endsWith(QStringLiteral("(ended by an exception)")), true);
}

void TestThreadlineRoundTrip::primitivesKeepTheirNames_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("deadlock: a and b") << QStringLiteral("deadlock");
    QTest::newRow("semaphore: connections") << QStringLiteral("semaphore");
    QTest::newRow("condition: changed and its own lock") << QStringLiteral("condition");
}

// No event carries a primitive's name or type (events name it by id): an opened export names "a",
// "connections" and "changed" as the run did (it read "primitive@1" before otherData.primitives), and a
// semaphore's value series comes back whole, its creation point included.
void TestThreadlineRoundTrip::primitivesKeepTheirNames()
{
    QFETCH(QString, id);
    const auto run = runLesson(id);
    QVERIFY(run);
    auto loaded = loadBytes(ChromeTraceExporter(*run).toJson());
    QVERIFY(loaded.ok());
    QVERIFY2(loaded->warnings.isEmpty(), qPrintable(loaded->warnings.join(QLatin1Char('\n'))));
    const TraceStore& store = *loaded->store;
    QVERIFY(!run->syncs().ids().empty());
    QCOMPARE(store.syncs().ids().size(), run->syncs().ids().size());
    for (const std::uint32_t sync : run->syncs().ids()) {
        const SyncNames::Info* want = run->syncs().find(sync);
        const SyncNames::Info* got = store.syncs().find(sync);
        QVERIFY(got);
        QCOMPARE(got->uniqueName, want->uniqueName);
        QCOMPARE(got->type, want->type);
        QCOMPARE(got->createdTs, want->createdTs);
        QCOMPARE(got->lane, want->lane);
    }
    QCOMPARE(store.semaphores().size(), run->semaphores().size());
    for (std::size_t s = 0; s < run->semaphores().size(); ++s)
        QVERIFY(store.semaphores()[s].value == run->semaphores()[s].value);
}

// A put's and a get's "value" gives the item its words again. A queue the file never created is told once per event
// that names it, not once more for the words that name it too.
void TestThreadlineRoundTrip::itemWordsReadBackAndAnUnknownQueueIsToldOnce()
{
    const auto loaded = loadBytes(QByteArrayLiteral(R"({"traceEvents": [
        {"ts": 0, "args": {"name": "threadline: q"}, "name": "process_name", "ph": "M", "pid": 1, "tid": 1},
        {"ts": 0, "args": {"name": "MainThread"}, "name": "thread_name", "ph": "M", "pid": 1, "tid": 1},
        {"ts": 1, "args": {"q": 0}, "cat": "threadline", "id": "1", "name": "queue depth", "ph": "C", "pid": 1,
         "tid": 1},
        {"ts": 2, "cat": "threadline", "args": {"queue": "q", "item": 1, "depth": 1, "value": "'job \"a\"'"},
         "name": "put", "ph": "i", "pid": 1, "s": "t", "tid": 1},
        {"ts": 3, "cat": "threadline", "args": {"queue": "q", "item": 1, "depth": 0, "value": "'job \"a\"'"},
         "name": "get", "ph": "i", "pid": 1, "s": "t", "tid": 1},
        {"ts": 4, "cat": "threadline", "args": {"queue": "gone", "item": 1, "depth": 1, "value": "7"},
         "name": "put", "ph": "i", "pid": 1, "s": "t", "tid": 1},
        {"ts": 5, "cat": "threadline", "args": {"queue": "gone", "item": 2, "depth": 2, "value": "8"},
         "name": "put", "ph": "i", "pid": 1, "s": "t", "tid": 1}
    ]})"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    const TraceStore& store = *loaded->store;
    const QueueInfo* q = nullptr;
    for (const QueueInfo& info : store.queues())
        q = info.name == QStringLiteral("q") ? &info : q;
    QVERIFY(q);
    QCOMPARE(store.itemValue(q->id, 1), QStringLiteral("'job \"a\"'"));
    for (EventId id = 0; id < store.eventCount(); ++id)
        QVERIFY(store.event(id).kind != EventKind::ItemValue);
    QCOMPARE(loaded->warnings.filter(QStringLiteral("'gone'")),
             QStringList{QStringLiteral("'gone' names no queue of the file; left unknown (and 1 more like it)")});
}

QTEST_GUILESS_MAIN(TestThreadlineRoundTrip)
#include "tst_threadlineroundtrip.moc"
