#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace tl::import {

// What a load could not take as it stood, one line per kind of problem: the first case in full (what and
// where: event index and byte offset) and how many more there were. Skipped events are counted here,
// never dropped silently.
//
// Thread affinity: one thread.
class ImportIssues {
public:
    // `kind` groups the cases ("ph-b", "no-ts"); `message` describes this one, with its place.
    void add(const QString& kind, const QString& message);
    void addLine(const QString& line) { m_lines << line; }
    QStringList lines() const;
    bool isEmpty() const { return m_lines.isEmpty() && m_kinds.isEmpty(); }

private:
    struct Kind {
        QString first;
        std::uint64_t count = 0;
    };
    QStringList m_lines;
    QMap<QString, Kind> m_kinds;
    QStringList m_order;
};

// "event 12 (byte 3456)": where an event of the file is, counted from 1.
QString eventPlace(std::uint64_t index, std::uint64_t offset);

} // namespace tl::import
