#include "import/threadlinevocabulary.h"

#include "import/tracenumbers.h"
#include "trace/eventschema.h"

#include <cmath>

namespace tl::import {

namespace {

using Type = RawTraceEvent::Type;

QString textOf(const RawTraceEvent::Field& f)
{
    return QString::fromUtf8(f.text.data(), static_cast<qsizetype>(f.text.size()));
}

constexpr std::array<LaneState, 4> kSocketStates{LaneState::Accept, LaneState::Recv, LaneState::Send,
                                                 LaneState::Connect};

} // namespace

ThreadlineVocabulary::ThreadlineVocabulary()
{
    m_open.fill(EventKind::Count_);
    m_close.fill(EventKind::Count_);
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        const EventSchema& s = schemaOf(static_cast<EventKind>(k));
        const auto state = static_cast<std::size_t>(s.state);
        // The CloseAll kinds (RunEnd, DaemonStopped, Stopped) also close a run; RunEnd is its own closer.
        if (s.span == SpanEffect::Open)
            m_open[state] = s.kind;
        else if (s.span == SpanEffect::Close || (s.span == SpanEffect::CloseAll && s.kind == EventKind::RunEnd))
            m_close[state] = s.kind;
    }
    for (LaneState socket : kSocketStates) {
        m_open[static_cast<std::size_t>(socket)] = EventKind::SocketBegin;
        m_close[static_cast<std::size_t>(socket)] = EventKind::SocketEnd;
    }
}

std::optional<EventKind> ThreadlineVocabulary::instantKind(std::string_view name) const
{
    if (name == kRenameInstant)
        return EventKind::ThreadName;
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        const EventSchema& s = schemaOf(static_cast<EventKind>(k));
        // Marks keep their own names: "mark" is no word of ours.
        if (s.instant != nullptr && s.a.role != ArgRole::Label && name == s.instant)
            return s.kind;
    }
    return std::nullopt;
}

std::optional<LaneState> ThreadlineVocabulary::spanState(std::string_view name, const RawTraceEvent& e) const
{
    const QString n = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    for (int s = 0; s < static_cast<int>(LaneState::Count_); ++s) {
        const auto state = static_cast<LaneState>(s);
        if (state == LaneState::Slice || laneStateName(state) != n)
            continue;
        const RawTraceEvent::Field* op = e.arg("op");
        if (state == LaneState::Send && op && op->type == Type::String && op->text == "connect")
            return LaneState::Connect;
        return state;
    }
    return std::nullopt;
}

EventKind ThreadlineVocabulary::openKind(LaneState state) const
{
    return m_open[static_cast<std::size_t>(state)];
}

EventKind ThreadlineVocabulary::closeKind(LaneState state) const
{
    return m_close[static_cast<std::size_t>(state)];
}

std::uint8_t ThreadlineVocabulary::socketFlags(LaneState state)
{
    switch (state) {
    case LaneState::Accept:
        return static_cast<std::uint8_t>(SocketOp::Accept);
    case LaneState::Recv:
        return static_cast<std::uint8_t>(SocketOp::Recv);
    case LaneState::Send:
        return static_cast<std::uint8_t>(SocketOp::Send);
    case LaneState::Connect:
        return static_cast<std::uint8_t>(SocketOp::Connect);
    default:
        return 0;
    }
}

QString ThreadlineVocabulary::fillWords(Event& e, const RawTraceEvent& raw, StringTable& strings) const
{
    const EventSchema& schema = schemaOf(e.kind);
    const ArgSpec* specs[] = {&schema.a, &schema.b, &schema.c};
    std::uint32_t* words[] = {&e.a, &e.b, &e.c};
    QStringList bad;
    for (int i = 0; i < 3; ++i) {
        const ArgSpec& spec = *specs[i];
        std::uint32_t& word = *words[i];
        // A deadlock on a join names no primitive, a wait for several futures no executor: the export leaves
        // the word out, and it reads back as none.
        // A count the export leaves out is none too (a barrier wait that timed out before it had an index), and so
        // are a rename's process and sort index, which a run's thread has none of.
        word = spec.role == ArgRole::TimeoutMs || spec.role == ArgRole::Sync || spec.role == ArgRole::Executor ||
                       spec.role == ArgRole::Count || spec.role == ArgRole::Group || spec.role == ArgRole::SortIndex
                   ? kNoValue
                   : 0;
        const RawTraceEvent::Field* v = spec.key ? raw.arg(spec.key) : nullptr;
        if (!v)
            continue;
        if (holdsString(spec.role) || spec.role == ArgRole::Lane || spec.role == ArgRole::Queue) {
            // The export names lanes and queues by their names too; the names are interned here and resolved to
            // ids once every lane and queue is known (TraceAssembler::resolveOwnWords).
            if (v->type == Type::String)
                word = strings.intern(textOf(*v));
            else
                bad << QLatin1String(spec.key);
            if (spec.role == ArgRole::Lane) {
                const RawTraceEvent::Field* tid = raw.arg(std::string(spec.key) + "_tid");
                const std::optional<std::uint32_t> n =
                    tid && tid->type == Type::Number ? wholeU32(tid->text) : std::nullopt;
                if (n && *n >= 1 && *n < kLaneByTid)
                    word = kLaneByTid | (*n - 1);
            }
            continue;
        }
        switch (spec.role) {
        case ArgRole::Micros:
        case ArgRole::TimeoutMs: {
            const std::optional<double> seconds = v->type == Type::Number ? number(v->text) : std::nullopt;
            const double scaled = seconds ? *seconds * (spec.role == ArgRole::Micros ? 1e6 : 1e3) : -1;
            if (scaled >= 0 && scaled < 4294967295.0)
                word = static_cast<std::uint32_t>(std::llround(scaled));
            else
                bad << QLatin1String(spec.key);
            break;
        }
        case ArgRole::None:
        case ArgRole::ValueLow:
            break;
        case ArgRole::Value:
            if (const std::optional<double> value = v->type == Type::Number ? number(v->text) : std::nullopt)
                setCounterValue(e, *value);
            else
                bad << QLatin1String(spec.key);
            break;
        default: // the whole numbers: items, depths, counts, ids, bytes
            if (const std::optional<std::uint32_t> n = v->type == Type::Number ? wholeU32(v->text) : std::nullopt)
                word = *n;
            else
                bad << QLatin1String(spec.key);
            break;
        }
    }
    if (const RawTraceEvent::Field* line = raw.arg("line")) {
        const std::optional<std::uint32_t> n = line->type == Type::Number ? wholeU32(line->text) : std::nullopt;
        if (n && *n <= 0xFFFF)
            e.line = static_cast<std::uint16_t>(*n);
        else
            bad << QStringLiteral("line");
    }
    if (const RawTraceEvent::Field* file = raw.arg("file"); file && e.line != 0) {
        if (file->type == Type::String)
            e.seq = strings.intern(textOf(*file));
        else
            bad << QStringLiteral("file");
    }
    return bad.join(QStringLiteral(", "));
}

} // namespace tl::import
