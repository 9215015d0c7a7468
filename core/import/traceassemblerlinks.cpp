// TraceAssembler's reading of what ties a trace together beyond its lanes' own events: counter series (a queue's
// depth, another tool's counters) and flows (Threadline's own arrows, v1 flow events and v2 bind ids).
#include "import/rawfieldtext.h"
#include "import/traceassembler.h"
#include "import/tracenumbers.h"
#include "trace/eventschema.h"

namespace tl::import {

using Type = RawTraceEvent::Type;

void TraceAssembler::counterEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts)
{
    if (isOwn(e) && e.name.text == "queue depth") {
        const std::optional<std::uint32_t> id =
            e.id.type == Type::String || e.id.type == Type::Number ? wholeU32(e.id.text) : std::nullopt;
        if (!id || e.argCount != 1) {
            skip(e, QStringLiteral("own-counter"), QStringLiteral("a queue depth counter without an id and one arg"));
            return;
        }
        for (const QueueRecord& q : m_queues) {
            if (q.id == *id)
                return; // the depth series itself is derived from the puts and gets
        }
        m_queues.push_back(QueueRecord{*id, qs(e.args[0].key), ts});
        return;
    }
    // A semaphore's value is derived from its acquires and releases, as a queue's depth is from its puts and
    // gets: our own export's counter of it ("<name> value", with the semaphore's id and one arg, value) is not
    // read as another tool's.
    if (isOwn(e) && e.id.isSet() && e.argCount == 1 && e.args[0].key == "value" && e.name.text.ends_with(" value"))
        return;
    // Another tool's counter that Threadline exported: its series' whole name, and one arg, value. Read as any
    // counter it was "<name> value", and a name grew by a word at each export and read.
    const bool ownSeries = isOwn(e) && !e.id.isSet() && e.argCount == 1 && e.args[0].key == "value";
    // Named as Perfetto names a JSON counter: "name key", "name id: ID key" with an id.
    std::string prefix = e.name.text;
    if (e.id.isSet())
        prefix += " id: " + e.id.text;
    for (std::size_t i = 0; i < e.argCount; ++i) {
        const RawTraceEvent::Field& v = e.args[i].value;
        const std::optional<double> value =
            v.type == Type::Number || v.type == Type::String ? number(v.text) : std::nullopt;
        if (!value) {
            skip(e, QStringLiteral("c-value"),
                 QStringLiteral("counter arg '%1' is not a number").arg(qs(e.args[i].key)));
            continue;
        }
        Event ev{};
        ev.ts = ts;
        ev.lane = lane;
        ev.kind = EventKind::CounterValue;
        ev.a = seriesOf(ownSeries ? prefix : prefix + " " + e.args[i].key, e.pid);
        setCounterValue(ev, *value);
        m_points.push_back({ev, e.index});
    }
}

// A counter is a process's, as Chrome and Perfetto keep it: the same name in another process (each renderer's
// "mem.heap") is another series, named with its pid, not points of the first one's (a zig-zag of two processes).
StringId TraceAssembler::seriesOf(const std::string& name, const RawTraceEvent::Field& pid)
{
    const std::uint32_t group = groupOf(pid);
    const StringId plain = intern(name);
    const auto [first, added] = m_counterGroups.try_emplace(plain, group);
    return added || first->second == group ? plain : intern(name + " (pid " + pid.text + ")");
}

// The name of a flow kind the store derives from our own events (flowKindName), which the file states only
// to be checked against them.
bool TraceAssembler::isOwnFlowName(std::string_view name)
{
    for (int k = 0; k < static_cast<int>(Flow::Kind::Other); ++k) {
        if (const char* own = flowKindName(static_cast<Flow::Kind>(k)); own && name == own)
            return true;
    }
    return false;
}

void TraceAssembler::flowEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts, char ph)
{
    if (!e.id.isSet()) {
        skip(e, QStringLiteral("flow-id"), QStringLiteral("a flow event without an \"id\""));
        return;
    }
    const bool ownCat = e.cat.type == Type::String && (e.cat.text == "threadline" || e.cat.text == "flow");
    if (m_own && ownCat && isOwnFlowName(e.name.text) && ph != 't') {
        const std::optional<std::uint32_t> id = wholeU32(e.id.text);
        if (!id) {
            skip(e, QStringLiteral("own-flow"), QStringLiteral("a Threadline flow whose id is no number"));
            return;
        }
        (ph == 's' ? m_ownFlowStarts : m_ownFlowEnds).insert(*id, OwnFlowEnd{qs(e.name.text), lane, ts});
        return;
    }
    const std::optional<std::uint64_t> numeric = flowId(e.id.text, e.id.type == Type::String);
    const std::string chain =
        "1\x1f" + e.cat.text + '\x1f' + e.name.text + '\x1f' + (numeric ? std::to_string(*numeric) : e.id.text);
    const auto [it, added] = m_chains.try_emplace(chain, static_cast<std::uint32_t>(m_chains.size()));
    const FlowResolver::Phase phase = ph == 's'   ? FlowResolver::Phase::Start
                                      : ph == 't' ? FlowResolver::Phase::Step
                                                  : FlowResolver::Phase::End;
    const bool enclosing = e.bp.type == Type::String && e.bp.text == "e";
    m_flows.add({phase, it->second, lane, ts, intern(e.name.text), ph == 'f' && !enclosing, e.index});
}

void TraceAssembler::v2Flow(const RawTraceEvent& e, LaneId lane, std::int64_t ts, StringId name)
{
    const std::optional<std::uint64_t> id = flowId(e.bindId.text, e.bindId.type == Type::String);
    const bool in = isTrue(&e.flowIn);
    const bool out = isTrue(&e.flowOut);
    if (!id || (!in && !out)) {
        m_issues.add(QStringLiteral("v2-flow"),
                     QStringLiteral("%1: a bind_id without a number and flow_in or flow_out; "
                                    "no arrow")
                         .arg(eventPlace(e.index, e.offset)));
        return;
    }
    const auto [it, added] =
        m_chains.try_emplace("2\x1f" + std::to_string(*id), static_cast<std::uint32_t>(m_chains.size()));
    const FlowResolver::Phase phase = in && out ? FlowResolver::Phase::Step
                                      : out     ? FlowResolver::Phase::Start
                                                : FlowResolver::Phase::End;
    m_flows.add({phase, it->second, lane, ts, name, false, e.index});
}

} // namespace tl::import
