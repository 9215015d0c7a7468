#include "import/traceassembler.h"

#include "import/rawfieldtext.h"

#include "import/tracenumbers.h"
#include "trace/eventschema.h"

namespace tl::import {

using Type = RawTraceEvent::Type;

namespace {

// Chrome's instant scope: "g" the whole trace, "p" its process; "t", none or anything else its thread, as Chrome
// draws it.
MarkScope markScopeOf(const RawTraceEvent& e)
{
    if (e.scope.type == Type::String && e.scope.text == "g")
        return MarkScope::Global;
    if (e.scope.type == Type::String && e.scope.text == "p")
        return MarkScope::Process;
    return MarkScope::Thread;
}

} // namespace

TraceAssembler::TraceAssembler(std::shared_ptr<StringTable> strings)
    : m_strings(std::move(strings))
{
}

StringId TraceAssembler::intern(const std::string& text)
{
    const auto it = m_interned.find(text);
    if (it != m_interned.end())
        return it->second;
    const StringId id = m_strings->intern(qs(text));
    m_interned.emplace(text, id);
    return id;
}

void TraceAssembler::skip(const RawTraceEvent& e, const QString& kind, const QString& why)
{
    m_issues.add(kind, QStringLiteral("%1: %2; skipped").arg(eventPlace(e.index, e.offset), why));
}

StringId TraceAssembler::foreignCategory(const RawTraceEvent& e)
{
    const RawTraceEvent::Field* cat = isOwn(e) ? e.arg("cat") : &e.cat;
    return intern(cat && cat->type == Type::String ? cat->text : std::string());
}

bool TraceAssembler::isOwn(const RawTraceEvent& e) const
{
    return m_own && e.cat.type == Type::String && e.cat.text == "threadline";
}

std::uint32_t TraceAssembler::groupOf(const RawTraceEvent::Field& pid)
{
    const std::string key = (pid.type == Type::String ? "s" : "n") + pid.text;
    if (const auto it = m_groupByPid.find(key); it != m_groupByPid.end())
        return it->second;
    // A numeric pid is its group's id; a string pid (a writer's shortcut that Perfetto reads as the
    // process's name) gets an id above every 31-bit pid.
    // A number that cannot be an id (1.5, -1, 3e9) keeps its text as its name: "process 2147483648" named none of them.
    const std::optional<std::uint32_t> number = pid.type == Type::Number ? wholeU32(pid.text) : std::nullopt;
    const bool isId = number && *number < 0x80000000u;
    const std::uint32_t id = isId ? *number : 0x80000000u + static_cast<std::uint32_t>(m_groups.size());
    QString name;
    if (pid.type == Type::String)
        name = qs(pid.text);
    else if (!isId)
        name = QStringLiteral("process %1").arg(qs(pid.text));
    m_groups.push_back(GroupRecord{id, std::move(name), kNoValue, kNoValue});
    m_groupByPid.emplace(key, id);
    return id;
}

std::optional<LaneId> TraceAssembler::laneOf(const RawTraceEvent& e)
{
    if (m_own) {
        const std::optional<std::uint32_t> tid = e.tid.type == Type::Number ? wholeU32(e.tid.text) : std::nullopt;
        if (!tid || *tid == 0 || *tid > kMaxOwnTid) {
            skip(e, QStringLiteral("own-tid"), QStringLiteral("tid is not a lane of a Threadline export (1 and up)"));
            return std::nullopt;
        }
        const LaneId lane = *tid - 1;
        if (m_lanes.size() <= lane)
            m_lanes.resize(lane + 1);
        return lane;
    }
    // A global mark with no pid nor tid (Chrome reads neither for it) goes on the first thread: a lane of its own
    // made a process of its own, and a trace of one process became two, each thread named after it.
    if (!e.pid.isSet() && !e.tid.isSet() && !m_lanes.empty() && markScopeOf(e) == MarkScope::Global &&
        e.ph.type == Type::String && (e.ph.text == "i" || e.ph.text == "I"))
        return 0;
    // tid defaults to pid, as Perfetto reads it.
    const RawTraceEvent::Field& tid = e.tid.isSet() ? e.tid : e.pid;
    // Consecutive events are mostly of one thread: skip building the key for those.
    if (m_lastLane != kNoValue && e.pid.type == m_lastPid.type && tid.type == m_lastTid.type &&
        e.pid.text == m_lastPid.text && tid.text == m_lastTid.text)
        return m_lastLane;
    m_lastPid.type = e.pid.type;
    m_lastPid.text = e.pid.text;
    m_lastTid.type = tid.type;
    m_lastTid.text = tid.text;
    std::string key = (e.pid.type == Type::String ? "s" : "n") + e.pid.text + '\x1f' +
                      (tid.type == Type::String ? "s" : "n") + tid.text;
    if (const auto it = m_laneByKey.find(key); it != m_laneByKey.end())
        return m_lastLane = it->second;
    const auto lane = static_cast<LaneId>(m_lanes.size());
    LaneRecord record;
    record.group = groupOf(e.pid);
    record.tidText = qs(tid.text);
    if (tid.type == Type::String) {
        record.name = record.tidText;
        record.named = true;
    }
    m_lanes.push_back(record);
    for (GroupRecord& g : m_groups) {
        if (g.id == record.group && g.firstLane == kNoValue)
            g.firstLane = lane;
    }
    m_laneByKey.emplace(std::move(key), lane);
    return m_lastLane = lane;
}

bool TraceAssembler::event(const RawTraceEvent& e)
{
    if (!m_decided) {
        m_decided = true;
        const RawTraceEvent::Field* name = e.arg("name");
        m_own = e.ph.text == "M" && e.name.text == "process_name" && name && name->type == Type::String &&
                name->text.rfind("threadline: ", 0) == 0 && e.pid.type == Type::Number && e.pid.text == "1";
    }
    if (e.ph.type != Type::String || e.ph.text.size() != 1) {
        skip(e, QStringLiteral("no-ph"), QStringLiteral("no one-letter \"ph\""));
        return true;
    }
    const char ph = e.ph.text[0];
    if (std::string_view("XBEiIRCstfM").find(ph) == std::string_view::npos) {
        skip(e, QStringLiteral("ph-") + QChar::fromLatin1(ph),
             QStringLiteral("phase '%1' is not read (only M, X, B, E, i, I, C, s, t, f)").arg(QChar::fromLatin1(ph)));
        return true;
    }
    // A process's metadata names its group, not a thread: it makes no lane.
    if (ph == 'M' && e.name.text.rfind("process_", 0) == 0) {
        if (!m_own)
            processMetadata(e);
        return true;
    }
    const std::optional<LaneId> lane = laneOf(e);
    if (!lane)
        return true;
    if (m_openB.size() < m_lanes.size())
        m_openB.resize(m_lanes.size());
    if (ph == 'M') {
        metadataEvent(e, *lane);
        return true;
    }
    const std::optional<std::int64_t> ts =
        e.ts.type == Type::Number || e.ts.type == Type::String ? microsToNanos(e.ts.text) : std::nullopt;
    if (!ts) {
        if (e.ts.type == Type::Number)
            skip(e, QStringLiteral("ts-range"),
                 QStringLiteral("\"ts\" is out of range: past the 292 years either way that nanoseconds in 64 bits "
                                "hold"));
        else
            skip(e, QStringLiteral("no-ts"), QStringLiteral("\"ts\" is missing or not a number of microseconds"));
        return true;
    }
    m_latestTs = std::max(m_latestTs, *ts);
    switch (ph) {
    case 'X':
    case 'B':
        spanEvent(e, *lane, *ts, ph);
        break;
    case 'E':
        endEvent(e, *lane, *ts);
        break;
    case 'C':
        counterEvent(e, *lane, *ts);
        break;
    case 's':
    case 't':
    case 'f':
        flowEvent(e, *lane, *ts, ph);
        break;
    default:
        instantEvent(e, *lane, *ts);
        break;
    }
    return true;
}

void TraceAssembler::spanEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts, char ph)
{
    std::int64_t end = kOpenEnd;
    if (ph == 'X') {
        // A string is read as ts is ("dur": "50"), as Chrome and Perfetto coerce it.
        const std::optional<std::int64_t> dur =
            e.dur.type == Type::Number || e.dur.type == Type::String ? microsToNanos(e.dur.text) : std::nullopt;
        if (!dur || *dur < 0 || ts > kOpenEnd - 1 - *dur) {
            // A duration of 1e18 us is positive: what is wrong with it is its size, not its sign.
            const std::optional<double> given =
                e.dur.type == Type::Number || e.dur.type == Type::String ? number(e.dur.text) : std::nullopt;
            if (given && *given >= 0)
                skip(e, QStringLiteral("x-dur-range"),
                     QStringLiteral("an X event whose end is past the last nanosecond a trace can hold"));
            else
                skip(e, QStringLiteral("x-dur"), QStringLiteral("an X event without a \"dur\" >= 0"));
            return;
        }
        end = isOwn(e) && isTrue(e.arg("unfinished")) ? kOpenEnd : ts + *dur;
    }
    PendingSpan span;
    span.open.ts = ts;
    span.open.lane = lane;
    span.end = end;
    span.order = e.index;
    // A slice of another tool that Threadline exported is one still, whatever its name.
    const bool foreign = isOwn(e) && isTrue(e.arg("slice"));
    const std::optional<LaneState> state = isOwn(e) && !foreign ? m_vocabulary.spanState(e.name.text, e) : std::nullopt;
    if (state) {
        span.open.kind = m_vocabulary.openKind(*state);
        span.open.flags = ThreadlineVocabulary::socketFlags(*state);
        span.closeKind = m_vocabulary.closeKind(*state);
        span.close.kind = span.closeKind;
        QString bad = m_vocabulary.fillWords(span.open, e, *m_strings);
        if (const QString closeBad = m_vocabulary.fillWords(span.close, e, *m_strings); bad.isEmpty())
            bad = closeBad;
        if (!bad.isEmpty())
            m_issues.add(QStringLiteral("own-args"),
                         QStringLiteral("%1: args %2 unreadable; left out").arg(eventPlace(e.index, e.offset), bad));
        span.closeOwnWords = closeOwnWords(e, span.close);
        // A close the file does not show as an instant is a wait that timed out (the exporter writes a
        // put, a get and a "joined" only when they happened).
        if (schemaOf(span.closeKind).flags == FlagRole::TimedOut)
            span.closeFlags =
                isTrue(e.arg("interrupted")) ? EventFlag::TimedOut | EventFlag::Interrupted : EventFlag::TimedOut;
    } else {
        if (isOwn(e) && !foreign)
            m_issues.add(QStringLiteral("own-span"),
                         QStringLiteral("%1: span '%2' names no Threadline state; kept as a slice")
                             .arg(eventPlace(e.index, e.offset), qs(e.name.text)));
        span.open.kind = EventKind::SliceBegin;
        span.open.a = intern(e.name.type == Type::String ? e.name.text : std::string());
        span.open.b = foreignCategory(e);
        span.closeKind = EventKind::SliceEnd;
    }
    if (ph == 'B')
        m_openB[lane].push_back(static_cast<std::uint32_t>(m_spans.size()));
    m_spans.push_back(span);
    if (e.bindId.isSet())
        v2Flow(e, lane, ts, span.open.kind == EventKind::SliceBegin ? span.open.a : intern(e.name.text));
}

std::uint8_t TraceAssembler::closeOwnWords(const RawTraceEvent& e, Event& close)
{
    const EventSchema& s = schemaOf(close.kind);
    const ArgSpec* specs[] = {&s.a, &s.b, &s.c};
    std::uint32_t* words[] = {&close.a, &close.b, &close.c};
    std::uint8_t own = 0;
    for (int i = 0; i < 3; ++i) {
        const RawTraceEvent::Field* v = specs[i]->key ? e.arg(std::string("end_") + specs[i]->key) : nullptr;
        const std::optional<std::uint32_t> n = v && v->type == Type::Number ? wholeU32(v->text) : std::nullopt;
        if (!n)
            continue;
        *words[i] = *n;
        own |= static_cast<std::uint8_t>(1u << i);
    }
    return own;
}

void TraceAssembler::endEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts)
{
    auto& open = m_openB[lane];
    if (open.empty()) {
        skip(e, QStringLiteral("e-no-b"), QStringLiteral("an E with no B open on its thread"));
        return;
    }
    PendingSpan& span = m_spans[open.back()];
    open.pop_back();
    if (ts < span.open.ts) {
        m_issues.add(
            QStringLiteral("e-early"),
            QStringLiteral("%1: an E before its B; the slice is kept empty").arg(eventPlace(e.index, e.offset)));
        ts = span.open.ts;
    }
    span.end = ts;
}

void TraceAssembler::itemValue(const RawTraceEvent& e, const Event& ev)
{
    if (ev.kind != EventKind::PutDone && ev.kind != EventKind::GetDone)
        return;
    const RawTraceEvent::Field* value = e.arg("value");
    if (!value || value->type != Type::String || value->text.empty())
        return;
    // The put's queue and item words, and the value's: ItemValue's args have the put's names.
    Event item{};
    item.ts = ev.ts;
    item.lane = ev.lane;
    item.kind = EventKind::ItemValue;
    m_vocabulary.fillWords(item, e, *m_strings);
    m_points.push_back({item, e.index});
}

void TraceAssembler::instantEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts)
{
    Event ev{};
    ev.ts = ts;
    ev.lane = lane;
    const bool foreign = isOwn(e) && isTrue(e.arg("mark")); // a mark of another tool that Threadline exported
    const std::optional<EventKind> kind = isOwn(e) && !foreign ? m_vocabulary.instantKind(e.name.text) : std::nullopt;
    if (kind) {
        ev.kind = *kind;
        if (const QString bad = m_vocabulary.fillWords(ev, e, *m_strings); !bad.isEmpty())
            m_issues.add(QStringLiteral("own-args"),
                         QStringLiteral("%1: args %2 unreadable; left out").arg(eventPlace(e.index, e.offset), bad));
        m_sawAnchors = m_sawAnchors || *kind == EventKind::RunEnd || *kind == EventKind::JoinEnd;
        if (schemaOf(*kind).flags == FlagRole::Potential && isTrue(e.arg("potential")))
            ev.flags = EventFlag::Potential;
        if (schemaOf(*kind).flags == FlagRole::Raised && isTrue(e.arg("raised")))
            ev.flags = EventFlag::Raised;
        if (schemaOf(*kind).flags == FlagRole::ByStop && isTrue(e.arg("stop")))
            ev.flags = EventFlag::ByStop;
        if (schemaOf(*kind).flags == FlagRole::Stderr && isTrue(e.arg("stderr")))
            ev.flags = EventFlag::Stderr;
        if (schemaOf(*kind).flags == FlagRole::Daemon && isTrue(e.arg("daemon"))) // a daemon's rename
            ev.flags = EventFlag::Daemon;
        itemValue(e, ev);
    } else {
        if (isOwn(e) && !foreign)
            m_issues.add(QStringLiteral("own-instant"),
                         QStringLiteral("%1: instant '%2' names no Threadline event; kept as a mark")
                             .arg(eventPlace(e.index, e.offset), qs(e.name.text)));
        ev.kind = EventKind::Mark;
        ev.flags = static_cast<std::uint8_t>(markScopeOf(e));
        ev.a = intern(e.name.type == Type::String ? e.name.text : std::string());
        ev.b = foreignCategory(e);
    }
    m_points.push_back({ev, e.index});
}

} // namespace tl::import
