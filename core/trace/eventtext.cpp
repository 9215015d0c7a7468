#include "trace/eventtext.h"

namespace tl {

namespace {

QString queueName(const TraceStore& store, std::uint32_t id)
{
    const QueueInfo* q = store.queue(id);
    return q ? q->name : QStringLiteral("queue %1").arg(id);
}

QString laneName(const TraceStore& store, LaneId lane)
{
    return lane < store.laneCount() && !store.lane(lane).name.isEmpty() ? store.lane(lane).name
                                                                        : QStringLiteral("thread %1").arg(lane);
}

QString timedOut(const Event& e)
{
    return (e.flags & EventFlag::TimedOut) ? QStringLiteral(" (timed out)") : QString();
}

} // namespace

QString formatTimestamp(std::int64_t ns)
{
    return QStringLiteral("%1 s").arg(static_cast<double>(ns) / 1e9, 0, 'f', 6);
}

QString formatDuration(std::int64_t ns)
{
    const double v = static_cast<double>(ns);
    if (ns < 1000)
        return QStringLiteral("%1 ns").arg(ns);
    if (ns < 1'000'000)
        return QStringLiteral("%1 µs").arg(v / 1e3, 0, 'f', v < 1e4 ? 2 : 1);
    if (ns < 1'000'000'000)
        return QStringLiteral("%1 ms").arg(v / 1e6, 0, 'f', v < 1e7 ? 2 : 1);
    return QStringLiteral("%1 s").arg(v / 1e9, 0, 'f', 3);
}

QString eventName(EventKind kind)
{
    const std::string_view name = eventKindName(kind);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString eventDetails(const TraceStore& store, const Event& e)
{
    switch (e.kind) {
    case EventKind::ThreadCreated:
        return QStringLiteral("%1 created by %2%3")
            .arg(store.text(e.b), laneName(store, e.a),
                 (e.flags & EventFlag::Daemon) ? QStringLiteral(" (daemon)") : QString());
    case EventKind::Start:
        return QStringLiteral("starts %1").arg(laneName(store, e.a));
    case EventKind::SleepBegin:
        return e.c == kNoValue ? QString() : QStringLiteral("sleep(%1)").arg(formatDuration(std::int64_t{e.c} * 1000));
    case EventKind::PutBlocked:
        return QStringLiteral("%1 is full (%2 items)").arg(queueName(store, e.a)).arg(e.c);
    case EventKind::PutDone:
        if (e.flags & EventFlag::TimedOut)
            return QStringLiteral("%1: nothing put%2").arg(queueName(store, e.a), timedOut(e));
        return QStringLiteral("item %1 -> %2, depth %3").arg(e.b).arg(queueName(store, e.a)).arg(e.c);
    case EventKind::GetBlocked:
        return QStringLiteral("%1 is empty").arg(queueName(store, e.a));
    case EventKind::GetDone:
        if (e.flags & EventFlag::TimedOut)
            return QStringLiteral("%1: nothing got%2").arg(queueName(store, e.a), timedOut(e));
        return QStringLiteral("item %1 <- %2, depth %3").arg(e.b).arg(queueName(store, e.a)).arg(e.c);
    case EventKind::TaskDone:
        return QStringLiteral("%1: %2 unfinished").arg(queueName(store, e.a)).arg(e.c);
    case EventKind::QueueJoinBegin:
    case EventKind::QueueJoinEnd:
        return queueName(store, e.a);
    case EventKind::JoinBegin:
        return e.c == kNoValue ? QStringLiteral("joins %1").arg(laneName(store, e.a))
                               : QStringLiteral("joins %1, timeout %2")
                                     .arg(laneName(store, e.a), formatDuration(std::int64_t{e.c} * 1'000'000));
    case EventKind::JoinEnd:
        return QStringLiteral("%1 joined%2").arg(laneName(store, e.a), timedOut(e));
    case EventKind::Print:
        return store.text(e.a);
    case EventKind::Error:
        return QStringLiteral("%1: %2").arg(store.text(e.a), store.text(e.b));
    case EventKind::QueueCreated:
        return e.c == 0 ? QStringLiteral("%1 (unbounded)").arg(store.text(e.b))
                        : QStringLiteral("%1 (maxsize %2)").arg(store.text(e.b)).arg(e.c);
    case EventKind::PoolSubmit:
    case EventKind::PoolTaskBegin:
        return QStringLiteral("task %1 %2").arg(e.b).arg(store.text(e.c));
    case EventKind::PoolTaskEnd:
        return QStringLiteral("task %1%2")
            .arg(e.b)
            .arg((e.flags & EventFlag::Raised) ? QStringLiteral(" raised") : QString());
    case EventKind::SocketBegin:
    case EventKind::SocketEnd: {
        const std::string_view op = socketOpName(static_cast<SocketOp>(e.flags));
        QString text = QString::fromLatin1(op.data(), static_cast<qsizetype>(op.size()));
        if (e.a != 0)
            text += QStringLiteral(" on connection %1").arg(e.a);
        if (e.kind == EventKind::SocketEnd && e.c != 0)
            text += QStringLiteral(", %1 bytes").arg(e.c);
        return text;
    }
    default:
        return {};
    }
}

QString laneLabel(const TraceStore& store, LaneId lane)
{
    const QString name = laneName(store, lane);
    return lane < store.laneCount() && store.lane(lane).daemon ? name + QStringLiteral(" (daemon)") : name;
}

} // namespace tl
