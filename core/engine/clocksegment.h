#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

namespace tl {

// The scenario time as a function of wall time, one straight piece at a time:
//     value(w) = min(value0 + (w - wall0) * rate, limit)
// rate 1 while code runs, the speed during a paced jump (capped by `limit`, the jump's target), 0 when
// frozen. A new piece starts where the old one is at that moment, so the function is continuous and, since
// no rate is negative, never goes back.
//
// Published as a sequence lock so that now() (every event's timestamp) takes no lock: a reader retries if a
// writer published while it read. The wall time is read inside that window, so a reader that used the old
// piece read the wall clock before the writer did, and got a value no later than where the new piece begins:
// timestamps stay monotonic across threads.
//
// Thread affinity: now() and valueAt() from any thread; publish() by one writer at a time (the owner's mutex).
class ClockSegment {
public:
    using Wall = std::chrono::steady_clock;
    static constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

    struct Piece {
        std::int64_t wall0 = 0;  // wall nanoseconds (steady clock) where the piece begins
        std::int64_t value0 = 0; // scenario nanoseconds there
        double rate = 0;         // scenario per wall nanosecond: 0 (frozen), 1 (real), or a jump's speed
        std::int64_t limit = kNoLimit;

        std::int64_t valueAt(std::int64_t wallNs) const
        {
            const std::int64_t elapsed = std::max<std::int64_t>(0, wallNs - wall0);
            std::int64_t advance = 0;
            if (rate == 1.0)
                advance = elapsed;
            else if (rate > 0)
                advance = static_cast<std::int64_t>(
                    std::min(static_cast<double>(elapsed) * rate, static_cast<double>(kNoLimit / 4)));
            return std::min(value0 + advance, limit);
        }
    };

    static std::int64_t wallNowNs()
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Wall::now().time_since_epoch()).count();
    }

    std::int64_t now() const
    {
        for (;;) {
            const std::uint64_t before = m_seq.load(std::memory_order_acquire);
            if ((before & 1) != 0)
                continue; // a writer is between its two stores
            // Acquire loads: the second read of the sequence cannot move before them (no fences, which
            // ThreadSanitizer does not model).
            const Piece piece = load();
            const std::int64_t wall = wallNowNs();
            if (m_seq.load(std::memory_order_relaxed) == before)
                return piece.valueAt(wall);
        }
    }

    // The piece in force (writer only: it is not read under the sequence check).
    Piece current() const { return load(); }

    // Starts a new piece at the present wall time, continuing from the value there, and returns that value.
    // A `valueOverride` replaces that value: a jump landing on its target, or the clock zeroed before the
    // run's first event (the only time a value may go back).
    std::int64_t publish(double rate, std::int64_t limit, std::int64_t valueOverride = -1)
    {
        // The odd value is stored (seq_cst: a full barrier) before the wall clock is read, and each field
        // with release: a reader that sees a new field also sees the odd (or a later) sequence, and retries.
        const std::uint64_t seq = m_seq.load(std::memory_order_relaxed);
        m_seq.store(seq + 1, std::memory_order_seq_cst);
        const std::int64_t wall = wallNowNs();
        const std::int64_t value = valueOverride >= 0 ? valueOverride : load().valueAt(wall);
        m_wall0.store(wall, std::memory_order_release);
        m_value0.store(value, std::memory_order_release);
        m_rate.store(rate, std::memory_order_release);
        m_limit.store(limit, std::memory_order_release);
        m_seq.store(seq + 2, std::memory_order_release);
        return value;
    }

private:
    Piece load() const
    {
        return Piece{m_wall0.load(std::memory_order_acquire), m_value0.load(std::memory_order_acquire),
                     m_rate.load(std::memory_order_acquire), m_limit.load(std::memory_order_acquire)};
    }

    std::atomic<std::uint64_t> m_seq{0};
    std::atomic<std::int64_t> m_wall0{wallNowNs()};
    std::atomic<std::int64_t> m_value0{0};
    std::atomic<double> m_rate{1.0};
    std::atomic<std::int64_t> m_limit{kNoLimit};
};

} // namespace tl
