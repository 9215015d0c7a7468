#include "py/futurewait.h"

#include "engine/deferredevents.h"
#include "engine/runcontext.h"
#include "py/currentthread.h"

#include <algorithm>

namespace tl {

namespace {

// The futures given, once each (CPython makes a set of them), in the order given.
std::vector<Future> distinct(const std::vector<Future>& fs)
{
    std::vector<Future> out;
    for (const Future& f : fs) {
        if (std::find(out.begin(), out.end(), f) == out.end())
            out.push_back(f);
    }
    return out;
}

// Puts `waiter` on every future (CPython's _create_and_install_waiters) and takes it off again at the end.
// Returns those done already: each is checked under its own mutex as the waiter goes on, so a future is
// either done by then or will notify the waiter.
class WaiterInstall {
public:
    WaiterInstall(const std::vector<Future>& fs, std::shared_ptr<FutureWaiter> waiter)
        : m_futures(fs)
        , m_waiter(std::move(waiter))
    {
        for (const Future& f : m_futures) {
            std::lock_guard lock(f.state()->mutex);
            if (f.state()->isDoneLocked())
                m_doneAtStart.push_back(f.state());
            else
                f.state()->waiters.push_back(m_waiter);
        }
    }
    ~WaiterInstall()
    {
        for (const Future& f : m_futures) {
            std::lock_guard lock(f.state()->mutex);
            auto& waiters = f.state()->waiters;
            std::erase_if(waiters, [this](const std::weak_ptr<FutureWaiter>& w) { return w.lock() == m_waiter; });
        }
    }
    WaiterInstall(const WaiterInstall&) = delete;
    WaiterInstall& operator=(const WaiterInstall&) = delete;

    const std::vector<std::shared_ptr<FutureState>>& doneAtStart() const { return m_doneAtStart; }

private:
    std::vector<Future> m_futures;
    std::shared_ptr<FutureWaiter> m_waiter;
    std::vector<std::shared_ptr<FutureState>> m_doneAtStart;
};

// The task that made `state` done, read under its mutex (the waiter's may be held: wait() takes them in
// that order too).
FutureTaskWords settledBy(const std::shared_ptr<FutureState>& state)
{
    std::lock_guard lock(state->mutex);
    return state->settledByLocked();
}

// The task whose end released a wait() that `waiter` saw satisfied, as CPython's waiters tell it: the first
// future done ends FIRST_COMPLETED, the last one the others. A future whose status changed just before the
// check may not have told the waiter yet: then the first done of those given.
FutureTaskWords releaser(const std::vector<Future>& fs, const FutureWaiter& waiter, ReturnWhen when)
{
    if (!waiter.finished.empty())
        return settledBy(when == ReturnWhen::FirstCompleted ? waiter.finished.front() : waiter.finished.back());
    for (const Future& f : fs) {
        if (f.done())
            return settledBy(f.state());
    }
    return {};
}

bool raised(const Future& f)
{
    std::lock_guard lock(f.state()->mutex);
    return f.state()->status == FutureState::Status::Finished && f.state()->error.has_value();
}

// Whether wait() may return, from which futures are done.
bool satisfied(const std::vector<Future>& fs, ReturnWhen when)
{
    const auto done =
        static_cast<std::size_t>(std::count_if(fs.begin(), fs.end(), [](const Future& f) { return f.done(); }));
    switch (when) {
    case ReturnWhen::FirstCompleted:
        return done > 0 || fs.empty();
    case ReturnWhen::FirstException:
        return done == fs.size() || std::any_of(fs.begin(), fs.end(), raised);
    case ReturnWhen::AllCompleted:
        return done == fs.size();
    }
    return true;
}

} // namespace

DoneAndNotDone waitForFutures(const std::vector<Future>& fs, std::optional<double> timeout, ReturnWhen returnWhen)
{
    ThreadState& self = requireCurrentThread("concurrent.futures.wait()");
    const std::vector<Future> futures = distinct(fs);
    auto waiter = std::make_shared<FutureWaiter>();
    {
        const WaiterInstall install(futures, waiter);
        DeferredEvents deferred(self);
        std::unique_lock lock(waiter->mutex);
        std::optional<FutureWaitTrace> trace;
        if (!satisfied(futures, returnWhen))
            trace.emplace(self, futures.size() == 1 ? futures.front().state().get() : nullptr,
                          FutureWaitLimit{.timeout = timeout});
        const std::optional<std::int64_t> deadline =
            trace ? trace->deadline() : self.run.interrupts().deadlineAfter(timeout);
        const bool met = self.run.interrupts().wait(self, lock, waiter->changed, deadline,
                                                    [&] { return satisfied(futures, returnWhen); });
        if (trace && !met)
            trace->timedOut();
        else if (trace)
            trace->done(releaser(futures, *waiter, returnWhen));
    }
    DoneAndNotDone out;
    for (const Future& f : futures)
        (f.done() ? out.done : out.notDone).push_back(f);
    return out;
}

AsCompleted::AsCompleted(std::vector<Future> fs, std::optional<double> timeout)
    : m_futures(std::move(fs))
    , m_timeout(timeout)
{
}

AsCompleted::~AsCompleted()
{
    if (!m_waiter)
        return;
    for (const Future& f : m_futures) {
        std::lock_guard lock(f.state()->mutex);
        std::erase_if(f.state()->waiters,
                      [this](const std::weak_ptr<FutureWaiter>& w) { return w.lock() == m_waiter; });
    }
}

void AsCompleted::begin()
{
    ThreadState& self = requireCurrentThread("concurrent.futures.as_completed()");
    m_begun = true;
    m_deadline = self.run.interrupts().deadlineAfter(m_timeout);
    m_futures = distinct(m_futures);
    m_waiter = std::make_shared<FutureWaiter>();
    for (const Future& f : m_futures) {
        std::lock_guard lock(f.state()->mutex);
        if (f.state()->isDoneLocked()) {
            m_ready.push_back(f.state());
        } else {
            f.state()->waiters.push_back(m_waiter);
            ++m_pending;
        }
    }
}

std::optional<Future> AsCompleted::next()
{
    if (!m_begun)
        begin();
    if (m_ready.empty() && m_pending > 0) {
        ThreadState& self = requireCurrentThread("concurrent.futures.as_completed()");
        DeferredEvents deferred(self);
        std::unique_lock lock(m_waiter->mutex);
        std::optional<FutureWaitTrace> trace;
        if (m_waiter->finished.empty())
            trace.emplace(self, m_futures.size() == 1 ? m_futures.front().state().get() : nullptr,
                          FutureWaitLimit{.deadline = m_deadline});
        if (!self.run.interrupts().wait(self, lock, m_waiter->changed, m_deadline,
                                        [this] { return !m_waiter->finished.empty(); })) {
            trace->timedOut();
            throw TimeoutError(QStringLiteral("%1 (of %2) futures unfinished").arg(m_pending).arg(m_futures.size()));
        }
        if (trace)
            trace->done(settledBy(m_waiter->finished.front()));
        m_pending -= m_waiter->finished.size();
        m_ready.swap(m_waiter->finished);
    }
    if (m_ready.empty())
        return std::nullopt;
    Future next(m_ready.front());
    m_ready.erase(m_ready.begin());
    return next;
}

} // namespace tl
