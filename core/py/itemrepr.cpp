#include "py/itemrepr.h"

#include <QList>

#include <algorithm>

namespace tl {

namespace {

constexpr qsizetype kReprLimit = 40; // characters of a str shown, as values.py's _LIMIT

// What str.isprintable() says of a character: the separators but the space, the controls, formats,
// surrogates, private use and unassigned characters are not.
bool printable(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    case QChar::Separator_Space:
        return c == U' ';
    default:
        return true;
    }
}

// One character as repr() writes it between `quote`s.
QString escaped(char32_t c, QChar quote)
{
    switch (c) {
    case U'\\':
        return QStringLiteral("\\\\");
    case U'\n':
        return QStringLiteral("\\n");
    case U'\r':
        return QStringLiteral("\\r");
    case U'\t':
        return QStringLiteral("\\t");
    default:
        break;
    }
    if (c == quote.unicode())
        return QStringLiteral("\\") + quote;
    if (printable(c))
        return QString::fromUcs4(&c, 1);
    if (c < 0x100)
        return QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    if (c < 0x10000)
        return QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'));
    return QStringLiteral("\\U%1").arg(c, 8, 16, QLatin1Char('0'));
}

} // namespace

QString pythonRepr(const QString& text)
{
    // The repr of the part shown, as values.py makes it: the first 40 characters (code points, as Python counts);
    // Python's choice of quote: single, unless that part has one and no double quote.
    const QList<uint> all = text.toUcs4();
    const QList<uint> shown = all.first(std::min<qsizetype>(all.size(), kReprLimit));
    const bool single = shown.contains(uint{'\''}) && !shown.contains(uint{'"'});
    const QChar quote = single ? QLatin1Char('"') : QLatin1Char('\'');
    QString out(quote);
    for (const uint c : shown)
        out += escaped(c, quote);
    if (all.size() > kReprLimit)
        out += QChar(0x2026);
    return out + quote;
}

QString pythonRepr(bool value)
{
    return value ? QStringLiteral("True") : QStringLiteral("False");
}

} // namespace tl
