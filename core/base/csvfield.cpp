#include "base/csvfield.h"

#include <QRegularExpression>

namespace tl {

namespace {

bool isPlainNumber(const QString& field)
{
    static const QRegularExpression number(QStringLiteral(R"(^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)"));
    return number.match(field).hasMatch();
}

// A spreadsheet reads these first characters as the start of a formula (or, tab and carriage return, skips them
// and then reads one).
bool readsAsFormula(const QString& field)
{
    if (field.isEmpty())
        return false;
    const QChar first = field.front();
    const bool formulaStart = first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-') ||
                              first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r');
    return formulaStart && !isPlainNumber(field);
}

} // namespace

QString csvField(const QString& field)
{
    const QString text = readsAsFormula(field) ? QLatin1Char('\'') + field : field;
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                             text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!needsQuotes)
        return text;
    QString copy = text;
    copy.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + copy + QLatin1Char('"');
}

} // namespace tl
