#include "chrometracecontract.h"

#include "perfettoreplay.h"

#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <tuple>

#ifndef THREADLINE_VERSION
#define THREADLINE_VERSION "unknown"
#endif

namespace tl::test {

namespace {

const QSet<QString> kSpanNames = {"run",       "sleep",      "get",          "put",      "join",       "queue.join",
                                  "exit-wait", "accept",     "recv",         "send",     "task",       "acquire",
                                  "cond.wait", "event.wait", "barrier.wait", "starting", "future.wait"};
// The synchronization primitives' instants (issue 13), with the ends of their waits: a wait that was woken
// (not timed out) says so, as "joined" does for a join, so that the arrow reaching it binds to an event; so
// do a future's wait and the pool task's end that released it (issue 11). A task's submission has its instant,
// which the run's event list has: read back without it, the file lost every submit.
const QSet<QString> kInstantNames = {
    "start",          "put",        "get",          "task_done",  "print",       "error",
    "daemon-stopped", "stopped",    "exit",         "end",        "joined",      "exit-wait-end",
    "acquired",       "released",   "notify",       "notify_all", "set",         "clear",
    "broken",         "timer.fire", "timer.cancel", "cond.woken", "event.woken", "barrier.passed",
    "deadlock",       "task.end",   "future.done",  "stall",      "task.submit"};

bool isWholeNumber(const QJsonValue& v)
{
    return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
}

// A time as Perfetto reads it: llround(microseconds * 1000) nanoseconds.
qint64 nsOf(const QJsonValue& microseconds)
{
    return std::llround(microseconds.toDouble() * 1000);
}

qint64 endOf(const QJsonObject& x)
{
    return nsOf(x.value("ts")) + nsOf(x.value("dur"));
}

// Whether a JSON number, read as microseconds, is a whole number of nanoseconds: at most three decimals
// once its trailing zeros and its exponent are counted ("2000", "1.500", "1.5e-3" are; "1.0005" is not).
bool wholeNanoseconds(const QString& number)
{
    static const QRegularExpression parts(QStringLiteral(R"(^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$)"));
    const QRegularExpressionMatch m = parts.match(number);
    if (!m.hasMatch())
        return false;
    QString digits = m.captured(1) + m.captured(2);
    qint64 scale = m.captured(3).toLongLong() - m.captured(2).size(); // number = digits * 10^scale
    while (digits.size() > 1 && digits.endsWith(QLatin1Char('0'))) {
        digits.chop(1);
        ++scale;
    }
    return scale >= -3;
}

// The contract's own words for each kind, written out here rather than taken from flowKindName(): the
// test states what a file must say, independently of the code that says it.
QString flowName(Flow::Kind kind)
{
    switch (kind) {
    case Flow::Kind::Start:
        return QStringLiteral("start");
    case Flow::Kind::Item:
        return QStringLiteral("item");
    case Flow::Kind::Join:
        return QStringLiteral("join");
    case Flow::Kind::ExitWait:
        return QStringLiteral("exit-wait");
    case Flow::Kind::Release:
        return QStringLiteral("release");
    case Flow::Kind::Notify:
        return QStringLiteral("notify");
    case Flow::Kind::Set:
        return QStringLiteral("set");
    case Flow::Kind::Barrier:
        return QStringLiteral("barrier");
    case Flow::Kind::Done:
        return QStringLiteral("done");
    case Flow::Kind::Other:
        break;
    }
    return {};
}

QString brief(const QJsonObject& event)
{
    return QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact));
}

} // namespace

ChromeTraceContract::ChromeTraceContract(const QByteArray& json, const TraceStore& store)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        fail(QStringLiteral("not a JSON object: %1 at offset %2").arg(error.errorString()).arg(error.offset));
        return;
    }
    m_root = doc.object();
    m_events = m_root.value("traceEvents").toArray();
    checkTimeFormat(json);
    checkTopLevel(store);
    checkMetadata(store);
    checkSpans();
    checkInstants();
    checkCounters(store);
    checkFlows(store);
}

void ChromeTraceContract::fail(const QString& rule, const QJsonObject& event)
{
    if (m_violations.size() < 40) // enough to see the pattern
        m_violations << (event.isEmpty() ? rule : QStringLiteral("%1: %2").arg(rule, brief(event)));
}

std::vector<QJsonObject> ChromeTraceContract::events(const QString& ph, const QString& name) const
{
    std::vector<QJsonObject> out;
    for (const QJsonValue& v : m_events) {
        const QJsonObject e = v.toObject();
        if (e.value("ph").toString() == ph && (name.isEmpty() || e.value("name").toString() == name))
            out.push_back(e);
    }
    return out;
}

int ChromeTraceContract::tidOf(const QString& threadName) const
{
    for (const QJsonObject& m : events("M", "thread_name")) {
        if (m.value("args").toObject().value("name").toString() == threadName)
            return m.value("tid").toInt();
    }
    return -1;
}

// Perfetto reads ts and dur as llround(value * 1000) ns: a fourth decimal would be rounded away, and the
// exporter writes the store's nanoseconds exactly, so no time may have one. Read from the text, since
// QJsonDocument keeps only the double.
void ChromeTraceContract::checkTimeFormat(const QByteArray& json)
{
    static const QRegularExpression time(QStringLiteral(R"re([{,]\s*"(ts|dur)"\s*:\s*([-+.0-9eE]+))re"));
    for (auto it = time.globalMatch(QString::fromUtf8(json)); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (!wholeNanoseconds(m.captured(2)))
            fail(
                QStringLiteral("a %1 that is not a whole number of nanoseconds: %2").arg(m.captured(1), m.captured(2)));
    }
}

void ChromeTraceContract::checkTopLevel(const TraceStore& store)
{
    if (!m_root.value("traceEvents").isArray())
        fail("traceEvents is not an array");
    if (m_root.value("displayTimeUnit").toString() != "ms")
        fail("displayTimeUnit is not \"ms\"");
    const QJsonObject other = m_root.value("otherData").toObject();
    const TraceMetadata& meta = store.metadata();
    if (other.value("scenario").toString() != meta.scenarioId)
        fail("otherData.scenario is not the scenario id");
    const QJsonValue speed = other.value("speed");
    if (meta.isMaxSpeed() ? speed.toString() != QLatin1String("max")
                          : (!speed.isDouble() || speed.toDouble() != meta.speed))
        fail("otherData.speed is not the run's speed");
    if (other.value("version").toString() != QStringLiteral(THREADLINE_VERSION))
        fail("otherData.version is not THREADLINE_VERSION");
    if (!isWholeNumber(other.value("dropped_events")) ||
        other.value("dropped_events").toInteger() != static_cast<qint64>(store.droppedEvents()))
        fail("otherData.dropped_events is not the store's dropped count");
    const QJsonObject parameters = other.value("parameters").toObject();
    if (!other.value("parameters").isObject() || parameters.size() != meta.parameters.size())
        fail("otherData.parameters does not hold exactly the run's parameters");
    for (const auto& [key, value] : meta.parameters) {
        if (parameters.value(key) != QJsonValue::fromVariant(value))
            fail(QStringLiteral("otherData.parameters.%1 is not the run's value").arg(key));
    }

    const QSet<QString> phases = {"M", "X", "i", "C", "s", "f"};
    qint64 lastTs = 0;
    for (const QJsonValue& v : m_events) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value("ph").toString();
        if (!v.isObject() || !phases.contains(ph))
            fail("an event with an unexpected phase", e);
        if (e.value("name").toString().isEmpty())
            fail("an event without a name", e);
        if (e.value("pid").toInt(-1) != 1)
            fail("pid is not 1", e);
        if (!isWholeNumber(e.value("tid")) || e.value("tid").toInt() < 1 ||
            e.value("tid").toInt() > static_cast<int>(store.laneCount()))
            fail("tid is not a lane's tid", e);
        if (ph == "M")
            continue;
        // Optional in the format, but Chromium's DevTools viewer fails on an event without a category.
        if (e.value("cat").toString().isEmpty())
            fail("an event without a cat", e);
        const qint64 ts = nsOf(e.value("ts"));
        if (!e.value("ts").isDouble() || ts < 0)
            fail("ts is not a number of microseconds >= 0", e);
        if (ts < lastTs)
            fail("events are not written in time order", e);
        lastTs = ts;
        // Microseconds of scenario time: nothing may lie past the store's last event.
        if (ts > store.endTs())
            fail("ts lies after the store's last event (not microseconds?)", e);
    }
}

void ChromeTraceContract::checkMetadata(const TraceStore& store)
{
    const auto lanes = static_cast<int>(store.laneCount());
    QString mainName;
    QMap<int, int> names;
    QMap<int, int> sortIndex;
    for (const QJsonObject& m : events("M")) {
        const QString name = m.value("name").toString();
        const int tid = m.value("tid").toInt();
        const QJsonObject args = m.value("args").toObject();
        if (name == "thread_name") {
            if (names.contains(tid))
                fail("two thread_name events for one tid", m);
            names[tid] = 1;
            if (tid < 1 || tid > lanes)
                continue;
            const LaneInfo& lane = store.lane(static_cast<LaneId>(tid - 1));
            const QString expected = lane.name.isEmpty() ? QStringLiteral("lane-%1").arg(tid - 1) : lane.name;
            if (args.value("name").toString() != expected)
                fail(QStringLiteral("thread_name is not the lane's Python name '%1'").arg(expected), m);
            if (args.value("daemon").toBool() != lane.daemon)
                fail("thread_name args.daemon is not the lane's daemon flag", m);
            m_laneNames << args.value("name").toString();
            if (tid == 1)
                mainName = m_laneNames.constLast();
        } else if (name == "thread_sort_index") {
            if (sortIndex.contains(tid))
                fail("two thread_sort_index events for one tid", m);
            sortIndex[tid] = args.value("sort_index").toInt(-1);
        } else if (name != "process_name") {
            fail("an unexpected metadata event", m);
        }
    }
    if (names.size() != lanes)
        fail(QStringLiteral("%1 thread_name events for %2 lanes").arg(names.size()).arg(lanes));
    if (sortIndex.size() != lanes)
        fail(QStringLiteral("%1 thread_sort_index events for %2 lanes").arg(sortIndex.size()).arg(lanes));
    const std::vector<LaneId> order = store.laneOrder();
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (sortIndex.value(static_cast<int>(order[i]) + 1, -1) != static_cast<int>(i))
            fail(QStringLiteral("thread_sort_index of lane %1 is not its start order %2").arg(order[i]).arg(i));
    }
    if (lanes > 0 && (sortIndex.value(1, -1) != 0 || mainName != "MainThread"))
        fail("MainThread is not tid 1 with sort index 0");
}

void ChromeTraceContract::checkSpans()
{
    QMap<int, std::vector<QJsonObject>> byTid;
    for (const QJsonObject& x : events("X")) {
        const QString name = x.value("name").toString();
        if (!kSpanNames.contains(name))
            fail("an X span with a name outside the contract", x);
        if (!x.value("dur").isDouble() || nsOf(x.value("dur")) < 0)
            fail("an X span without a dur >= 0", x);
        const QJsonObject args = x.value("args").toObject();
        if (name == "join" && !m_laneNames.contains(args.value("target").toString()))
            fail("a join span whose args.target is not a thread name", x);
        if ((name == "get" || name == "put" || name == "queue.join") && args.value("queue").toString().isEmpty())
            fail("a queue span without args.queue", x);
        byTid[x.value("tid").toInt()].push_back(x);
    }
    for (auto& spans : byTid) {
        // Parents first: by begin, then the longer one. In nanoseconds, so a child that ends 1 ns after
        // its parent is caught.
        std::stable_sort(spans.begin(), spans.end(), [](const QJsonObject& a, const QJsonObject& b) {
            const qint64 ta = nsOf(a.value("ts")), tb = nsOf(b.value("ts"));
            return ta != tb ? ta < tb : endOf(a) > endOf(b);
        });
        std::vector<QJsonObject> stack;
        for (const QJsonObject& x : spans) {
            const qint64 ts = nsOf(x.value("ts"));
            const auto contains = [&](const QJsonObject& p) {
                return nsOf(p.value("ts")) <= ts && endOf(x) <= endOf(p);
            };
            while (!stack.empty() && !contains(stack.back()) && endOf(stack.back()) <= ts)
                stack.pop_back();
            if (!stack.empty() && !contains(stack.back()))
                fail("X spans on one lane overlap without nesting", x);
            if (x.value("name").toString() != "run" &&
                std::none_of(stack.begin(), stack.end(), [](const QJsonObject& p) { return p.value("name") == "run"; }))
                fail("an X span outside its thread's run span", x);
            stack.push_back(x);
        }
    }
}

bool ChromeTraceContract::insideSpan(int tid, qint64 ns) const
{
    for (const QJsonObject& x : events("X")) {
        if (x.value("tid").toInt() == tid && nsOf(x.value("ts")) <= ns && ns <= endOf(x))
            return true;
    }
    return false;
}

void ChromeTraceContract::checkInstants()
{
    for (const QJsonObject& i : events("i")) {
        const QString name = i.value("name").toString();
        const QJsonObject args = i.value("args").toObject();
        if (!kInstantNames.contains(name))
            fail("an instant with a name outside the contract", i);
        if (i.value("s").toString() != "t")
            fail("an instant without thread scope (\"s\": \"t\")", i);
        if (name == "start" && !m_laneNames.contains(args.value("target").toString()))
            fail("a start instant whose args.target is not a thread name", i);
        if ((name == "put" || name == "get") &&
            (args.value("queue").toString().isEmpty() || !isWholeNumber(args.value("item")) ||
             !isWholeNumber(args.value("depth")) || args.value("depth").toDouble() < 0))
            fail("a put/get instant without args.queue, args.item and args.depth", i);
        if (name == "task_done" && args.value("queue").toString().isEmpty())
            fail("a task_done instant without args.queue", i);
        if (name == "print" && !args.value("text").isString())
            fail("a print instant without args.text", i);
        if (name == "error" && (args.value("type").toString().isEmpty() || !args.value("message").isString()))
            fail("an error instant without args.type and args.message", i);
        if (!insideSpan(i.value("tid").toInt(), nsOf(i.value("ts"))))
            fail("an instant outside every span of its lane", i);
    }
}

// Two kinds of counter. "queue depth", one per queue told apart by its id, {queue: depth}; and, for issue
// 13's semaphores, "<name> value" with the semaphore's id and {value}. Each is exactly the store's series.
void ChromeTraceContract::checkCounters(const TraceStore& store)
{
    QMap<QString, QString> queueKeyOfId;
    QMap<QString, std::vector<std::pair<qint64, double>>> queueSeries;     // by key (the queue's name)
    QMap<QString, std::vector<std::pair<qint64, double>>> semaphoreSeries; // by id
    QMap<QString, QString> semaphoreNameOfId;
    for (const QJsonObject& c : events("C")) {
        const QJsonObject args = c.value("args").toObject();
        const QString name = c.value("name").toString();
        const QString id = c.value("id").toString();
        const bool queue = name == QStringLiteral("queue depth");
        const bool semaphore = name.endsWith(QStringLiteral(" value")) && args.keys() == QStringList{"value"};
        if ((!queue && !semaphore) || args.size() != 1 || id.isEmpty()) {
            fail("a counter that is not \"queue depth\" {name: depth} or \"<name> value\" {value}, with an id", c);
            continue;
        }
        const QString key = args.keys().constFirst();
        if (!isWholeNumber(args.value(key)) || args.value(key).toDouble() < 0)
            fail("a queue depth or semaphore value that is not a whole number >= 0", c);
        const std::pair<qint64, double> point(nsOf(c.value("ts")), args.value(key).toDouble());
        if (queue) {
            if (queueKeyOfId.contains(id) && queueKeyOfId[id] != key)
                fail("one counter id with two keys", c);
            queueKeyOfId[id] = key;
            queueSeries[key].push_back(point);
        } else {
            if (semaphoreNameOfId.contains(id) && semaphoreNameOfId[id] != name)
                fail("one semaphore id with two counter names", c);
            semaphoreNameOfId[id] = name;
            semaphoreSeries[id].push_back(point);
        }
    }
    const auto same = [](const std::vector<std::pair<qint64, double>>& got,
                         const std::vector<std::pair<std::int64_t, std::uint32_t>>& want) {
        bool equal = got.size() == want.size();
        for (std::size_t p = 0; equal && p < got.size(); ++p)
            equal = got[p].first == want[p].first && got[p].second == want[p].second;
        return equal;
    };
    if (QSet<QString>(queueKeyOfId.cbegin(), queueKeyOfId.cend()).size() != queueKeyOfId.size())
        fail("two queues share one counter key");
    std::size_t withDepth = 0;
    for (const QueueInfo& q : store.queues()) {
        if (q.depth.empty())
            continue;
        ++withDepth;
        const QString key = queueKeyOfId.value(QString::number(q.id));
        if (!same(queueSeries.value(key), q.depth))
            fail(QStringLiteral("the counter of '%1' is not its series").arg(q.name));
        m_queueKeys << key;
    }
    if (static_cast<std::size_t>(queueSeries.size()) != withDepth)
        fail(QStringLiteral("%1 queue counters for %2 queues").arg(queueSeries.size()).arg(withDepth));
    std::size_t withValue = 0;
    for (const SemaphoreInfo& sem : store.semaphores()) {
        if (sem.value.empty())
            continue;
        ++withValue;
        const QString id = QString::number(sem.id);
        if (semaphoreNameOfId.value(id) != store.syncName(sem.id) + QStringLiteral(" value"))
            fail(QStringLiteral("the counter of semaphore '%1' is named '%2'")
                     .arg(store.syncName(sem.id), semaphoreNameOfId.value(id)));
        if (!same(semaphoreSeries.value(id), sem.value))
            fail(QStringLiteral("the counter of '%1' is not its series").arg(store.syncName(sem.id)));
    }
    if (static_cast<std::size_t>(semaphoreSeries.size()) != withValue)
        fail(QStringLiteral("%1 semaphore counters for %2 semaphores").arg(semaphoreSeries.size()).arg(withValue));
}

void ChromeTraceContract::checkFlows(const TraceStore& store)
{
    QMap<qint64, QJsonObject> starts;
    QMap<qint64, QJsonObject> ends;
    for (const QString& ph : {QStringLiteral("s"), QStringLiteral("f")}) {
        auto& into = ph == "s" ? starts : ends;
        for (const QJsonObject& e : events(ph)) {
            if (!isWholeNumber(e.value("id")))
                fail("a flow event without a numeric id", e);
            const qint64 id = e.value("id").toInteger();
            if (into.contains(id))
                fail("a flow id used twice", e);
            into[id] = e;
            if (ph == "f" && e.value("bp").toString() != "e")
                fail("a flow end without \"bp\": \"e\"", e);
            if (!insideSpan(e.value("tid").toInt(), nsOf(e.value("ts"))))
                fail("a flow event not on a slice of its lane", e);
        }
    }
    if (starts.keys() != ends.keys())
        fail("flow starts and ends are not paired by id");
    // (name, source tid, source ns, target tid, target ns): the store's flows, to the nanosecond.
    using Ends = std::tuple<QString, int, qint64, int, qint64>;
    std::vector<Ends> written;
    for (auto it = starts.cbegin(); it != starts.cend(); ++it) {
        const QJsonObject end = ends.value(it.key());
        if (end.value("name") != it->value("name") || end.value("cat") != it->value("cat"))
            fail("a flow whose s and f differ in name or cat (viewers pair by id, name and cat)", *it);
        if (nsOf(end.value("ts")) < nsOf(it->value("ts")))
            fail("a flow that ends before it starts", *it);
        written.emplace_back(it->value("name").toString(), it->value("tid").toInt(), nsOf(it->value("ts")),
                             end.value("tid").toInt(), nsOf(end.value("ts")));
    }
    if (static_cast<std::size_t>(starts.size()) != store.flows().size())
        fail(QStringLiteral("%1 flows for %2 in the store").arg(starts.size()).arg(store.flows().size()));
    std::vector<Ends> expected;
    for (const Flow& f : store.flows())
        expected.emplace_back(flowName(f.kind), static_cast<int>(f.fromLane) + 1, f.fromTs,
                              static_cast<int>(f.toLane) + 1, f.toTs);
    std::sort(written.begin(), written.end());
    std::sort(expected.begin(), expected.end());
    if (written != expected)
        fail("the flows are not the store's (kind, lanes and times to the nanosecond)");
    const PerfettoReplay perfetto(m_events);
    for (const QString& wrong : perfetto.wrongBindings())
        fail(wrong);
    checkDevToolsBindings(perfetto);
}

// Chrome DevTools binds a flow event to the first slice or instant in the file with the same ts, pid, tid
// and cat (its FlowsHandler; tst_devtoolsflows runs the real one): each flow event must have one, and it
// must be the event Perfetto binds the flow to, so that both tools draw the arrow between the same two
// events. Where several events stand at that very nanosecond on one thread, DevTools takes the first of
// them for every flow there, whatever the file says: then only the moment and the thread can agree.
void ChromeTraceContract::checkDevToolsBindings(const PerfettoReplay& perfetto)
{
    QHash<QString, int> firstAt; // "ts|pid|tid|cat" -> index of the first non-flow event there
    QHash<QString, int> countAt; // "ts|pid|tid|cat" -> non-flow events there
    const auto tuple = [](const QJsonObject& e) {
        return QStringLiteral("%1|%2|%3|%4")
            .arg(nsOf(e.value("ts")))
            .arg(e.value("pid").toInt())
            .arg(e.value("tid").toInt())
            .arg(e.value("cat").toString());
    };
    for (int i = 0; i < m_events.size(); ++i) {
        const QJsonObject e = m_events[i].toObject();
        const QString ph = e.value("ph").toString();
        if (ph == "s" || ph == "f" || ph == "t" || ph == "M")
            continue;
        if (!firstAt.contains(tuple(e)))
            firstAt.insert(tuple(e), i);
        ++countAt[tuple(e)];
    }
    std::vector<QJsonObject> flowEvents = events("s");
    const std::vector<QJsonObject> ends = events("f");
    flowEvents.insert(flowEvents.end(), ends.begin(), ends.end());
    for (const QJsonObject& e : flowEvents) {
        if (e.value("cat").toString() != "threadline")
            fail("a flow event whose cat is not the events' cat (DevTools binds by cat)", e);
        const int bound = firstAt.value(tuple(e), -1);
        const qint64 id = e.value("id").toInteger();
        const int perfettoBound = e.value("ph") == "s" ? perfetto.sourceOf(id) : perfetto.targetOf(id);
        if (bound < 0)
            fail("a flow event with no slice or instant of its ts, pid, tid and cat (DevTools binds none)", e);
        else if (bound != perfettoBound && countAt.value(tuple(e)) == 1)
            fail(QStringLiteral("a flow event DevTools binds to %1 but Perfetto to %2")
                     .arg(brief(m_events[bound].toObject()),
                          perfettoBound < 0 ? QStringLiteral("nothing") : brief(m_events[perfettoBound].toObject())),
                 e);
    }
}

} // namespace tl::test
