#include "engine/resourceshortage.h"

namespace tl {

void ResourceShortage::report(LaneId lane, QString resource, QString error)
{
    std::lock_guard lock(m_mutex);
    if (m_first)
        return;
    m_first = Report{lane, std::move(resource), std::move(error), std::chrono::steady_clock::now()};
    m_reported.store(true, std::memory_order_release);
}

std::optional<ResourceShortage::Report> ResourceShortage::first() const
{
    if (!reported())
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    return m_first;
}

} // namespace tl
