#pragma once

#include "trace/event.h"

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tl {

// A semaphore's value over time, as the timeline's counter row and the export's counter show it.
struct SemaphoreInfo {
    std::uint32_t id = 0;
    bool bounded = false;
    // (ts, value), sorted by ts: its creation, then the value after each acquire and release.
    std::vector<std::pair<std::int64_t, std::uint32_t>> value;
    std::uint32_t maxValue = 0; // the largest value in the series
};

// Builds each semaphore's value series from its events, which come in any order across lanes: every
// acquire and release says the value after it (Acquired's and Released's c). No event says the value at
// creation, so it is read from the first point: one more than after an acquire, one less than after a
// release. A point that comes before its semaphore's SyncCreated waits for it; a primitive that turns out
// to be no semaphore drops its points.
//
// Thread affinity: the store's owner thread.
class SemaphoreValues {
public:
    // SyncCreated: `id` is of `type`, made at `ts`.
    void created(std::uint32_t id, SyncType type, std::int64_t ts);
    // An Acquired or Released event of a primitive whose type is `type` (nullptr: not known yet). True if a
    // semaphore's series changed.
    bool changed(const Event& e, const SyncType* type);

    const std::vector<SemaphoreInfo>& all() const { return m_semaphores; }

private:
    struct Point {
        std::int64_t ts;
        std::uint32_t value;
        bool acquire;
    };
    struct Track {
        std::int64_t createdTs = 0;
        bool firstIsAcquire = false; // of the earliest point after the creation
    };
    void add(std::size_t index, const Point& point);

    std::vector<SemaphoreInfo> m_semaphores;
    std::vector<Track> m_tracks; // parallel to m_semaphores
    std::unordered_map<std::uint32_t, std::size_t> m_index;
    std::unordered_map<std::uint32_t, std::vector<Point>> m_pending;
};

} // namespace tl
