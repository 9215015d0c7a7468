#include "scenarios/scenario.h"

#include <QFile>
#include <QLocale>
#include <QStringList>

namespace tl {

QString Scenario::listing() const
{
    QFile file(QStringLiteral(":/listings/%1.py").arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString listingConstant(const ParameterSpec& spec)
{
    return spec.key.toUpper();
}

QString pythonLiteral(const ParameterSpec& spec, const QVariant& value)
{
    switch (spec.type) {
    case ParameterSpec::Type::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case ParameterSpec::Type::Int:
        return QString::number(value.toLongLong());
    case ParameterSpec::Type::Double:
        // The shortest digits that read back as the same double, as Python's repr() writes floats; whole
        // numbers stay as the listing writes them ("4"), since sleep(4) and sleep(4.0) are the same call.
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    }
    return value.toString();
}

QString Scenario::listingWith(const ParameterValues& values) const
{
    QStringList lines = listing().split(QLatin1Char('\n'));
    for (const ParameterSpec& spec : parameters) {
        const QVariant value = values.value(spec.key);
        if (!value.isValid())
            continue;
        const QString prefix = listingConstant(spec) + QStringLiteral(" = ");
        for (QString& line : lines) {
            if (!line.startsWith(prefix))
                continue;
            // Keep the comment and its column: the literal replaces the old one, padded to its width.
            const qsizetype comment = line.indexOf(QStringLiteral("  #"), prefix.size());
            const QString literal = pythonLiteral(spec, value);
            if (comment < 0) {
                line = prefix + literal;
            } else {
                const QString rest = line.mid(comment);
                const qsizetype width = comment - prefix.size();
                line = prefix + literal.leftJustified(width, QLatin1Char(' ')) + rest;
            }
            break;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

const Scenario* findScenario(const QString& id)
{
    for (const Scenario& s : allScenarios())
        if (s.id == id)
            return &s;
    return nullptr;
}

} // namespace tl
