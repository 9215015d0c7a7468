#include "export/csvexporter.h"

#include "export/outputfile.h"
#include "export/tracenames.h"

#include <QBuffer>
#include <QIODevice>
#include <QStringList>

namespace tl {

namespace {

// Scenario nanoseconds as microseconds with three exact decimals (no floating-point rounding).
QString microseconds(std::int64_t ns)
{
    const bool negative = ns < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(magnitude / 1000)
        .arg(magnitude % 1000, 3, 10, QLatin1Char('0'));
}

QString number(std::uint32_t value)
{
    return QString::number(value);
}

QString seconds(std::uint32_t microsecondsValue)
{
    return QString::number(microsecondsValue / 1e6, 'g', 12);
}

// The columns after ts_us, tid, thread, event and line.
struct Fields {
    QString target, queue, item, depth, detail;
};

Fields fieldsOf(const Event& e, const TraceStore& store, const TraceNames& names)
{
    Fields f;
    const bool timedOut = (e.flags & EventFlag::TimedOut) != 0;
    switch (e.kind) {
    case EventKind::ThreadCreated:
        f.detail = QStringLiteral("name=%1").arg(store.text(e.b));
        if (!store.text(e.c).isEmpty())
            f.detail += QStringLiteral(" function=%1").arg(store.text(e.c));
        if (e.flags & EventFlag::Daemon)
            f.detail += QStringLiteral(" daemon");
        break;
    case EventKind::Start:
        f.target = names.lane(e.a);
        if (!store.text(e.b).isEmpty())
            f.detail = QStringLiteral("function=%1").arg(store.text(e.b));
        break;
    case EventKind::SleepBegin:
        f.detail = QStringLiteral("seconds=%1").arg(seconds(e.c));
        break;
    case EventKind::PutBlocked:
    case EventKind::PutDone:
    case EventKind::GetBlocked:
    case EventKind::GetDone:
        f.queue = names.queue(e.a);
        if ((e.kind == EventKind::PutBlocked || e.kind == EventKind::PutDone || e.kind == EventKind::GetDone) &&
            !timedOut)
            f.item = number(e.b);
        f.depth = number(e.c);
        if ((e.kind == EventKind::PutDone || e.kind == EventKind::GetDone) && timedOut)
            f.detail = QStringLiteral("timed out");
        break;
    case EventKind::TaskDone:
        f.queue = names.queue(e.a);
        f.depth = number(e.c);
        break;
    case EventKind::QueueJoinBegin:
    case EventKind::QueueJoinEnd:
        f.queue = names.queue(e.a);
        break;
    case EventKind::QueueCreated:
        f.queue = names.queue(e.a);
        f.detail = QStringLiteral("maxsize=%1").arg(e.c);
        break;
    case EventKind::JoinBegin:
        f.target = names.lane(e.a);
        if (e.c != kNoValue)
            f.detail = QStringLiteral("timeout=%1").arg(e.c / 1e3);
        break;
    case EventKind::JoinEnd:
        f.target = names.lane(e.a);
        if (timedOut)
            f.detail = QStringLiteral("timed out");
        break;
    case EventKind::Print:
        f.detail = store.text(e.a);
        break;
    case EventKind::Error:
        f.detail = QStringLiteral("%1: %2").arg(store.text(e.a), store.text(e.b));
        break;
    case EventKind::PoolSubmit:
    case EventKind::PoolTaskBegin:
    case EventKind::PoolTaskEnd:
        f.item = number(e.b);
        f.detail = names.task(e.b);
        if (e.kind == EventKind::PoolTaskEnd && (e.flags & EventFlag::Raised))
            f.detail += QStringLiteral(" raised");
        break;
    case EventKind::SocketBegin:
    case EventKind::SocketEnd:
        f.item = number(e.a);
        f.detail = QString::fromLatin1(socketOpName(static_cast<SocketOp>(e.flags)));
        if (e.kind == EventKind::SocketEnd)
            f.detail += QStringLiteral(" bytes=%1").arg(e.c);
        break;
    default:
        break;
    }
    f.detail = f.detail.trimmed();
    return f;
}

} // namespace

CsvExporter::CsvExporter(const TraceStore& store)
    : m_store(store)
{
}

QString CsvExporter::quoted(const QString& field)
{
    const bool needsQuotes = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"')) ||
                             field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r'));
    if (!needsQuotes)
        return field;
    QString copy = field;
    copy.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + copy + QLatin1Char('"');
}

bool CsvExporter::write(QIODevice& out) const
{
    const TraceNames names(m_store);
    if (out.write("ts_us,tid,thread,event,line,target,queue,item,depth,detail\n") < 0)
        return false;
    for (const Event& e : m_store.allEventsSorted()) {
        const Fields f = fieldsOf(e, m_store, names);
        const QStringList row = {microseconds(e.ts),
                                 QString::number(e.lane + 1),
                                 names.lane(e.lane),
                                 QString::fromLatin1(eventKindName(e.kind)),
                                 e.line != 0 ? QString::number(e.line) : QString(),
                                 f.target,
                                 f.queue,
                                 f.item,
                                 f.depth,
                                 f.detail};
        QStringList cells;
        cells.reserve(row.size());
        for (const QString& cell : row)
            cells << quoted(cell);
        const QByteArray line = cells.join(QLatin1Char(',')).toUtf8() + '\n';
        if (out.write(line) != line.size())
            return false;
    }
    return true;
}

QByteArray CsvExporter::toCsv() const
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    write(buffer);
    return bytes;
}

Status CsvExporter::writeToFile(const QString& path) const
{
    return writeFileAtomically(path, [this](QIODevice& out) { return write(out); });
}

} // namespace tl
