#pragma once

#include "base/result.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <vector>

namespace tl {

// One tunable of a scenario: its key (as in `--set key=value`), type, default, inclusive range and a
// one-line help. Immutable once declared.
struct ParameterSpec {
    enum class Type { Int, Double, Bool };
    QString key;
    QString label;
    Type type = Type::Int;
    QVariant defaultValue;
    QVariant minimum; // unused for Bool
    QVariant maximum;
    QString help;
};

// Validated parameter values, in the order the scenario declares them.
class ParameterValues {
public:
    int toInt(const QString& key) const;
    double toDouble(const QString& key) const;
    bool toBool(const QString& key) const;
    QVariant value(const QString& key) const;
    const QList<QPair<QString, QVariant>>& ordered() const { return m_values; }
    void set(const QString& key, const QVariant& value);

private:
    QList<QPair<QString, QVariant>> m_values;
};

// Checks one value against its spec (type and range); returns it converted to the spec's type.
Result<QVariant> validateParameter(const ParameterSpec& spec, const QVariant& value);
// Parses text as the command line gives it ("12", "0.5", "true"/"false"/"1"/"0") and validates it.
Result<QVariant> parseParameter(const ParameterSpec& spec, const QString& text);
// One `--set` argument, "key=value" (spaces around either are trimmed), split; an error when it is not.
Result<QPair<QString, QString>> parseAssignment(const QString& text);
// Defaults overridden by `overrides` (key -> text). Unknown keys and bad values are errors.
Result<ParameterValues> resolveParameters(const std::vector<ParameterSpec>& specs,
                                          const QList<QPair<QString, QString>>& overrides);
// Defaults overridden by typed values (the GUI's form).
Result<ParameterValues> resolveParameters(const std::vector<ParameterSpec>& specs,
                                          const QList<QPair<QString, QVariant>>& values);

} // namespace tl
