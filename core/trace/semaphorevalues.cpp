#include "trace/semaphorevalues.h"

#include <algorithm>

namespace tl {

namespace {

bool isSemaphore(SyncType type)
{
    return type == SyncType::Semaphore || type == SyncType::BoundedSemaphore;
}

} // namespace

void SemaphoreValues::created(std::uint32_t id, SyncType type, std::int64_t ts)
{
    const auto pending = m_pending.extract(id);
    if (!isSemaphore(type) || m_index.contains(id))
        return;
    m_index.emplace(id, m_semaphores.size());
    m_semaphores.push_back(SemaphoreInfo{id, type == SyncType::BoundedSemaphore, {}, 0});
    m_tracks.push_back(Track{ts, false});
    if (!pending.empty()) {
        for (const Point& point : pending.mapped())
            add(m_semaphores.size() - 1, point);
    }
}

bool SemaphoreValues::changed(const Event& e, const SyncType* type)
{
    if ((e.kind == EventKind::Acquired && (e.flags & EventFlag::TimedOut)) || (type && !isSemaphore(*type)))
        return false;
    const Point point{e.ts, e.c, e.kind == EventKind::Acquired};
    const auto it = m_index.find(e.a);
    if (it == m_index.end()) {
        m_pending[e.a].push_back(point);
        return false;
    }
    add(it->second, point);
    return true;
}

void SemaphoreValues::add(std::size_t index, const Point& point)
{
    SemaphoreInfo& s = m_semaphores[index];
    Track& track = m_tracks[index];
    auto& series = s.value;
    const std::pair<std::int64_t, std::uint32_t> entry(point.ts, point.value);
    bool first = series.empty();
    if (first) {
        series.push_back({std::min(track.createdTs, point.ts), 0}); // the creation point, set below
        series.push_back(entry);
    } else if (series.back().first <= point.ts) {
        series.push_back(entry);
    } else {
        // After the creation point, among the others by ts (a later producer drained first).
        const auto at = std::upper_bound(series.begin() + 1, series.end(), entry,
                                         [](const auto& x, const auto& y) { return x.first < y.first; });
        first = at == series.begin() + 1;
        series.insert(at, entry);
    }
    if (first) {
        track.firstIsAcquire = point.acquire;
        series.front().first = std::min(series.front().first, point.ts);
        series.front().second = point.acquire ? point.value + 1 : (point.value > 0 ? point.value - 1 : 0);
        s.maxValue = std::max(s.maxValue, series.front().second);
    }
    s.maxValue = std::max(s.maxValue, point.value);
}

} // namespace tl
