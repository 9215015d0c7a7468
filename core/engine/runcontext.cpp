#include "engine/runcontext.h"

#include "engine/enginethread.h"

#include <QThread>

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdio>

namespace tl {

namespace {
thread_local ThreadState* t_current = nullptr;
}

ThreadState* currentThreadState()
{
    return t_current;
}

void setCurrentThreadState(ThreadState* state)
{
    t_current = state;
}

RunContext::RunContext(RunOptions options)
    : m_options(options)
    , m_clock(options.speed)
    , m_channel(options.channelCapacity)
    , m_interruptFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
}

RunContext::~RunContext()
{
    requestStop();
    joinAllThreads();
    if (m_interruptFd >= 0)
        ::close(m_interruptFd);
}

std::shared_ptr<ThreadState> RunContext::createLane(const QString& name, bool daemon, const QString& targetName)
{
    std::shared_ptr<ThreadState> lane;
    {
        std::lock_guard lock(m_lanesMutex);
        lane = std::make_shared<ThreadState>(*this, static_cast<LaneId>(m_lanes.size()), name, daemon);
        m_lanes.push_back(lane);
    }
    registerInterruptible(lane.get());
    ThreadState* creator = t_current;
    const Event e{m_clock.nowNs(),
                  lane->lane,
                  0,
                  EventKind::ThreadCreated,
                  static_cast<std::uint8_t>(daemon ? EventFlag::Daemon : 0),
                  creator ? creator->line : std::uint16_t(0),
                  creator ? creator->lane : lane->lane,
                  m_strings->intern(name),
                  m_strings->intern(targetName)};
    if (creator != nullptr && creator->producer != nullptr)
        creator->producer->push(e);
    else {
        // The main lane announces itself from its own thread, before any other event of the run.
        lane->producer = m_channel.createProducer();
        lane->producer->push(e);
    }
    return lane;
}

std::vector<std::shared_ptr<ThreadState>> RunContext::lanes() const
{
    std::lock_guard lock(m_lanesMutex);
    return m_lanes;
}

void RunContext::requestStop()
{
    if (m_stop.exchange(true))
        return;
    m_stopTs.store(m_clock.nowNs());
    interruptAll();
}

void RunContext::cutDaemons()
{
    if (m_cut.exchange(true))
        return;
    m_cutTs.store(m_clock.nowNs());
    interruptAll();
}

std::optional<ThreadUnwind::Reason> RunContext::unwindReason(const ThreadState& self) const
{
    if (m_stop.load())
        return ThreadUnwind::Reason::Stopped;
    if (m_cut.load() && self.daemon.load())
        return ThreadUnwind::Reason::DaemonCut;
    return std::nullopt;
}

void RunContext::throwIfUnwinding(const ThreadState& self) const
{
    if (const auto reason = unwindReason(self))
        throw ThreadUnwind{*reason};
}

void RunContext::interruptAll()
{
    if (m_interruptFd >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(m_interruptFd, &one, sizeof one);
    }
    std::lock_guard lock(m_interruptMutex);
    for (Interruptible* object : m_interruptibles)
        object->interrupt();
}

void RunContext::registerInterruptible(Interruptible* object)
{
    std::lock_guard lock(m_interruptMutex);
    m_interruptibles.insert(object);
}

void RunContext::unregisterInterruptible(Interruptible* object)
{
    std::lock_guard lock(m_interruptMutex);
    m_interruptibles.erase(object);
}

std::int64_t RunContext::emitChecked(ThreadState& self, EventKind kind, std::uint32_t a, std::uint32_t b,
                                     std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    const std::int64_t ts = m_clock.nowNs();
    throwIfUnwinding(self);
    emitAt(self, ts, kind, a, b, c, flags, lane);
    return ts;
}

void RunContext::emitAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a, std::uint32_t b,
                        std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    self.producer->push(Event{ts, lane.value_or(self.lane), 0, kind, flags, self.line, a, b, c});
}

std::optional<ScenarioClock::Wall::time_point> RunContext::deadlineAfter(std::optional<double> scenarioSeconds) const
{
    if (!scenarioSeconds)
        return std::nullopt;
    return m_clock.deadline(ScenarioClock::Wall::now(), *scenarioSeconds > 0 ? *scenarioSeconds : 0.0);
}

void RunContext::spawnOsThread(std::function<void()> body)
{
    auto thread = std::make_unique<EngineThread>(std::move(body));
    thread->setStackSize(m_options.stackSizeBytes);
    EngineThread* raw = thread.get();
    {
        std::lock_guard lock(m_threadsMutex);
        m_osThreads.push_back(std::move(thread));
    }
    raw->start();
}

void RunContext::joinAllThreads()
{
    // Threads may start threads while we join, so repeat until none is left.
    for (;;) {
        std::vector<std::unique_ptr<EngineThread>> batch;
        {
            std::lock_guard lock(m_threadsMutex);
            batch.swap(m_osThreads);
        }
        if (batch.empty())
            return;
        for (auto& t : batch)
            t->join();
    }
}

void RunContext::registerAtExit(std::uintptr_t key, std::function<void()> fn)
{
    std::lock_guard lock(m_atExitMutex);
    m_atExit.emplace_back(key, std::move(fn));
}

void RunContext::unregisterAtExit(std::uintptr_t key)
{
    std::lock_guard lock(m_atExitMutex);
    std::erase_if(m_atExit, [key](const auto& entry) { return entry.first == key; });
}

void RunContext::runAtExitCallbacks()
{
    for (;;) {
        std::function<void()> fn;
        {
            std::lock_guard lock(m_atExitMutex);
            if (m_atExit.empty())
                return;
            fn = std::move(m_atExit.back().second);
            m_atExit.pop_back();
        }
        fn();
    }
}

void RunContext::print(ThreadState& self, const QString& text)
{
    emitChecked(self, EventKind::Print, m_strings->intern(text));
    if (m_options.echoPrints) {
        const QByteArray line = text.toUtf8() + '\n';
        std::lock_guard lock(m_stdoutMutex);
        std::fwrite(line.constData(), 1, static_cast<std::size_t>(line.size()), stdout);
        std::fflush(stdout);
    }
}

void RunContext::reportUncaught(ThreadState& self, const QString& type, const QString& message)
{
    emitChecked(self, EventKind::Error, m_strings->intern(type), m_strings->intern(message));
    if (m_options.echoPrints) {
        const QByteArray text =
            QStringLiteral("Exception in thread %1:\n%2: %3\n").arg(self.name, type, message).toUtf8();
        std::lock_guard lock(m_stdoutMutex);
        std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
    }
}

} // namespace tl
