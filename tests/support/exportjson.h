#pragma once

// For the tests that read a JSON export a run of the threadline binary wrote: its otherData, and a JSON array of
// strings as a list.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tl::apptest {

// The export's otherData; empty when the file cannot be read or parsed.
inline QJsonObject otherDataOf(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value("otherData").toObject();
}

inline QStringList strings(const QJsonValue& array)
{
    QStringList out;
    for (const QJsonValue& v : array.toArray())
        out << v.toString();
    return out;
}

} // namespace tl::apptest
