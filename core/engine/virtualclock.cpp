#include "engine/virtualclock.h"

#include "engine/waitslot.h"

#include <QtGlobal>

#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace tl {

namespace {

// Saturation for deadlines: Python accepts timeouts up to threading.TIMEOUT_MAX (~292 years' worth).
constexpr double kMaxSeconds = 1.0e9;

double validSpeed(double speed)
{
    return speed > 0 ? speed : 1.0; // also NaN
}

} // namespace

VirtualClock::VirtualClock(double speed)
    : m_speed(validSpeed(speed))
    , m_epollFd(::epoll_create1(EPOLL_CLOEXEC))
    , m_timer([this] { timerLoop(); })
{
}

VirtualClock::~VirtualClock()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_timerCv.notify_one();
    m_timer.join();
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

void VirtualClock::zeroNow()
{
    std::lock_guard lock(m_mutex);
    m_time.publish(m_time.current().rate, ClockSegment::kNoLimit, 0);
    replanLocked();
}

std::int64_t VirtualClock::deadline(std::int64_t from, double seconds)
{
    const double clamped = seconds > 0 ? std::min(seconds, kMaxSeconds) : 0.0;
    return from + static_cast<std::int64_t>(clamped * 1e9);
}

double VirtualClock::speed() const
{
    std::lock_guard lock(m_mutex);
    return m_speed;
}

void VirtualClock::setSpeed(double speed)
{
    std::lock_guard lock(m_mutex);
    m_speed = validSpeed(speed);
    replanLocked();
}

bool VirtualClock::paused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

void VirtualClock::setPaused(bool paused)
{
    std::lock_guard lock(m_mutex);
    m_paused = paused;
    replanLocked();
}

void VirtualClock::threadStarting()
{
    std::lock_guard lock(m_mutex);
    ++m_running;
    replanLocked();
}

void VirtualClock::threadEnded()
{
    std::lock_guard lock(m_mutex);
    Q_ASSERT(m_running > 0);
    --m_running;
    handOnLocked();
    replanLocked();
}

void VirtualClock::block(WaitSlot& slot, std::optional<std::int64_t> deadline)
{
    std::lock_guard lock(m_mutex);
    Q_ASSERT(slot.m_state == WaitSlot::State::Running && m_running > 0);
    slot.m_state = WaitSlot::State::Blocked;
    ++slot.m_blocks;
    --m_running;
    ++m_blocked;
    if (deadline) {
        slot.m_deadline = m_deadlines.emplace(*deadline, &slot);
        slot.m_hasDeadline = true;
    }
    handOnLocked();
    replanLocked();
}

void VirtualClock::blockToYield(WaitSlot& slot)
{
    std::lock_guard lock(m_mutex);
    blockToYieldLocked(slot);
}

bool VirtualClock::blockUntilGivenUp(WaitSlot& slot, const WaitSlot& other, const std::function<bool()>& otherEnded)
{
    std::lock_guard lock(m_mutex);
    // Under the mutex that both of other's ways of giving up take (block*() counts; threadEnded() follows its
    // ended flag), so either it has given up by now or its giving up hands on to this yield.
    if (other.m_blocks > 0 || otherEnded())
        return false;
    blockToYieldLocked(slot);
    return true;
}

void VirtualClock::blockToYieldLocked(WaitSlot& slot)
{
    Q_ASSERT(slot.m_state == WaitSlot::State::Running && m_running > 0);
    slot.m_state = WaitSlot::State::Blocked;
    ++slot.m_blocks;
    --m_running;
    ++m_blocked;
    handOnLocked(); // a yield gives the GIL up too: to the thread that yielded before
    slot.m_yield = m_yields.emplace(ClockSegment::wallNowNs() + m_switchIntervalNs, &slot);
    slot.m_yielding = true;
    replanLocked();
}

void VirtualClock::setSwitchInterval(std::int64_t wallNs)
{
    std::lock_guard lock(m_mutex);
    m_switchIntervalNs = std::max<std::int64_t>(0, wallNs);
}

void VirtualClock::blockOnSocket(WaitSlot& slot, int fd, short events)
{
    std::lock_guard lock(m_mutex);
    Q_ASSERT(slot.m_state == WaitSlot::State::Running && m_running > 0);
    slot.m_state = WaitSlot::State::Blocked;
    ++slot.m_blocks;
    slot.m_pollFd = fd;
    epoll_event interest{};
    interest.events = ((events & POLLIN) != 0 ? EPOLLIN : 0u) | ((events & POLLOUT) != 0 ? EPOLLOUT : 0u);
    interest.data.fd = fd;
    ::epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &interest);
    ++m_socketWaits;
    --m_running;
    ++m_blocked;
    handOnLocked();
    replanLocked();
}

bool VirtualClock::wake(WaitSlot& slot)
{
    std::lock_guard lock(m_mutex);
    // A socket wait ends by itself, when its poll() returns (a stop writes to the interrupt eventfd).
    if (slot.m_state != WaitSlot::State::Blocked || slot.m_pollFd >= 0)
        return false;
    markWokenLocked(slot);
    replanLocked(); // before the unpark: the woken thread reads the clock as it runs
    slot.unpark();
    return true;
}

void VirtualClock::resume(WaitSlot& slot)
{
    std::lock_guard lock(m_mutex);
    if (slot.m_state == WaitSlot::State::Woken) {
        --m_woken;
    } else if (slot.m_state == WaitSlot::State::Blocked) {
        // It woke by itself: its poll returned, or its park found a stale token (see WaitSlot).
        removeWaitLocked(slot);
        --m_blocked;
    } else {
        return;
    }
    slot.m_state = WaitSlot::State::Running;
    ++m_running;
    replanLocked();
}

VirtualClock::Census VirtualClock::census() const
{
    std::lock_guard lock(m_mutex);
    return Census{m_running, m_woken, m_blocked, static_cast<int>(m_deadlines.size()), m_socketWaits};
}

std::uint64_t VirtualClock::jumps() const
{
    std::lock_guard lock(m_mutex);
    return m_jumps;
}

void VirtualClock::removeWaitLocked(WaitSlot& slot)
{
    if (slot.m_hasDeadline) {
        m_deadlines.erase(slot.m_deadline);
        slot.m_hasDeadline = false;
    }
    if (slot.m_yielding) {
        m_yields.erase(slot.m_yield);
        slot.m_yielding = false;
    }
    if (slot.m_pollFd >= 0) {
        ::epoll_ctl(m_epollFd, EPOLL_CTL_DEL, slot.m_pollFd, nullptr);
        --m_socketWaits;
        slot.m_pollFd = -1;
    }
}

void VirtualClock::wakeLocked(WaitSlot& slot)
{
    markWokenLocked(slot);
    slot.unpark();
}

void VirtualClock::markWokenLocked(WaitSlot& slot)
{
    removeWaitLocked(slot);
    slot.m_state = WaitSlot::State::Woken;
    --m_blocked;
    ++m_woken;
}

int VirtualClock::fireDueLocked(std::int64_t now)
{
    int fired = 0;
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        wakeLocked(*m_deadlines.begin()->second);
        ++fired;
    }
    return fired;
}

void VirtualClock::handOnLocked()
{
    if (!m_yields.empty())
        wakeLocked(*m_yields.begin()->second);
}

void VirtualClock::fireYieldsLocked(std::int64_t wallUpTo)
{
    while (!m_yields.empty() && m_yields.begin()->first <= wallUpTo)
        wakeLocked(*m_yields.begin()->second);
}

bool VirtualClock::socketReadyLocked() const
{
    // Level-triggered: ready while the socket has what its waiter polls for (or an error), as poll() says.
    epoll_event ready{};
    return ::epoll_wait(m_epollFd, &ready, 1, 0) != 0; // an error counts as ready: look again
}

void VirtualClock::replanLocked()
{
    const auto publish = [this](double rate, std::int64_t limit = ClockSegment::kNoLimit) {
        const ClockSegment::Piece piece = m_time.current();
        if (piece.rate != rate || piece.limit != limit)
            m_time.publish(rate, limit);
    };
    const std::int64_t wall = ClockSegment::wallNowNs();
    if (m_paused) {
        publish(0);
        setTimerLocked(std::nullopt);
        return;
    }
    const std::int64_t now = m_time.current().valueAt(wall);
    if (fireDueLocked(now) > 0 && m_running == 0)
        ++m_jumps; // a paced jump landed on its target
    fireYieldsLocked(wall);
    if (m_running > 0) {
        // Code runs: real time, and the timer wakes the earliest deadline's owner when the time comes (or a yield's,
        // when its wall time is up).
        publish(1.0);
        std::optional<std::int64_t> next;
        if (!m_deadlines.empty())
            next = wall + std::max<std::int64_t>(0, m_deadlines.begin()->first - now);
        if (!m_yields.empty())
            next = std::min(next.value_or(m_yields.begin()->first), m_yields.begin()->first);
        setTimerLocked(next);
        return;
    }
    if (m_woken > 0) {
        publish(0); // stands still until the woken threads run
        setTimerLocked(std::nullopt);
        return;
    }
    if (m_socketWaits > 0 && socketReadyLocked()) {
        publish(0); // a socket wait is over: its thread runs as soon as its poll() returns
        setTimerLocked(std::nullopt);
        return;
    }
    if (!m_yields.empty()) {
        // Every other thread waits: the yields are over, before any jump (a sleep(0) takes no time).
        fireYieldsLocked(std::numeric_limits<std::int64_t>::max());
        publish(0);
        setTimerLocked(std::nullopt);
        return;
    }
    if (m_deadlines.empty()) {
        publish(1.0); // nothing to jump to: real time, until something happens
        setTimerLocked(std::nullopt);
        return;
    }
    const std::int64_t target = m_deadlines.begin()->first;
    if (std::isinf(m_speed)) {
        m_time.publish(0, ClockSegment::kNoLimit, std::max(target, now));
        ++m_jumps;
        fireDueLocked(target);
        setTimerLocked(std::nullopt);
        return;
    }
    publish(m_speed, target);
    const ClockSegment::Piece piece = m_time.current();
    const double wallToTarget = std::ceil(static_cast<double>(target - piece.valueAt(wall)) / m_speed);
    setTimerLocked(wall + static_cast<std::int64_t>(std::min(wallToTarget, kMaxSeconds * 1e9)));
}

void VirtualClock::setTimerLocked(std::optional<std::int64_t> wallNs)
{
    if (m_timerWallNs == wallNs)
        return;
    const bool earlier = wallNs && (!m_timerWallNs || *wallNs < *m_timerWallNs);
    m_timerWallNs = wallNs;
    if (earlier)
        m_timerCv.notify_one(); // a later or no wake-up needs no notify: the timer re-checks when it wakes
}

void VirtualClock::timerLoop()
{
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        if (m_timerWallNs) {
            const ClockSegment::Wall::time_point when{
                std::chrono::duration_cast<ClockSegment::Wall::duration>(std::chrono::nanoseconds(*m_timerWallNs))};
            m_timerCv.wait_until(lock, when);
        } else {
            m_timerCv.wait(lock);
        }
        if (!m_quit && m_timerWallNs && ClockSegment::wallNowNs() >= *m_timerWallNs) {
            m_timerWallNs.reset();
            replanLocked();
        }
    }
}

} // namespace tl
