#include "py/future.h"

#include "engine/runcontext.h"
#include "py/currentthread.h"

namespace tl {

Future::Future(std::shared_ptr<FutureState> state)
    : m_state(std::move(state))
{
}

void Future::waitDone(std::optional<double> timeout) const
{
    ThreadState& self = requireCurrentThread("Future.result()");
    std::unique_lock lock(m_state->mutex);
    const auto isDone = [this] {
        return m_state->status == FutureState::Status::Finished || m_state->status == FutureState::Status::Cancelled;
    };
    if (!m_state->run.interrupts().wait(self, lock, m_state->done, m_state->run.interrupts().deadlineAfter(timeout),
                                        isDone))
        throw TimeoutError();
    if (m_state->status == FutureState::Status::Cancelled)
        throw CancelledError();
}

QVariant Future::result(std::optional<double> timeout) const
{
    waitDone(timeout);
    std::lock_guard lock(m_state->mutex);
    if (m_state->error)
        throw *m_state->error;
    return m_state->result;
}

std::optional<PyException> Future::exception(std::optional<double> timeout) const
{
    waitDone(timeout);
    std::lock_guard lock(m_state->mutex);
    return m_state->error;
}

bool Future::done() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->status == FutureState::Status::Finished || m_state->status == FutureState::Status::Cancelled;
}

bool Future::running() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->status == FutureState::Status::Running;
}

bool Future::cancelled() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->status == FutureState::Status::Cancelled;
}

bool Future::cancel()
{
    std::lock_guard lock(m_state->mutex);
    if (m_state->status == FutureState::Status::Running || m_state->status == FutureState::Status::Finished)
        return false;
    m_state->status = FutureState::Status::Cancelled;
    m_state->done.notifyAll();
    return true;
}

} // namespace tl
