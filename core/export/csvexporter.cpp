#include "export/csvexporter.h"

#include "base/csvfield.h"
#include "base/outputfile.h"
#include "trace/eventfields.h"
#include "trace/eventschema.h"

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

// The columns after ts_us, tid, thread, event and line.
struct Fields {
    QString target, queue, item, depth, detail;
};

// Adds one field to the detail: free text and an exception as they read ("Type: message"), everything
// else as key=value, separated by spaces.
void addDetail(QString& detail, const EventField& f)
{
    if (f.role == ArgRole::ErrorText) {
        detail += QStringLiteral(": ") + f.text;
        return;
    }
    if (!detail.isEmpty())
        detail += QLatin1Char(' ');
    if (f.role == ArgRole::Text || f.role == ArgRole::ErrorType)
        detail += f.text;
    else
        detail += QStringLiteral("%1=%2").arg(QLatin1String(f.key), f.text);
}

// Every column from the event's schema fields; the flag's word ends the detail, or begins it for a
// socket operation ("recv bytes=12").
Fields fieldsOf(const Event& e, const TraceStore& store)
{
    Fields out;
    QString detail;
    // A rename to "" is a rename all the same: its row says `name=`. Other empty names and texts say nothing.
    const EmptyText empty = e.kind == EventKind::ThreadName ? EmptyText::Keep : EmptyText::Omit;
    for (const EventField& f : eventFields(store, e, empty)) {
        switch (f.csv) {
        case CsvColumn::Target:
            out.target = f.text;
            break;
        case CsvColumn::Queue:
            out.queue = f.text;
            break;
        case CsvColumn::Item:
            out.item = f.text;
            break;
        case CsvColumn::Depth:
            out.depth = f.text;
            break;
        case CsvColumn::Detail:
            addDetail(detail, f);
            break;
        case CsvColumn::None:
            break;
        }
    }
    if (const QString flag = flagWord(e); !flag.isEmpty()) {
        if (schemaOf(e.kind).flags == FlagRole::SocketOp)
            detail = detail.isEmpty() ? flag : flag + QLatin1Char(' ') + detail;
        else
            detail = detail.isEmpty() ? flag : detail + QLatin1Char(' ') + flag;
    }
    out.detail = detail;
    return out;
}

} // namespace

CsvExporter::CsvExporter(const TraceStore& store)
    : m_store(store)
{
}

bool CsvExporter::write(QIODevice& out) const
{
    if (out.write("ts_us,tid,thread,event,line,target,queue,item,depth,detail,file\n") < 0)
        return false;
    const EventView byTime = m_store.eventsByTime();
    for (std::size_t i = 0; i < byTime.size(); ++i) {
        const Event& e = byTime[i];
        const Fields f = fieldsOf(e, m_store);
        const StringId file = e.line != 0 ? m_store.fileOf(byTime.id(i)) : 0;
        const QStringList row = {microseconds(e.ts),
                                 QString::number(e.lane + 1),
                                 m_store.laneName(e.lane),
                                 QString::fromLatin1(eventKindName(e.kind)),
                                 e.line != 0 ? QString::number(e.line) : QString(),
                                 f.target,
                                 f.queue,
                                 f.item,
                                 f.depth,
                                 f.detail,
                                 file != 0 ? m_store.text(file) : QString()};
        QStringList cells;
        cells.reserve(row.size());
        for (const QString& cell : row)
            cells << csvField(cell);
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
