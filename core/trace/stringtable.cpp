#include "trace/stringtable.h"

namespace tl {

StringTable::StringTable()
{
    m_strings.emplace_back();
    m_ids.insert(QString(), 0);
}

StringId StringTable::intern(const QString& text)
{
    if (text.isEmpty())
        return 0;
    std::lock_guard lock(m_mutex);
    const auto it = m_ids.constFind(text);
    if (it != m_ids.cend())
        return it.value();
    const auto id = static_cast<StringId>(m_strings.size());
    m_strings.push_back(text);
    m_ids.insert(text, id);
    return id;
}

QString StringTable::text(StringId id) const
{
    std::lock_guard lock(m_mutex);
    return id < m_strings.size() ? m_strings[id] : QString();
}

std::size_t StringTable::size() const
{
    std::lock_guard lock(m_mutex);
    return m_strings.size();
}

} // namespace tl
