#include "py/thread.h"

#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/errors.h"
#include "py/excepthook.h"
#include "py/resourceerrors.h"
#include "py/timeoutword.h"
#include "py/trackedwait.h"

namespace tl {

namespace {

QString defaultName(RunContext& run, const QString& targetName)
{
    const QString base = QStringLiteral("Thread-%1").arg(run.threads().nextThreadNumber());
    return targetName.isEmpty() ? base : QStringLiteral("%1 (%2)").arg(base, targetName);
}

} // namespace

std::shared_ptr<Thread> Thread::create(Target target, Options options)
{
    return std::shared_ptr<Thread>(new Thread(std::move(target), std::move(options)));
}

Thread::Thread(Options options)
    : Thread(Target{}, std::move(options))
{
}

Thread::Thread(Target target, Options options)
    : m_target(std::move(target))
    , m_targetName(options.targetName)
{
    ThreadState& creator = requireCurrentThread("Thread()");
    RunContext& run = creator.run;
    run.interrupts().throwIfUnwinding(creator);
    const QString name = options.name.isEmpty() ? defaultName(run, m_targetName) : options.name;
    const bool daemon = options.daemon.value_or(creator.daemon.load());
    m_state = run.threads().createLane(name, daemon, m_targetName);
}

Thread::~Thread() = default;

void Thread::start()
{
    ThreadState& caller = requireCurrentThread("Thread.start()");
    RunContext& run = caller.run;
    if (m_state->started.exchange(true))
        throw RuntimeError(QStringLiteral("threads can only be started once"));
    std::shared_ptr<Thread> self;
    try {
        self = shared_from_this();
    } catch (const std::bad_weak_ptr&) {
        m_state->started.store(false);
        throw RuntimeError(QStringLiteral("a Thread must be owned by a std::shared_ptr to start"));
    }
    try {
        // The daemon flag may have changed since ThreadCreated; the start event carries the final one.
        run.events().emitChecked(caller, EventKind::Start, m_state->lane, run.strings().intern(m_targetName), 0,
                                 m_state->daemon.load() ? EventFlag::Daemon : 0);
        // Python's start() waits on the new thread's _started event: a wait of its own on the caller's lane.
        run.events().emitChecked(caller, EventKind::StartWaitBegin, m_state->lane);
    } catch (...) {
        m_state->started.store(false);
        throw;
    }
    if (!run.threads().spawnOsThread([self] { self->bootstrap(); })) {
        m_state->started.store(false); // as CPython: its _started was never set, so start() may be tried again
        run.events().emitChecked(caller, EventKind::StartWaitEnd, m_state->lane);
        throw noThreadError(caller);
    }
    {
        std::unique_lock lock(m_state->mutex);
        run.interrupts().wait(caller, lock, m_state->changed, std::nullopt,
                              [this] { return m_state->running.load() || m_state->ended.load(); });
    }
    // And CPython's start() gets the GIL back only when the new thread drops it, at its first wait.
    run.interrupts().yieldToStarted(caller, *m_state);
    run.events().emitChecked(caller, EventKind::StartWaitEnd, m_state->lane);
}

void Thread::bootstrap()
{
    ThreadState& state = *m_state;
    RunContext& ctx = state.run;
    setCurrentThreadState(&state);
    state.producer = ctx.events().channel().createProducer();
    state.bindToCallingThread();
    const Escape body = catchEscaping([&] {
        ctx.events().emitChecked(state, EventKind::RunBegin);
        state.markRunning();
        run();
    });
    std::optional<ThreadUnwind::Reason> unwound = body.unwound;
    if (!unwound) {
        // Reporting and the end are events too: either may find the lane unwinding.
        unwound = catchEscaping([&] {
                      if (body.error)
                          reportUncaught(state, *body.error);
                      ctx.events().emitChecked(state, EventKind::RunEnd);
                  }).unwound;
    }
    if (unwound) {
        const bool cut = *unwound == ThreadUnwind::Reason::DaemonCut;
        const std::int64_t ts = cut ? ctx.interrupts().cutTs() : ctx.interrupts().stopTs();
        ctx.events().emitAt(state, ts, cut ? EventKind::DaemonStopped : EventKind::Stopped);
        ctx.events().emitAt(state, ts, EventKind::RunEnd);
    }
    state.markRunning(); // a waiting start() must return even if the body never began
    state.markEnded();
    setCurrentThreadState(nullptr);
}

void Thread::run()
{
    if (m_target)
        m_target();
}

bool Thread::join(std::optional<double> timeout)
{
    ThreadState& caller = requireCurrentThread("Thread.join()");
    RunContext& run = caller.run;
    if (!m_state->started.load())
        throw RuntimeError(QStringLiteral("cannot join thread before it is started"));
    if (&caller == m_state.get())
        throw RuntimeError(QStringLiteral("cannot join current thread"));
    const std::int64_t begin =
        run.events().emitChecked(caller, EventKind::JoinBegin, m_state->lane, 0, timeoutWord(timeout));
    const std::optional<std::int64_t> deadline = run.interrupts().deadlineAfter(timeout, begin);
    bool ended = false;
    {
        const TrackedWait tracked(caller, {WaitFor::Kind::Join, kNoValue, nullptr, m_state.get(), timeout.has_value()});
        std::unique_lock lock(m_state->mutex);
        ended =
            run.interrupts().wait(caller, lock, m_state->changed, deadline, [this] { return m_state->ended.load(); });
    }
    if (ended)
        run.events().emitChecked(caller, EventKind::JoinEnd, m_state->lane);
    else // timed out: at the deadline
        run.events().emitCheckedAt(caller, *deadline, EventKind::JoinEnd, m_state->lane, 0, 0, EventFlag::TimedOut);
    return ended;
}

bool Thread::isAlive() const
{
    return m_state->started.load() && !m_state->ended.load();
}

QString Thread::name() const
{
    return m_state->name;
}

bool Thread::daemon() const
{
    return m_state->daemon.load();
}

void Thread::setDaemon(bool daemon)
{
    if (m_state->started.load())
        throw RuntimeError(QStringLiteral("cannot set daemon status of active thread"));
    m_state->daemon.store(daemon);
}

std::optional<std::uint64_t> Thread::ident() const
{
    const std::uint64_t id = m_state->ident.load();
    return id == 0 ? std::nullopt : std::optional<std::uint64_t>(id);
}

std::optional<std::int64_t> Thread::nativeId() const
{
    const std::int64_t id = m_state->nativeId.load();
    return id == 0 ? std::nullopt : std::optional<std::int64_t>(id);
}

LaneId Thread::lane() const
{
    return m_state->lane;
}

} // namespace tl
