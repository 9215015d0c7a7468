#include "py/traceback.h"

#include "engine/runcontext.h"

#include <QRegularExpression>
#include <QStringList>

namespace tl {

namespace {

qsizetype indentOf(const QString& line)
{
    qsizetype n = 0;
    while (n < line.size() && (line[n] == QLatin1Char(' ') || line[n] == QLatin1Char('\t')))
        ++n;
    return n;
}

bool isCode(const QString& line)
{
    const QString t = line.trimmed();
    return !t.isEmpty() && !t.startsWith(QLatin1Char('#'));
}

// Walks up from `index` through the headers of the blocks that enclose it (each less indented than the
// last) to the first `def` or `class`: the code object CPython names in the frame.
QString enclosingFunction(const QStringList& lines, qsizetype index)
{
    static const QRegularExpression header(QStringLiteral(R"(^\s*(?:async\s+)?(?:def|class)\s+(\w+))"));
    qsizetype indent = indentOf(lines[index]);
    for (qsizetype i = index - 1; i >= 0 && indent > 0; --i) {
        if (!isCode(lines[i]) || indentOf(lines[i]) >= indent)
            continue;
        indent = indentOf(lines[i]);
        if (const QRegularExpressionMatch m = header.match(lines[i]); m.hasMatch())
            return m.captured(1);
    }
    return QStringLiteral("<module>");
}

// The end of the line's code before a trailing comment, skipping '#' inside string literals.
qsizetype codeEnd(const QString& s)
{
    QChar quote;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('#')) {
            qsizetype end = i;
            while (end > 0 && s[end - 1].isSpace())
                --end;
            return end;
        }
    }
    return s.size();
}

// CPython 3.11 underlines the failing call, and draws nothing when that is the whole line. The engine's
// listing lines that raise are calls: a statement (`t.start()`) or an assignment's value (`x = q.get()`).
void setCarets(TracebackFrame& frame)
{
    static const QRegularExpression assignment(QStringLiteral(R"(^[\w.,\s\[\]]+?\s*=\s*(?!=))"));
    const qsizetype end = codeEnd(frame.source);
    qsizetype start = 0;
    if (const QRegularExpressionMatch m = assignment.match(frame.source.left(end)); m.hasMatch())
        start = m.capturedEnd();
    if (start == 0 && end == frame.source.size())
        return;
    frame.caretStart = static_cast<int>(start);
    frame.caretLength = static_cast<int>(end - start);
}

} // namespace

std::optional<TracebackFrame> listingFrame(const ListingText& listing, int line)
{
    const QStringList lines = listing.text.split(QLatin1Char('\n'));
    if (listing.text.isEmpty() || line < 1 || line > lines.size() || !isCode(lines[line - 1]))
        return std::nullopt;
    TracebackFrame frame{listing.fileName, line, enclosingFunction(lines, line - 1), lines[line - 1].trimmed()};
    setCarets(frame);
    return frame;
}

QString exceptionOnlyText(const PyException& error)
{
    return error.message().isEmpty() ? error.type() : error.type() + QStringLiteral(": ") + error.message();
}

QByteArray uncaughtReport(ErrorSite site, const QString& threadName, const PyException& error,
                          const std::optional<TracebackFrame>& frame)
{
    QString text;
    if (site == ErrorSite::Thread)
        text += QStringLiteral("Exception in thread %1:\n").arg(threadName);
    if (frame) {
        text += QStringLiteral("Traceback (most recent call last):\n");
        text += QStringLiteral("  File \"%1\", line %2, in %3\n").arg(frame->file).arg(frame->line).arg(frame->function);
        text += QStringLiteral("    %1\n").arg(frame->source);
        if (frame->caretLength > 0)
            text += QString(4 + frame->caretStart, QLatin1Char(' ')) + QString(frame->caretLength, QLatin1Char('^')) +
                    QLatin1Char('\n');
    }
    text += exceptionOnlyText(error) + QLatin1Char('\n');
    return text.toUtf8();
}

} // namespace tl
