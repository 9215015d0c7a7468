#include "engine/threadregistry.h"

#include "engine/enginethread.h"
#include "engine/runcontext.h"

namespace tl {

ThreadRegistry::ThreadRegistry(RunContext& run, std::uint32_t stackSizeBytes)
    : m_run(run)
    , m_stackSizeBytes(stackSizeBytes)
{
}

ThreadRegistry::~ThreadRegistry()
{
    joinAllThreads();
}

std::shared_ptr<ThreadState> ThreadRegistry::createLane(const QString& name, bool daemon, const QString& targetName)
{
    std::shared_ptr<ThreadState> lane;
    {
        std::lock_guard lock(m_lanesMutex);
        lane = std::make_shared<ThreadState>(m_run, static_cast<LaneId>(m_lanes.size()), name, daemon);
        m_lanes.push_back(lane);
    }
    m_run.interrupts().registerInterruptible(lane.get());
    ThreadState* creator = currentThreadState();
    const Event e{m_run.clock().nowNs(),
                  lane->lane,
                  0,
                  EventKind::ThreadCreated,
                  static_cast<std::uint8_t>(daemon ? EventFlag::Daemon : 0),
                  creator ? creator->line : std::uint16_t(0),
                  creator ? creator->lane : lane->lane,
                  m_run.strings().intern(name),
                  m_run.strings().intern(targetName)};
    if (creator != nullptr)
        m_run.events().push(*creator, e);
    else
        lane->deferred.push_back({e}); // written by the new lane itself, before any other event of it
    return lane;
}

std::vector<std::shared_ptr<ThreadState>> ThreadRegistry::lanes() const
{
    std::lock_guard lock(m_lanesMutex);
    return m_lanes;
}

bool ThreadRegistry::spawnOsThread(std::function<void()> body)
{
    // Runnable from now, before its OS thread exists: the clock must not jump while it starts up.
    VirtualClock& clock = m_run.clock();
    clock.threadStarting();
    auto thread = std::make_unique<EngineThread>(std::move(body), m_stackSizeBytes);
    EngineThread* raw = thread.get();
    {
        // Listed before it starts: joinAllThreads() must see every thread that may already run.
        std::lock_guard lock(m_threadsMutex);
        m_osThreads.push_back(std::move(thread));
    }
    if (raw->start())
        return true;
    {
        std::lock_guard lock(m_threadsMutex);
        std::erase_if(m_osThreads, [raw](const std::unique_ptr<EngineThread>& t) { return t.get() == raw; });
    }
    clock.threadEnded();
    return false;
}

void ThreadRegistry::joinAllThreads()
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

void ThreadRegistry::registerAtExit(std::uintptr_t key, std::function<void()> fn)
{
    std::lock_guard lock(m_atExitMutex);
    m_atExit.emplace_back(key, std::move(fn));
}

void ThreadRegistry::unregisterAtExit(std::uintptr_t key)
{
    std::lock_guard lock(m_atExitMutex);
    std::erase_if(m_atExit, [key](const auto& entry) { return entry.first == key; });
}

void ThreadRegistry::runAtExitCallbacks()
{
    m_atExitBegun.store(true);
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

} // namespace tl
