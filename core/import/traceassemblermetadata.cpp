// TraceAssembler's metadata: the thread_name, thread_sort_index, process_name and process_sort_index events, and
// what our own export's thread_name says of the thread's creation and process. The events themselves:
// traceassembler.cpp.
#include "import/traceassembler.h"

#include "import/rawfieldtext.h"
#include "import/tracenumbers.h"

#include <algorithm>

namespace tl::import {

using Type = RawTraceEvent::Type;

void TraceAssembler::metadataEvent(const RawTraceEvent& e, LaneId lane)
{
    const RawTraceEvent::Field* name = e.arg("name");
    const RawTraceEvent::Field* sort = e.arg("sort_index");
    // kNoValue when absent (a plain value: GCC 12 warns about optionals read in branches).
    const std::uint32_t index = sort && sort->type == Type::Number ? wholeU32(sort->text).value_or(kNoValue) : kNoValue;
    LaneRecord& record = m_lanes[lane];
    if (e.name.text == "thread_name" && name && name->type == Type::String) {
        record.name = qs(name->text);
        record.named = true;
        record.daemon = isTrue(e.arg("daemon"));
        if (m_own) {
            record.created = threadCreated(e, lane); // grows no lane: a creator the file never names is left out
            record.group = ownProcess(e, lane);
        }
    } else if (e.name.text == "thread_sort_index" && index != kNoValue) {
        record.sortIndex = index;
    }
}

std::uint32_t TraceAssembler::ownProcess(const RawTraceEvent& e, LaneId lane)
{
    const RawTraceEvent::Field* id = e.arg("process_id");
    const RawTraceEvent::Field* name = e.arg("process");
    const std::optional<std::uint32_t> number = id && id->type == Type::Number ? wholeU32(id->text) : std::nullopt;
    if (!number || *number == kNoValue || !name || name->type != Type::String)
        return kNoValue;
    const std::string key = "own" + id->text; // apart from the pids' keys: pid 1 is the export's own process
    if (const auto it = m_groupByPid.find(key); it != m_groupByPid.end())
        return it->second;
    const RawTraceEvent::Field* sort = e.arg("process_sort_index");
    const std::uint32_t index = sort && sort->type == Type::Number ? wholeU32(sort->text).value_or(kNoValue) : kNoValue;
    m_groups.push_back(GroupRecord{*number, qs(name->text), index, lane});
    m_groupByPid.emplace(key, *number);
    return *number;
}

std::optional<Event> TraceAssembler::threadCreated(const RawTraceEvent& e, LaneId lane)
{
    const RawTraceEvent::Field* created = e.arg("created");
    const RawTraceEvent::Field* creator = e.arg("created_by");
    const std::optional<std::int64_t> ts =
        created && created->type == Type::String ? microsToNanos(created->text) : std::nullopt;
    const std::optional<std::uint32_t> tid =
        creator && creator->type == Type::Number ? wholeU32(creator->text) : std::nullopt;
    if (!ts || !tid || *tid > kMaxOwnTid)
        return std::nullopt;
    const auto text = [&e](const char* key) {
        const RawTraceEvent::Field* f = e.arg(key);
        return f && f->type == Type::String ? std::optional<std::string>(f->text) : std::nullopt;
    };
    const RawTraceEvent::Field* daemon = e.arg("created_daemon");
    Event out{};
    out.ts = *ts;
    out.lane = lane;
    out.kind = EventKind::ThreadCreated;
    out.a = *tid == 0 ? kNoValue : *tid - 1;
    out.b = intern(text("created_name").value_or(text("name").value_or(std::string())));
    out.c = intern(text("function").value_or(std::string()));
    out.flags = (daemon ? isTrue(daemon) : isTrue(e.arg("daemon"))) ? EventFlag::Daemon : 0;
    if (const RawTraceEvent::Field* line = e.arg("line"); line && line->type == Type::Number)
        out.line = static_cast<std::uint16_t>(std::min<std::uint32_t>(wholeU32(line->text).value_or(0), 0xFFFF));
    if (const std::optional<std::string> file = text("file"); file && out.line != 0)
        out.seq = intern(*file);
    return out;
}

void TraceAssembler::processMetadata(const RawTraceEvent& e)
{
    const std::uint32_t group = groupOf(e.pid);
    const RawTraceEvent::Field* name = e.arg("name");
    const RawTraceEvent::Field* sort = e.arg("sort_index");
    const std::uint32_t index = sort && sort->type == Type::Number ? wholeU32(sort->text).value_or(kNoValue) : kNoValue;
    for (GroupRecord& g : m_groups) {
        if (g.id != group)
            continue;
        if (e.name.text == "process_name" && name && name->type == Type::String)
            g.name = qs(name->text);
        else if (e.name.text == "process_sort_index" && index != kNoValue)
            g.sortIndex = index;
    }
}

} // namespace tl::import
