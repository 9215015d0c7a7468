#include "trace/eventtext.h"

#include "trace/eventfields.h"

namespace tl {

namespace {

// A word as a learner reads it: durations in the unit that reads best, everything else as the exports
// show it. Empty when the word has no value.
QString shownWord(const TraceStore& store, const Event& e, int slot)
{
    const std::optional<EventField> f = eventField(store, e, slot);
    if (!f)
        return {};
    const std::int64_t word = slot == 0 ? e.a : slot == 1 ? e.b : e.c;
    if (f->role == ArgRole::Micros)
        return formatDuration(word * 1000);
    if (f->role == ArgRole::TimeoutMs)
        return formatDuration(word * 1'000'000);
    return f->text;
}

QString placeholder(const QString& name, const TraceStore& store, const Event& e)
{
    if (name == QLatin1String("a"))
        return shownWord(store, e, 0);
    if (name == QLatin1String("b"))
        return shownWord(store, e, 1);
    if (name == QLatin1String("c"))
        return shownWord(store, e, 2);
    if (name == QLatin1String("op") && schemaOf(e.kind).flags == FlagRole::SocketOp)
        return flagWord(e);
    if (name == QLatin1String("item")) {
        const QString id = shownWord(store, e, 1);
        if (id.isEmpty())
            return {};
        const QString value = store.itemValue(e.a, e.b);
        return value.isEmpty() ? QStringLiteral("item %1").arg(id) : QStringLiteral("%1 (item %2)").arg(value, id);
    }
    return {};
}

// Replaces the placeholders of `part`; `complete` turns false when one of them has no value.
QString substitute(const QString& part, const TraceStore& store, const Event& e, bool& complete)
{
    QString out;
    for (qsizetype i = 0; i < part.size(); ++i) {
        const qsizetype close = part[i] == QLatin1Char('{') ? part.indexOf(QLatin1Char('}'), i) : -1;
        if (close < 0) {
            out += part[i];
            continue;
        }
        const QString value = placeholder(part.mid(i + 1, close - i - 1), store, e);
        complete = complete && !value.isEmpty();
        out += value;
        i = close;
    }
    return out;
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

QString counted(qint64 n, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString sliceLabel(const QString& name)
{
    return name.isEmpty() ? QStringLiteral("(unnamed)") : name;
}

namespace {

constexpr char16_t kEscape = 0x1b;

// The index of the last character of the terminal escape sequence that begins at `at` (an ESC). A control sequence
// (CSI, ESC [) ends at its first character in @..~; an operating system command (OSC, ESC ]: a title, a link's
// address) at BEL or ESC \; any other escape takes the one character after it, a surrogate pair whole.
qsizetype escapeEnd(const QString& s, qsizetype at)
{
    const qsizetype n = s.size();
    const QChar kind = at + 1 < n ? s.at(at + 1) : QChar();
    qsizetype i = at + 2;
    if (kind == QLatin1Char('[')) {
        while (i < n && !(s.at(i).unicode() >= 0x40 && s.at(i).unicode() <= 0x7e))
            ++i;
        return i;
    }
    if (kind == QLatin1Char(']')) {
        for (; i < n; ++i) {
            if (s.at(i) == QChar(0x07))
                return i;
            if (s.at(i) == QChar(kEscape) && i + 1 < n && s.at(i + 1) == QLatin1Char('\\'))
                return i + 1;
        }
        return n;
    }
    return kind.isHighSurrogate() && at + 2 < n && s.at(at + 2).isLowSurrogate() ? at + 2 : at + 1;
}

} // namespace

QString shownLine(const QString& printed)
{
    if (!printed.contains(QChar(kEscape)) && !printed.contains(QLatin1Char('\t')))
        return printed;
    QString shown;
    shown.reserve(printed.size());
    for (qsizetype i = 0; i < printed.size(); ++i) {
        const QChar c = printed.at(i);
        if (c == QChar(kEscape))
            i = escapeEnd(printed, i);
        else
            shown += c == QLatin1Char('\t') ? QLatin1Char(' ') : c;
    }
    return shown;
}

QString eventName(EventKind kind)
{
    const std::string_view name = eventKindName(kind);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString markerLabel(EventKind kind)
{
    const char* label = schemaOf(kind).marker;
    return label ? QString::fromUtf8(label) : eventName(kind);
}

QString fillDetails(const char* pattern, const TraceStore& store, const Event& e)
{
    const QString text = QString::fromUtf8(pattern ? pattern : "");
    QString out;
    for (qsizetype i = 0; i < text.size();) {
        const qsizetype open = text.indexOf(QLatin1Char('['), i);
        const qsizetype close = open < 0 ? -1 : text.indexOf(QLatin1Char(']'), open);
        if (close < 0) {
            bool complete = true;
            out += substitute(text.mid(i), store, e, complete);
            break;
        }
        bool complete = true;
        out += substitute(text.mid(i, open - i), store, e, complete);
        bool optionalComplete = true;
        const QString optional = substitute(text.mid(open + 1, close - open - 1), store, e, optionalComplete);
        if (optionalComplete)
            out += optional;
        i = close + 1;
    }
    return out;
}

QString eventDetails(const TraceStore& store, const Event& e)
{
    QString text = fillDetails(schemaOf(e.kind).details, store, e);
    const FlagRole flag = schemaOf(e.kind).flags;
    if (flag != FlagRole::SocketOp && flag != FlagRole::None) {
        if (const QString word = flagWord(e); !word.isEmpty())
            text += (text.isEmpty() ? QStringLiteral("(%1)") : QStringLiteral(" (%1)")).arg(word);
    }
    return text;
}

QString spanDetails(const TraceStore& store, const LaneInfo& lane, const Span& span)
{
    if (span.state == LaneState::Running)
        return lane.target.isEmpty() ? QStringLiteral("thread body") : QStringLiteral("target %1").arg(lane.target);
    if (store.contains(span.opening)) {
        if (QString text = eventDetails(store, store.event(span.opening)); !text.isEmpty())
            return text;
    }
    return stateDescription(span.state);
}

namespace {

QString labelled(const TraceStore& store, LaneId lane, const QString& name)
{
    const QString shown = store.inProcess(lane, name);
    return lane < store.laneCount() && store.lane(lane).daemon ? shown + QStringLiteral(" (daemon)") : shown;
}

} // namespace

QString laneLabel(const TraceStore& store, LaneId lane)
{
    return labelled(store, lane, store.laneName(lane));
}

QString laneLabelAt(const TraceStore& store, LaneId lane, std::int64_t ts)
{
    return labelled(store, lane, store.laneNameAt(lane, ts));
}

} // namespace tl
