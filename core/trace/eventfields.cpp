#include "trace/eventfields.h"

#include "trace/tracestore.h"

#include <QLocale>

namespace tl {

namespace {

const ArgSpec& specOf(const EventSchema& schema, int slot)
{
    return slot == 0 ? schema.a : slot == 1 ? schema.b : schema.c;
}

std::uint32_t wordOf(const Event& e, int slot)
{
    return slot == 0 ? e.a : slot == 1 ? e.b : e.c;
}

QString seconds(double value)
{
    return QString::number(value, 'g', 12);
}

// A put's or get's item in words, after its words: "value" in the exports, as the store knows it.
std::optional<EventField> itemValueField(const TraceStore& store, const Event& e)
{
    if (e.kind != EventKind::PutDone && e.kind != EventKind::GetDone)
        return std::nullopt;
    if (e.b == 0 || flagSet(e, FlagRole::TimedOut))
        return std::nullopt;
    const QString value = store.itemValue(e.a, e.b);
    if (value.isEmpty())
        return std::nullopt;
    return EventField{ArgRole::ItemValue, "value", CsvColumn::Detail, value, value, 0};
}

} // namespace

std::optional<EventField> eventField(const TraceStore& store, const Event& e, int slot, EmptyText empty)
{
    const ArgSpec& spec = specOf(schemaOf(e.kind), slot);
    const std::uint32_t word = wordOf(e, slot);
    EventField f{spec.role, spec.key, spec.csv, {}, {}, word};
    switch (spec.role) {
    case ArgRole::None:
        return std::nullopt;
    case ArgRole::Lane:
        f.text = store.laneName(word);
        f.value = f.text;
        break;
    case ArgRole::Queue:
        f.text = store.queueName(word);
        f.value = f.text;
        break;
    case ArgRole::Sync:
        if (word == kNoValue) // a deadlock's join waits on a thread, not a primitive
            return std::nullopt;
        // The id, not the name, is the word an export keeps: it reads back without a name table.
        f.text = store.syncName(word);
        f.value = static_cast<qint64>(word);
        break;
    case ArgRole::SyncType: {
        const std::string_view type = syncTypeName(static_cast<SyncType>(word));
        f.text = QString::fromLatin1(type.data(), static_cast<qsizetype>(type.size()));
        f.value = f.text;
        break;
    }
    case ArgRole::Wake:
        if (word == 0)
            return std::nullopt;
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Count:
        if (word == kNoValue)
            return std::nullopt;
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Name:
    case ArgRole::Label:
    case ArgRole::Category:
    case ArgRole::Text:
    case ArgRole::ErrorType:
    case ArgRole::ErrorText:
        f.text = store.text(word);
        if (f.text.isEmpty() && empty == EmptyText::Omit)
            return std::nullopt;
        f.value = f.text;
        break;
    case ArgRole::Item:
    case ArgRole::Connection:
        // Item ids start at 1: 0 is "no item yet" (a blocked put), and a timed-out put or get moved none;
        // connection 0 is a listener, not a connection.
        if (word == 0 || flagSet(e, FlagRole::TimedOut))
            return std::nullopt;
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Executor:
    case ArgRole::Task:
        // Executors count from 0 and tasks from 1: a future wait on several futures names neither.
        if (word == (spec.role == ArgRole::Executor ? kNoValue : 0))
            return std::nullopt;
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Depth:
    case ArgRole::Unfinished:
    case ArgRole::Bytes:
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Group:
    case ArgRole::SortIndex:
        if (word == kNoValue)
            return std::nullopt;
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::FlowKey:
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Value:
        f.value = counterValue(e);
        f.text = QString::number(counterValue(e), 'g', QLocale::FloatingPointShortest); // every digit, as the JSON
        break;
    case ArgRole::ValueLow:
    case ArgRole::ItemValue: // not a word (itemValueField)
        return std::nullopt;
    case ArgRole::MaxSize:
        if (word == 0)
            return std::nullopt;
        f.value = static_cast<qint64>(word);
        f.text = QString::number(word);
        break;
    case ArgRole::Micros:
        f.value = word / 1e6;
        f.text = seconds(word / 1e6);
        break;
    case ArgRole::TimeoutMs:
        if (word == kNoValue)
            return std::nullopt;
        f.value = word / 1e3;
        f.text = seconds(word / 1e3);
        break;
    }
    return f;
}

std::vector<EventField> eventFields(const TraceStore& store, const Event& e, EmptyText empty)
{
    std::vector<EventField> fields;
    for (int slot = 0; slot < 3; ++slot) {
        if (auto f = eventField(store, e, slot, empty))
            fields.push_back(std::move(*f));
    }
    if (auto f = itemValueField(store, e))
        fields.push_back(std::move(*f));
    return fields;
}

QString flagWord(const Event& e)
{
    switch (schemaOf(e.kind).flags) {
    case FlagRole::None:
        return {};
    case FlagRole::Daemon:
        return flagSet(e, FlagRole::Daemon) ? QStringLiteral("daemon") : QString();
    case FlagRole::TimedOut:
        if (!flagSet(e, FlagRole::TimedOut))
            return {};
        if ((e.flags & EventFlag::Interrupted) != 0)
            return QStringLiteral("ended by an exception");
        // A barrier wait that does not pass raises BrokenBarrierError, whether its own timeout broke the barrier
        // or another's did (BarrierBroken tells which): most of them did not time out.
        return e.kind == EventKind::BarrierWaitEnd ? QStringLiteral("BrokenBarrierError") : QStringLiteral("timed out");
    case FlagRole::Raised:
        return flagSet(e, FlagRole::Raised) ? QStringLiteral("raised") : QString();
    case FlagRole::Stderr:
        return flagSet(e, FlagRole::Stderr) ? QStringLiteral("stderr") : QString();
    case FlagRole::Potential:
        return flagSet(e, FlagRole::Potential) ? QStringLiteral("potential") : QString();
    case FlagRole::ByStop:
        return flagSet(e, FlagRole::ByStop) ? QStringLiteral("raised by Threadline's stop") : QString();
    case FlagRole::Scope:
        switch (markScope(e)) {
        case MarkScope::Process:
            return QStringLiteral("process");
        case MarkScope::Global:
            return QStringLiteral("global");
        case MarkScope::Thread:
            break;
        }
        return {};
    case FlagRole::SocketOp: {
        const std::string_view op = socketOpName(static_cast<SocketOp>(e.flags));
        return QString::fromLatin1(op.data(), static_cast<qsizetype>(op.size()));
    }
    }
    return {};
}

} // namespace tl
