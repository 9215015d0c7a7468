#include "pysource/streamparser.h"

#include "pysource/wireprotocol.h"
#include "trace/eventschema.h"
#include "trace/stringtable.h"

#include <QtEndian>

#include <cmath>
#include <cstring>
#include <limits>

namespace tl {

// The tracer sends a print's stream in the flags byte as the schema reads it.
static_assert(wire::kPrintStderr == EventFlag::Stderr);

namespace {

template <class T> T readLe(const char* p)
{
    return qFromLittleEndian<T>(p);
}

QString kindText(EventKind kind)
{
    const std::string_view name = eventKindName(kind);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

// Which fields of an event are string ids (a, b, c), lane ids or queue ids, by kind (trace/event.h).
struct FieldRoles {
    bool aString = false, bString = false, cString = false;
    bool aLane = false, aQueue = false;
    bool createsLane = false, createsQueue = false;
};

// The lane and queue words, which are checked against what the stream created.
FieldRoles idRolesOf(EventKind kind)
{
    switch (kind) {
    case EventKind::ThreadCreated:
        return {.aLane = true, .createsLane = true};
    case EventKind::Start:
        return {.aLane = true};
    case EventKind::JoinBegin:
    case EventKind::JoinEnd:
    case EventKind::TimerCancelled:
    case EventKind::StartWaitBegin:
    case EventKind::StartWaitEnd:
        return {.aLane = true};
    case EventKind::PutBlocked:
    case EventKind::PutDone:
    case EventKind::GetBlocked:
    case EventKind::GetDone:
    case EventKind::TaskDone:
    case EventKind::QueueJoinBegin:
    case EventKind::QueueJoinEnd:
        return {.aQueue = true};
    case EventKind::QueueCreated:
        return {.aQueue = true, .createsQueue = true};
    default:
        return {};
    }
}

// Which words are string ids is the schema's to say, so that a kind added there is read here alike: a list
// of its own here once left a new kind's names unmapped (wire ids read as the store's).
FieldRoles rolesOf(EventKind kind)
{
    FieldRoles roles = idRolesOf(kind);
    const EventSchema& schema = schemaOf(kind);
    roles.aString = holdsString(schema.a.role);
    roles.bString = holdsString(schema.b.role);
    roles.cString = holdsString(schema.c.role);
    return roles;
}

} // namespace

StreamParser::StreamParser(StringTable& strings)
    : m_strings(strings)
{
    m_stringIds.emplace(0, 0);
}

bool StreamParser::fail(const QString& message)
{
    if (m_error.isEmpty()) {
        m_error = message;
        m_errorOffset = m_recordAt;
    }
    m_pending.clear();
    return false;
}

std::int64_t StreamParser::toScenarioNs(std::int64_t monotonicNs) const
{
    if (!m_hello)
        return 0;
    const double wall = static_cast<double>(monotonicNs) - static_cast<double>(m_hello->clockZeroNs);
    if (!(wall > 0))
        return 0;
    if (m_hello->speed == 1.0 && monotonicNs >= m_hello->clockZeroNs)
        return monotonicNs - m_hello->clockZeroNs;
    const double scaled = wall * m_hello->speed;
    constexpr double kMax = 9.0e18;
    return scaled < kMax ? static_cast<std::int64_t>(scaled) : static_cast<std::int64_t>(kMax);
}

bool StreamParser::feed(const char* data, std::size_t size, std::vector<Event>& events, std::vector<StringId>& files)
{
    if (failed() || size == 0)
        return !failed();
    m_pending.append(data, static_cast<qsizetype>(size));
    if (!m_headerSeen) {
        if (static_cast<std::size_t>(m_pending.size()) < wire::kHeaderBytes)
            return true;
        if (!parseHeader())
            return false;
    }
    std::size_t at = 0;
    const auto available = static_cast<std::size_t>(m_pending.size());
    while (available - at >= wire::kRecordHeadBytes) {
        const char* head = m_pending.constData() + at;
        const auto type = static_cast<std::uint8_t>(head[0]);
        const auto length = readLe<std::uint32_t>(head + 1);
        m_recordAt = m_offset + at;
        if (length > wire::kMaxRecordBytes)
            return fail(QStringLiteral("a record of %1 bytes, more than the %2 allowed")
                            .arg(length)
                            .arg(wire::kMaxRecordBytes));
        if (m_endSeen)
            return fail(QStringLiteral("data after the end record"));
        if (available - at - wire::kRecordHeadBytes < length)
            break;
        if (!parseRecord(type, head + wire::kRecordHeadBytes, length, events, files))
            return false;
        at += wire::kRecordHeadBytes + length;
    }
    m_pending.remove(0, static_cast<qsizetype>(at));
    m_offset += at;
    return true;
}

bool StreamParser::finish()
{
    if (failed())
        return false;
    if (!m_headerSeen)
        return fail(m_pending.isEmpty() ? QStringLiteral("the stream is empty")
                                        : QStringLiteral("the stream ended inside its header"));
    if (!m_pending.isEmpty()) {
        m_recordAt = m_offset;
        return fail(QStringLiteral("the stream ended inside a record (%1 bytes of it)").arg(m_pending.size()));
    }
    return true;
}

bool StreamParser::parseHeader()
{
    m_recordAt = 0;
    const char* p = m_pending.constData();
    if (std::memcmp(p, wire::kMagic, sizeof wire::kMagic) != 0)
        return fail(QStringLiteral("not a Threadline tracer stream (no TLPY header)"));
    const auto version = readLe<std::uint16_t>(p + 4);
    if (version != wire::kVersion)
        return fail(
            QStringLiteral("protocol version %1; this Threadline reads version %2").arg(version).arg(wire::kVersion));
    m_headerSeen = true;
    m_pending.remove(0, static_cast<qsizetype>(wire::kHeaderBytes));
    m_offset = wire::kHeaderBytes;
    return true;
}

bool StreamParser::parseRecord(std::uint8_t type, const char* payload, std::uint32_t length, std::vector<Event>& events,
                               std::vector<StringId>& files)
{
    if (!m_hello && type != static_cast<std::uint8_t>(wire::RecordType::Hello))
        return fail(QStringLiteral("a record of type %1 before the hello").arg(type));
    switch (static_cast<wire::RecordType>(type)) {
    case wire::RecordType::Hello:
        return parseHello(payload, length);
    case wire::RecordType::Kind:
        return parseKind(payload, length);
    case wire::RecordType::String:
        return parseString(payload, length);
    case wire::RecordType::Events:
        return parseEvents(payload, length, events, files);
    case wire::RecordType::End:
        return parseEnd(payload, length);
    }
    ++m_recordsSkipped;
    return true;
}

bool StreamParser::parseHello(const char* p, std::uint32_t length)
{
    if (m_hello)
        return fail(QStringLiteral("a second hello"));
    StreamHello hello;
    bool havePid = false, haveSpeed = false, haveZero = false;
    std::uint32_t at = 0;
    auto text = [&](QString& out) {
        if (length - at < 4)
            return false;
        const auto n = readLe<std::uint32_t>(p + at);
        at += 4;
        if (length - at < n)
            return false;
        out = QString::fromUtf8(p + at, static_cast<qsizetype>(n));
        at += n;
        return true;
    };
    while (at < length) {
        QString key, value;
        if (!text(key) || !text(value))
            return fail(QStringLiteral("the hello is cut inside a key or value"));
        bool ok = true;
        if (key == QLatin1String("implementation"))
            hello.implementation = value;
        else if (key == QLatin1String("version"))
            hello.version = value;
        else if (key == QLatin1String("pid")) {
            hello.pid = value.toLongLong(&ok);
            havePid = ok;
        } else if (key == QLatin1String("speed")) {
            hello.speed = value.toDouble(&ok);
            ok = ok && std::isfinite(hello.speed) && hello.speed > 0 && hello.speed <= 1.0e6;
            haveSpeed = ok;
        } else if (key == QLatin1String("clock_zero_ns")) {
            hello.clockZeroNs = value.toLongLong(&ok);
            haveZero = ok;
        } else if (key == QLatin1String("executable"))
            hello.executable = value;
        else if (key == QLatin1String("cwd"))
            hello.cwd = value;
        else if (key == QLatin1String("script"))
            hello.script = value;
        else if (key == QLatin1String("module"))
            hello.module = value;
        else if (key == QLatin1String("arg"))
            hello.args << value;
        else if (key == QLatin1String("emitter"))
            hello.emitter = value;
        if (!ok)
            return fail(QStringLiteral("the hello's %1 is not valid: \"%2\"").arg(key, value.left(40)));
    }
    if (hello.implementation.isEmpty() || hello.version.isEmpty() || !havePid || !haveSpeed || !haveZero)
        return fail(QStringLiteral("the hello lacks one of implementation, version, pid, speed, clock_zero_ns"));
    m_hello = std::move(hello);
    return true;
}

bool StreamParser::parseKind(const char* p, std::uint32_t length)
{
    if (length < 2)
        return fail(QStringLiteral("a kind record of %1 bytes").arg(length));
    const auto code = static_cast<std::uint8_t>(p[0]);
    if (m_kinds[code].defined)
        return fail(QStringLiteral("kind code %1 defined twice").arg(code));
    EventKind kind{};
    m_kinds[code].defined = true;
    if (eventKindFromName(std::string_view(p + 1, length - 1), kind))
        m_kinds[code].kind = kind;
    return true;
}

bool StreamParser::parseString(const char* p, std::uint32_t length)
{
    if (length < 4)
        return fail(QStringLiteral("a string record of %1 bytes").arg(length));
    const auto id = readLe<std::uint32_t>(p);
    if (id == 0)
        return fail(QStringLiteral("a string record for id 0 (the empty string)"));
    const StringId mine = m_strings.intern(QString::fromUtf8(p + 4, static_cast<qsizetype>(length - 4)));
    const auto [it, added] = m_stringIds.emplace(id, mine);
    if (!added && it->second != mine)
        return fail(QStringLiteral("string %1 defined twice, differently").arg(id));
    return true;
}

std::optional<StringId> StreamParser::string(std::uint32_t wireId) const
{
    const auto it = m_stringIds.find(wireId);
    if (it == m_stringIds.end())
        return std::nullopt;
    return it->second;
}

bool StreamParser::mapStrings(Event& e, std::uint32_t eventOffset)
{
    const FieldRoles roles = rolesOf(e.kind);
    // An item value that is a number names no string.
    const bool cString = roles.cString && !(e.kind == EventKind::ItemValue && (e.flags & wire::kItemNumber) != 0);
    for (auto [used, field, name] :
         {std::tuple{roles.aString, &e.a, 'a'}, std::tuple{roles.bString, &e.b, 'b'}, std::tuple{cString, &e.c, 'c'}}) {
        if (!used)
            continue;
        const auto id = string(*field);
        if (!id)
            return fail(QStringLiteral("event %1 (%2) names string %3 in %4, which was never sent")
                            .arg(eventOffset)
                            .arg(kindText(e.kind))
                            .arg(*field)
                            .arg(QLatin1Char(name)));
        *field = *id;
    }
    return true;
}

bool StreamParser::checkIds(const Event& e, std::uint32_t eventOffset)
{
    const FieldRoles roles = rolesOf(e.kind);
    const std::uint64_t laneLimit = std::uint64_t{m_lanesCreated} + kIdSlack;
    const std::uint64_t queueLimit = std::uint64_t{m_queuesCreated} + kIdSlack;
    if (e.lane >= laneLimit || (roles.aLane && e.a >= laneLimit))
        return fail(QStringLiteral("event %1 (%2) names lane %3, far beyond the %4 lanes created")
                        .arg(eventOffset)
                        .arg(kindText(e.kind))
                        .arg(std::max(e.lane, roles.aLane ? e.a : 0u))
                        .arg(m_lanesCreated));
    if (roles.aQueue && e.a >= queueLimit)
        return fail(QStringLiteral("event %1 (%2) names queue %3, far beyond the %4 queues created")
                        .arg(eventOffset)
                        .arg(kindText(e.kind))
                        .arg(e.a)
                        .arg(m_queuesCreated));
    return true;
}

bool StreamParser::parseEvents(const char* p, std::uint32_t length, std::vector<Event>& events,
                               std::vector<StringId>& files)
{
    if (length % wire::kEventBytes != 0)
        return fail(
            QStringLiteral("an events record of %1 bytes, not a multiple of %2").arg(length).arg(wire::kEventBytes));
    const std::uint32_t count = length / wire::kEventBytes;
    events.reserve(events.size() + count);
    files.reserve(files.size() + count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const char* q = p + std::size_t{i} * wire::kEventBytes;
        const auto code = static_cast<std::uint8_t>(q[30]);
        if (!m_kinds[code].defined)
            return fail(QStringLiteral("event %1 has kind code %2, which was never defined").arg(i).arg(code));
        if (!m_kinds[code].kind) {
            ++m_eventsSkipped;
            continue;
        }
        Event e;
        e.ts = toScenarioNs(readLe<std::int64_t>(q));
        e.lane = readLe<std::uint32_t>(q + 8);
        e.a = readLe<std::uint32_t>(q + 12);
        e.b = readLe<std::uint32_t>(q + 16);
        e.c = readLe<std::uint32_t>(q + 20);
        const auto file = string(readLe<std::uint32_t>(q + 24));
        e.line = readLe<std::uint16_t>(q + 28);
        e.kind = *m_kinds[code].kind;
        e.flags = static_cast<std::uint8_t>(q[31]);
        if (!file)
            return fail(QStringLiteral("event %1 names file string %2, which was never sent")
                            .arg(i)
                            .arg(readLe<std::uint32_t>(q + 24)));
        if (!checkIds(e, i) || !mapStrings(e, i))
            return false;
        if (e.kind == EventKind::ThreadCreated) {
            if (e.lane >= m_laneCreated.size())
                m_laneCreated.resize(std::size_t{e.lane} + 1, false);
            if (!m_laneCreated[e.lane]) {
                m_laneCreated[e.lane] = true;
                ++m_lanesCreated;
            }
        }
        if (e.kind == EventKind::QueueCreated)
            ++m_queuesCreated;
        if (e.lane >= m_laneSeq.size())
            m_laneSeq.resize(std::size_t{e.lane} + 1, 0);
        e.seq = m_laneSeq[e.lane]++;
        events.push_back(e);
        files.push_back(*file);
        ++m_eventsParsed;
    }
    return true;
}

bool StreamParser::parseEnd(const char* p, std::uint32_t length)
{
    if (length < 16)
        return fail(QStringLiteral("an end record of %1 bytes").arg(length));
    m_endCount = readLe<std::uint64_t>(p);
    m_afterExit = readLe<std::uint64_t>(p + 8);
    m_endReason = QString::fromUtf8(p + 16, static_cast<qsizetype>(length - 16));
    m_endSeen = true;
    return true;
}

} // namespace tl
