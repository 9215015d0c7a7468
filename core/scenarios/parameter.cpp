#include "scenarios/parameter.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace tl {

namespace {

QString rangeText(const ParameterSpec& spec)
{
    return QStringLiteral("%1..%2").arg(spec.minimum.toString(), spec.maximum.toString());
}

const ParameterSpec* findSpec(const std::vector<ParameterSpec>& specs, const QString& key)
{
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const ParameterSpec& s) { return s.key == key; });
    return it == specs.end() ? nullptr : &*it;
}

QString knownKeys(const std::vector<ParameterSpec>& specs)
{
    QStringList keys;
    for (const auto& s : specs)
        keys << s.key;
    return keys.isEmpty() ? QStringLiteral("none") : keys.join(QStringLiteral(", "));
}

} // namespace

QVariant ParameterValues::value(const QString& key) const
{
    for (const auto& [k, v] : m_values)
        if (k == key)
            return v;
    return {};
}

int ParameterValues::toInt(const QString& key) const
{
    return value(key).toInt();
}
double ParameterValues::toDouble(const QString& key) const
{
    return value(key).toDouble();
}
bool ParameterValues::toBool(const QString& key) const
{
    return value(key).toBool();
}

void ParameterValues::set(const QString& key, const QVariant& value)
{
    for (auto& [k, v] : m_values) {
        if (k == key) {
            v = value;
            return;
        }
    }
    m_values.append({key, value});
}

Result<QVariant> validateParameter(const ParameterSpec& spec, const QVariant& value)
{
    switch (spec.type) {
    case ParameterSpec::Type::Bool:
        if (value.typeId() != QMetaType::Bool)
            return Result<QVariant>::failure(QStringLiteral("%1 must be true or false").arg(spec.key));
        return value;
    case ParameterSpec::Type::Int: {
        bool ok = false;
        const qlonglong v = value.toLongLong(&ok);
        if (!ok || value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Bool)
            return Result<QVariant>::failure(QStringLiteral("%1 must be a whole number").arg(spec.key));
        if (v < spec.minimum.toLongLong() || v > spec.maximum.toLongLong())
            return Result<QVariant>::failure(
                QStringLiteral("%1 = %2 is out of range %3").arg(spec.key).arg(v).arg(rangeText(spec)));
        return QVariant(static_cast<int>(v));
    }
    case ParameterSpec::Type::Double: {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok || value.typeId() == QMetaType::Bool || !std::isfinite(v))
            return Result<QVariant>::failure(QStringLiteral("%1 must be a number").arg(spec.key));
        // The shortest digits that read back as v: 600.0000000000001 was "600 is out of range 0..600".
        if (v < spec.minimum.toDouble() || v > spec.maximum.toDouble())
            return Result<QVariant>::failure(
                QStringLiteral("%1 = %2 is out of range %3")
                    .arg(spec.key, QString::number(v, 'g', QLocale::FloatingPointShortest), rangeText(spec)));
        return QVariant(v);
    }
    }
    return Result<QVariant>::failure(QStringLiteral("%1 has an unknown type").arg(spec.key));
}

Result<QVariant> parseParameter(const ParameterSpec& spec, const QString& text)
{
    const QString t = text.trimmed();
    switch (spec.type) {
    case ParameterSpec::Type::Bool: {
        // Any case: the listing shows Python's True and False.
        const QString word = t.toLower();
        if (word == QLatin1String("true") || word == QLatin1String("1") || word == QLatin1String("yes"))
            return QVariant(true);
        if (word == QLatin1String("false") || word == QLatin1String("0") || word == QLatin1String("no"))
            return QVariant(false);
        return Result<QVariant>::failure(QStringLiteral("%1 must be true or false, not '%2'").arg(spec.key, text));
    }
    case ParameterSpec::Type::Int: {
        bool ok = false;
        const qlonglong v = t.toLongLong(&ok);
        if (!ok)
            return Result<QVariant>::failure(QStringLiteral("%1 must be a whole number, not '%2'").arg(spec.key, text));
        return validateParameter(spec, QVariant(v));
    }
    case ParameterSpec::Type::Double: {
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok)
            return Result<QVariant>::failure(QStringLiteral("%1 must be a number, not '%2'").arg(spec.key, text));
        return validateParameter(spec, QVariant(v));
    }
    }
    return Result<QVariant>::failure(QStringLiteral("%1 has an unknown type").arg(spec.key));
}

template <class Value, class Check>
static Result<ParameterValues> resolve(const std::vector<ParameterSpec>& specs,
                                       const QList<QPair<QString, Value>>& given, Check check)
{
    ParameterValues values;
    for (const auto& spec : specs)
        values.set(spec.key, spec.defaultValue);
    QSet<QString> set; // a second value for one key was taken silently, the first lost
    for (const auto& [key, raw] : given) {
        const ParameterSpec* spec = findSpec(specs, key);
        if (spec == nullptr)
            return Result<ParameterValues>::failure(
                QStringLiteral("unknown parameter '%1' (known: %2)").arg(key, knownKeys(specs)));
        if (set.contains(spec->key))
            return Result<ParameterValues>::failure(QStringLiteral("parameter '%1' is set twice").arg(key));
        set.insert(spec->key);
        const Result<QVariant> v = check(*spec, raw);
        if (!v)
            return Result<ParameterValues>::failure(v.error());
        values.set(key, v.value());
    }
    return values;
}

Result<ParameterValues> resolveParameters(const std::vector<ParameterSpec>& specs,
                                          const QList<QPair<QString, QString>>& overrides)
{
    return resolve(specs, overrides, parseParameter);
}

Result<ParameterValues> resolveParameters(const std::vector<ParameterSpec>& specs,
                                          const QList<QPair<QString, QVariant>>& values)
{
    return resolve(specs, values, validateParameter);
}

Result<QPair<QString, QString>> parseAssignment(const QString& text)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    const QString key = text.left(eq).trimmed();
    const QString value = text.mid(eq + 1).trimmed();
    if (eq < 0 || key.isEmpty() || value.isEmpty())
        return Result<QPair<QString, QString>>::failure(QStringLiteral("--set expects key=value, got '%1'").arg(text));
    return QPair<QString, QString>(key, value);
}

} // namespace tl
