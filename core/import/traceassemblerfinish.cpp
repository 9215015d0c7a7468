// TraceAssembler::finish() and what it needs: putting every lane in order once the whole file is read.
#include "import/lanesequencer.h"
#include "import/traceassembler.h"
#include "import/tracenumbers.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <limits>
#include <optional>
#include <utility>

#include <algorithm>
#include <cmath>

namespace tl::import {

void TraceAssembler::resolveOwnWords(Event& e)
{
    const EventSchema& s = schemaOf(e.kind);
    const ArgRole roles[] = {s.a.role, s.b.role, s.c.role};
    std::uint32_t* words[] = {&e.a, &e.b, &e.c};
    for (int i = 0; i < 3; ++i) {
        if (roles[i] != ArgRole::Lane && roles[i] != ArgRole::Queue)
            continue;
        // The word holds the name's StringId (ThreadlineVocabulary::fillWords); 0 (no arg) stays 0.
        if (*words[i] == 0)
            continue;
        std::optional<std::uint32_t> id;
        if (roles[i] == ArgRole::Lane && (*words[i] & ThreadlineVocabulary::kLaneByTid) != 0) {
            // Named by its tid too: that lane, if the file has it.
            const std::uint32_t lane = *words[i] & ~ThreadlineVocabulary::kLaneByTid;
            *words[i] = lane < m_lanes.size() ? lane : kNoValue;
            if (*words[i] == kNoValue)
                m_issues.add(QStringLiteral("own-name"),
                             QStringLiteral("tid %1 is no thread of the file; left unknown").arg(lane + 1));
            continue;
        }
        const QString name = m_strings->text(*words[i]);
        if (roles[i] == ArgRole::Lane) {
            // An index rather than a scan per word: 10,000 joins of 1,000 threads took seconds.
            if (m_firstLaneNamed.isEmpty()) {
                for (std::size_t l = m_lanes.size(); l-- > 0;)
                    m_firstLaneNamed.insert(m_lanes[l].name, static_cast<LaneId>(l));
            }
            if (const auto it = m_firstLaneNamed.constFind(name); it != m_firstLaneNamed.cend())
                id = *it;
        } else {
            for (const QueueRecord& q : m_queues) {
                if (q.uniqueName == name)
                    id = q.id;
            }
        }
        // An item's words name their put's queue, whose own unknown name is told already.
        if (!id && e.kind != EventKind::ItemValue)
            m_issues.add(
                QStringLiteral("own-name"),
                QStringLiteral("'%1' names no %2 of the file; left unknown")
                    .arg(name, roles[i] == ArgRole::Lane ? QStringLiteral("thread") : QStringLiteral("queue")));
        *words[i] = id.value_or(kNoValue);
    }
    if (e.kind == EventKind::Start && e.a < m_lanes.size() && m_lanes[e.a].daemon)
        e.flags |= EventFlag::Daemon;
}

// ThreadName for every lane, GroupName for every process of another tool's trace, and QueueCreated for
// every queue of a Threadline export (at its counter's first point: the queue's creation).
void TraceAssembler::addNamesAndQueues(std::vector<PendingPoint>& points)
{
    std::vector<std::int64_t> first(m_lanes.size(), std::numeric_limits<std::int64_t>::max());
    for (const PendingSpan& s : m_spans)
        first[s.open.lane] = std::min(first[s.open.lane], s.open.ts);
    for (const PendingPoint& p : points)
        first[p.event.lane] = std::min(first[p.event.lane], p.event.ts);
    // A lane named but with no event of its own (an idle thread's thread_name, every event of it skipped) is named
    // at the trace's first moment: at 0, it made the origin of a trace on Chrome's clock 0 and its run 360,000 s long.
    const std::int64_t none = std::numeric_limits<std::int64_t>::max();
    const std::int64_t earliest = first.empty() ? none : *std::min_element(first.begin(), first.end());
    auto firstTs = [&](LaneId lane) { return first[lane] != none ? first[lane] : earliest != none ? earliest : 0; };
    // Our own export's renames (`t.name = "b"`), each an instant at its moment: the last names the lane as its
    // thread_name does.
    std::vector<std::optional<std::pair<std::int64_t, StringId>>> lastRename(m_lanes.size()); // (ts, name)
    for (const PendingPoint& p : points) {
        std::optional<std::pair<std::int64_t, StringId>>& last = lastRename[p.event.lane];
        if (m_own && p.event.kind == EventKind::ThreadName && (!last || last->first <= p.event.ts))
            last = std::pair{p.event.ts, StringId(p.event.a)};
    }
    for (std::size_t l = 0; l < m_lanes.size(); ++l) {
        const LaneRecord& r = m_lanes[l];
        // Our own export's thread created: the run's event itself, which names the lane as ThreadName would; by a
        // creator the file names, else by none (a crafted created_by once grew the lanes to it, under a reference).
        // A thread renamed since is named by its renames; one whose renames the file does not have (an export of
        // before they were written) is named again, from its first moment, by its final name.
        if (m_own && r.created) {
            Event created = *r.created;
            if (created.a != kNoValue && created.a >= m_lanes.size())
                created.a = kNoValue;
            const StringId finalName = lastRename[l] ? lastRename[l]->second : created.b;
            points.push_back({created, 0});
            if (m_strings->intern(r.name) == finalName && r.group == kNoValue)
                continue;
        }
        Event e{};
        e.lane = static_cast<LaneId>(l);
        e.ts = firstTs(e.lane);
        e.kind = EventKind::ThreadName;
        const QString name = r.named || m_own ? r.name : QStringLiteral("thread %1").arg(r.tidText);
        e.a = m_strings->intern(name);
        e.b = r.group; // kNoValue for our own export's lanes, but those of another tool's processes it kept
        // Our own lanes of one process come in their run's order with no sort index of their own; a renamed one given
        // its own sorted before them all (a thread renamed went above MainThread, read back).
        e.c = m_own && r.group == kNoValue ? kNoValue : r.sortIndex;
        e.flags = r.daemon ? EventFlag::Daemon : 0;
        points.push_back({e, 0});
    }
    for (const GroupRecord& g : m_groups) {
        if (g.firstLane == kNoValue)
            continue;
        Event e{};
        e.lane = g.firstLane;
        e.ts = firstTs(g.firstLane);
        e.kind = EventKind::GroupName;
        e.a = g.id;
        e.b = m_strings->intern(g.name.isEmpty() ? QStringLiteral("process %1").arg(g.id) : g.name);
        e.c = g.sortIndex;
        points.push_back({e, 0});
    }
    // The store names the second queue called "jobs" "jobs#2": give it back its name so that it does so again.
    static const QRegularExpression suffix(QStringLiteral("^(.*)#(\\d+)$"));
    QHash<QString, int> uses;
    for (const QueueRecord& q : m_queues) {
        QString name = q.uniqueName;
        if (const QRegularExpressionMatch m = suffix.match(name);
            m.hasMatch() && uses.value(m.captured(1)) + 1 == m.captured(2).toInt())
            name = m.captured(1);
        ++uses[name];
        Event e{};
        e.ts = q.firstTs;
        e.lane = q.lane;
        e.kind = EventKind::QueueCreated;
        e.a = q.id;
        e.b = m_strings->intern(name);
        e.c = q.maxsize;
        e.line = q.line;
        e.seq = q.file;
        if (m_lanes.size() <= q.lane)
            m_lanes.resize(q.lane + 1);
        points.push_back({e, 0});
    }
}

TraceMetadata TraceAssembler::ownMetadata(const QJsonObject& other, std::uint64_t& dropped)
{
    TraceMetadata meta;
    meta.scenarioId = other.value(QStringLiteral("scenario")).toString();
    meta.scenarioTitle = other.value(QStringLiteral("title")).toString();
    // "max": every wait jumped over at once (TraceMetadata::isMaxSpeed).
    const QJsonValue speed = other.value(QStringLiteral("speed"));
    meta.speed = speed == QLatin1String("max") ? std::numeric_limits<double>::infinity() : speed.toDouble(1.0);
    // What ran it, as the exporter writes it (TraceMetadata).
    const auto text = [&other](const char* key) { return other.value(QLatin1String(key)).toString(); };
    const auto texts = [&other](const char* key) {
        QStringList out;
        for (const QJsonValue& v : other.value(QLatin1String(key)).toArray())
            out << v.toString();
        return out;
    };
    meta.source = text("source");
    meta.interpreter = text("interpreter");
    meta.executable = text("executable");
    meta.script = text("script");
    meta.module = text("module");
    meta.args = texts("args");
    meta.problems = texts("problems");
    meta.stopped = other.value(QStringLiteral("stopped")).toBool(false);
    meta.cutShort = other.value(QStringLiteral("cut_short")).toBool(false);
    const QJsonObject parameters = other.value(QStringLiteral("parameters")).toObject();
    for (auto it = parameters.begin(); it != parameters.end(); ++it)
        meta.parameters.append({it.key(), it.value().toVariant()});
    const double lost = other.value(QStringLiteral("dropped_events")).toDouble(0);
    dropped = lost > 0 && lost < 1.8e19 ? static_cast<std::uint64_t>(lost) : 0;
    return meta;
}

// Our own export's primitives (otherData.primitives) come back as the SyncCreated events they were: their
// names, and which of them are semaphores. A malformed entry is left out with a warning: its primitive then
// reads "primitive@N", as in an export from before they were written.
void TraceAssembler::addPrimitives(const QJsonObject& other, std::vector<PendingPoint>& points)
{
    const QJsonArray primitives = other.value(QStringLiteral("primitives")).toArray();
    for (qsizetype i = 0; i < primitives.size(); ++i) {
        const QJsonObject p = primitives[i].toObject();
        const QString name = p.value(QStringLiteral("name")).toString();
        const QByteArray tsText = p.value(QStringLiteral("ts")).toString().toLatin1();
        const std::optional<std::int64_t> ts = microsToNanos(std::string_view(tsText.data(), tsText.size()));
        const double id = p.value(QStringLiteral("id")).toDouble(-1);
        const double tid = p.value(QStringLiteral("tid")).toDouble(0);
        std::optional<SyncType> type;
        for (int t = 0; t < static_cast<int>(SyncType::Count_); ++t) {
            if (p.value(QStringLiteral("type")).toString() ==
                QLatin1String(syncTypeName(static_cast<SyncType>(t)).data()))
                type = static_cast<SyncType>(t);
        }
        if (name.isEmpty() || !ts || !type || id < 0 || id >= 4294967295.0 || id != std::floor(id) || tid < 1 ||
            tid > kMaxOwnTid || tid != std::floor(tid)) {
            m_issues.add(QStringLiteral("own-primitive"),
                         QStringLiteral("otherData.primitives[%1] is not {id, name, type, tid, ts}; left out").arg(i));
            continue;
        }
        Event e{};
        e.ts = *ts;
        e.lane = static_cast<LaneId>(tid) - 1;
        e.kind = EventKind::SyncCreated;
        e.a = static_cast<std::uint32_t>(id);
        e.b = m_strings->intern(name);
        e.c = static_cast<std::uint32_t>(*type);
        readSource(p, e.line, e.seq);
        if (m_lanes.size() <= e.lane)
            m_lanes.resize(e.lane + 1);
        points.push_back({e, 0});
    }
}

// Our own export's queue sizes (otherData.queues: {id, maxsize}). A malformed entry is left out with a
// warning: its queue then reads as unbounded, as in an export from before they were written.
void TraceAssembler::readQueueSizes(const QJsonObject& other)
{
    const QJsonArray queues = other.value(QStringLiteral("queues")).toArray();
    for (qsizetype i = 0; i < queues.size(); ++i) {
        const QJsonObject q = queues[i].toObject();
        const double id = q.value(QStringLiteral("id")).toDouble(-1);
        const double maxsize = q.value(QStringLiteral("maxsize")).toDouble(-1);
        const auto record =
            std::find_if(m_queues.begin(), m_queues.end(), [id](const QueueRecord& r) { return r.id == id; });
        if (record == m_queues.end() || maxsize < 0 || maxsize > 2147483647.0 || maxsize != std::floor(maxsize)) {
            m_issues.add(QStringLiteral("own-queue"),
                         QStringLiteral("otherData.queues[%1] is not {id, maxsize} of a queue; left out").arg(i));
            continue;
        }
        record->maxsize = static_cast<std::uint32_t>(maxsize);
        const double tid = q.value(QStringLiteral("tid")).toDouble(0);
        if (tid >= 1 && tid <= kMaxOwnTid && tid == std::floor(tid))
            record->lane = static_cast<LaneId>(tid) - 1;
        readSource(q, record->line, record->file);
    }
}

void TraceAssembler::readSource(const QJsonObject& entry, std::uint16_t& line, StringId& file)
{
    const double n = entry.value(QStringLiteral("line")).toDouble(0);
    if (n < 1 || n > 0xFFFF || n != std::floor(n))
        return;
    line = static_cast<std::uint16_t>(n);
    if (const QJsonValue f = entry.value(QStringLiteral("file")); f.isString())
        file = m_strings->intern(f.toString());
}

void TraceAssembler::takeFiles(ImportedTrace& out)
{
    for (std::size_t i = 0; i < out.events.size(); ++i) {
        Event& e = out.events[i];
        if (e.seq != 0)
            out.files.push_back({i, e.seq});
        e.seq = 0;
    }
}

std::optional<QString> TraceAssembler::implausibleLanes(const ReadOutcome& outcome) const
{
    if (!m_own || m_lanes.size() <= 2 * outcome.events + 1)
        return std::nullopt;
    return QStringLiteral("its tids run to %1, but a Threadline export of %2 events numbers at most %3 threads")
        .arg(m_lanes.size())
        .arg(outcome.events)
        .arg(outcome.events / 2);
}

ImportedTrace TraceAssembler::finish(const ReadOutcome& outcome)
{
    ImportedTrace out;
    out.strings = m_strings;
    out.threadline = m_own;
    out.truncated = outcome.truncated;
    if (outcome.truncated)
        m_issues.addLine(QStringLiteral("%1: read %2 before it")
                             .arg(outcome.truncation, outcome.events == 0
                                                          ? QStringLiteral("no event")
                                                          : QStringLiteral("the ") +
                                                                counted(qint64(outcome.events), QStringLiteral("event"),
                                                                        QStringLiteral("events"))));
    if (outcome.notObjects > 0)
        m_issues.addLine(
            outcome.notObjects == 1
                ? QStringLiteral("1 element of traceEvents is not an object; skipped")
                : QStringLiteral("%1 elements of traceEvents are not objects; skipped").arg(outcome.notObjects));
    for (const auto& open : m_openB) {
        if (!open.empty())
            m_issues.add(QStringLiteral("b-open"),
                         QStringLiteral("%1 B events have no E; their slices stay open").arg(open.size()));
    }

    std::vector<PendingPoint> points = std::move(m_points);
    if (m_own) {
        out.metadata = ownMetadata(outcome.otherData, out.droppedEvents);
        addPrimitives(outcome.otherData, points);
        readQueueSizes(outcome.otherData);
        for (PendingSpan& s : m_spans) {
            resolveOwnWords(s.open);
            if (s.closeKind == EventKind::JoinEnd && !m_sawAnchors)
                s.closeFlags = 0; // an export from before "joined" instants: its joins did not time out
            // A wait that ends past where a cut file ends may have its put, get or "joined" instant in what was
            // cut: the file does not say that it timed out ("join timed out" was shown for a join that ended well). At
            // the latest ts read too: the export orders ties by lane, and the instant may be on a later lane.
            if (outcome.truncated && s.end != kOpenEnd && s.end >= m_latestTs &&
                !(s.closeFlags & EventFlag::Interrupted))
                s.closeFlags = 0;
        }
        for (PendingPoint& p : points)
            resolveOwnWords(p.event);
        for (auto it = m_ownFlowStarts.cbegin(); it != m_ownFlowStarts.cend(); ++it) {
            const auto end = m_ownFlowEnds.constFind(it.key());
            if (end == m_ownFlowEnds.cend() || end->name != it->name) {
                m_issues.add(
                    QStringLiteral("own-flow-pair"),
                    QStringLiteral("flow %1 (%2) has no end of its name; not checked").arg(it.key()).arg(it->name));
                continue;
            }
            out.flows.push_back({it->name, it->lane, it->ts, end->lane, end->ts});
        }
    }
    addNamesAndQueues(points);

    // Per lane: its slices' begins (for flows that bind to the next slice), its spans and its points.
    std::vector<std::vector<std::uint32_t>> spansOf(m_lanes.size());
    for (std::size_t i = 0; i < m_spans.size(); ++i)
        spansOf[m_spans[i].open.lane].push_back(static_cast<std::uint32_t>(i));
    if (!m_flows.empty()) {
        std::vector<std::vector<std::int64_t>> begins(m_lanes.size());
        for (const PendingSpan& s : m_spans)
            begins[s.open.lane].push_back(s.open.ts);
        for (auto& b : begins)
            std::sort(b.begin(), b.end());
        const FlowResolver::Outcome flows = m_flows.resolve(begins, points);
        if (flows.unfinished > 0)
            m_issues.addLine(QStringLiteral("%1 flows start and never end; not drawn").arg(flows.unfinished));
        if (flows.orphans > 0)
            m_issues.addLine(
                QStringLiteral("%1 flow steps or ends have no start before them; not drawn").arg(flows.orphans));
    }
    std::vector<std::vector<PendingPoint>> pointsOf(m_lanes.size());
    for (PendingPoint& p : points)
        pointsOf[p.event.lane].push_back(p);
    points = {};

    std::size_t dropped = 0;
    std::vector<PendingSpan> laneSpans;
    for (std::size_t l = 0; l < m_lanes.size(); ++l) {
        laneSpans.clear();
        for (std::uint32_t i : spansOf[l])
            laneSpans.push_back(m_spans[i]);
        std::sort(laneSpans.begin(), laneSpans.end(), [](const PendingSpan& x, const PendingSpan& y) {
            if (x.open.ts != y.open.ts)
                return x.open.ts < y.open.ts;
            return x.end != y.end ? x.end > y.end : x.order < y.order;
        });
        auto& lanePoints = pointsOf[l];
        std::stable_sort(lanePoints.begin(), lanePoints.end(), [](const PendingPoint& x, const PendingPoint& y) {
            return x.event.ts != y.event.ts ? x.event.ts < y.event.ts : x.order < y.order;
        });
        dropped += LaneSequencer::sequence(laneSpans, lanePoints, out.events);
        lanePoints = {};
    }
    if (dropped > 0)
        m_issues.addLine(QStringLiteral("%1 slices overlap a slice of their thread without nesting in it; dropped, "
                                        "as Perfetto drops them")
                             .arg(dropped));
    m_spans = {};
    // By time across lanes; stable, so each lane keeps the order the sequencer gave it.
    std::stable_sort(out.events.begin(), out.events.end(), [](const Event& x, const Event& y) { return x.ts < y.ts; });
    if (!m_own && !out.events.empty()) {
        const std::int64_t origin = out.events.front().ts;
        for (Event& e : out.events)
            e.ts -= origin;
    }
    takeFiles(out);
    out.warnings = m_issues.lines();
    return out;
}

} // namespace tl::import
