#include "py/futurewaittrace.h"

#include "engine/runcontext.h"
#include "engine/threadstate.h"
#include "py/future.h"
#include "py/timeoutword.h"

namespace tl {

namespace {

// The timeout a begin carries: what is left of a deadline, or the timeout itself.
std::uint32_t timeoutMs(const RunContext& run, const FutureWaitLimit& limit)
{
    if (limit.deadline)
        return timeoutWord(static_cast<double>(*limit.deadline - run.clock().nowNs()) / 1e9);
    return timeoutWord(limit.timeout);
}

} // namespace

FutureWaitTrace::FutureWaitTrace(ThreadState& self, const FutureState* one, FutureWaitLimit limit)
    : m_self(self)
    , m_waitedOn(one ? FutureTaskWords{one->executor, one->task} : FutureTaskWords{})
{
    const std::int64_t begin = self.run.events().emitChecked(self, EventKind::FutureWaitBegin, m_waitedOn.executor,
                                                             m_waitedOn.task, timeoutMs(self.run, limit));
    m_deadline = limit.deadline ? limit.deadline : self.run.interrupts().deadlineAfter(limit.timeout, begin);
}

void FutureWaitTrace::done(FutureTaskWords releasedBy)
{
    m_self.run.events().emitChecked(m_self, EventKind::FutureWaitEnd, releasedBy.executor, releasedBy.task);
}

void FutureWaitTrace::timedOut()
{
    m_self.run.events().emitCheckedAt(m_self, *m_deadline, EventKind::FutureWaitEnd, m_waitedOn.executor,
                                      m_waitedOn.task, 0, EventFlag::TimedOut);
}

} // namespace tl
