#include "import/importissues.h"

namespace tl::import {

void ImportIssues::add(const QString& kind, const QString& message)
{
    Kind& k = m_kinds[kind];
    if (k.count++ == 0) {
        k.first = message;
        m_order << kind;
    }
}

QStringList ImportIssues::lines() const
{
    QStringList out = m_lines;
    for (const QString& kind : m_order) {
        const Kind& k = m_kinds[kind];
        out << (k.count == 1 ? k.first : QStringLiteral("%1 (and %2 more like it)").arg(k.first).arg(k.count - 1));
    }
    return out;
}

QString eventPlace(std::uint64_t index, std::uint64_t offset)
{
    // Counted from 1, as a reader counts: "read the 41 events before it" is cut inside event 42.
    return QStringLiteral("event %1 (byte %2)").arg(index + 1).arg(offset);
}

} // namespace tl::import
