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
    return QStringLiteral("event #%1 (byte %2)").arg(index).arg(offset);
}

} // namespace tl::import
