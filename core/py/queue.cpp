#include "py/queue.h"

#include "py/timeoutword.h"

namespace tl {

QueueBase::QueueBase(int maxsize, const QString& name)
    : m_run(requireCurrentThread("Queue()").run)
    , m_maxsize(maxsize)
    , m_id(m_run.threads().nextQueueId())
{
    ThreadState& self = requireCurrentThread("Queue()");
    m_run.events().emitChecked(self, EventKind::QueueCreated, m_id, m_run.strings().intern(name),
                               static_cast<std::uint32_t>(maxsize > 0 ? maxsize : 0));
}

QueueBase::~QueueBase() = default;

std::size_t QueueBase::qsize() const
{
    std::lock_guard lock(m_mutex);
    return sizeLocked();
}

bool QueueBase::empty() const
{
    return qsize() == 0;
}

bool QueueBase::full() const
{
    std::lock_guard lock(m_mutex);
    return fullLocked();
}

void QueueBase::checkTimeout(std::optional<double> timeout)
{
    if (timeout && *timeout < 0)
        throw ValueError(QStringLiteral("'timeout' must be a non-negative number"));
}

std::int64_t QueueBase::stamp(ThreadState& self)
{
    // Read before the unwind check; see EventSink::emitChecked.
    const std::int64_t ts = m_run.clock().nowNs();
    m_run.interrupts().throwIfUnwinding(self);
    return ts;
}

std::uint32_t QueueBase::beginPut(std::unique_lock<std::mutex>& lock, ThreadState& self, bool block,
                                  std::optional<double> timeout)
{
    m_run.interrupts().throwIfUnwinding(self);
    // As Lib/queue.py: only a bounded queue can make put() wait, so only there is the timeout checked.
    if (block && m_maxsize > 0)
        checkTimeout(timeout);
    if (fullLocked()) {
        if (!block)
            throw QueueFull();
        const std::int64_t ts = m_run.events().emitChecked(self, EventKind::PutBlocked, m_id, timeoutWord(timeout),
                                                           static_cast<std::uint32_t>(sizeLocked()));
        const std::optional<std::int64_t> deadline = m_run.interrupts().deadlineAfter(timeout, ts);
        if (!m_run.interrupts().wait(self, lock, m_notFull, deadline, [this] { return !fullLocked(); })) {
            m_run.events().emitCheckedAt(self, *deadline, EventKind::PutDone, m_id, 0,
                                         static_cast<std::uint32_t>(sizeLocked()), EventFlag::TimedOut);
            throw QueueFull();
        }
    }
    return ++m_nextItem;
}

QueueBase::ItemWords QueueBase::internedWords(const QString& words)
{
    return {m_run.strings().intern(words), 0};
}

void QueueBase::endPut(ThreadState& self, std::uint32_t item, std::int64_t ts, ItemWords words)
{
    ++m_unfinished;
    m_run.events().emitAt(self, ts, EventKind::ItemValue, m_id, item, words.c, words.flags);
    m_run.events().emitAt(self, ts, EventKind::PutDone, m_id, item, static_cast<std::uint32_t>(sizeLocked()));
    m_notEmpty.notifyOne();
}

void QueueBase::beginGet(std::unique_lock<std::mutex>& lock, ThreadState& self, bool block,
                         std::optional<double> timeout)
{
    m_run.interrupts().throwIfUnwinding(self);
    if (block)
        checkTimeout(timeout);
    if (sizeLocked() == 0) {
        if (!block)
            throw QueueEmpty();
        const std::int64_t ts = m_run.events().emitChecked(self, EventKind::GetBlocked, m_id, timeoutWord(timeout), 0);
        const std::optional<std::int64_t> deadline = m_run.interrupts().deadlineAfter(timeout, ts);
        if (!m_run.interrupts().wait(self, lock, m_notEmpty, deadline, [this] { return sizeLocked() > 0; })) {
            m_run.events().emitCheckedAt(self, *deadline, EventKind::GetDone, m_id, 0, 0, EventFlag::TimedOut);
            throw QueueEmpty();
        }
    }
}

void QueueBase::endGet(ThreadState& self, std::uint32_t item, std::int64_t ts)
{
    m_run.events().emitAt(self, ts, EventKind::GetDone, m_id, item, static_cast<std::uint32_t>(sizeLocked()));
    m_notFull.notifyOne();
}

void QueueBase::taskDone()
{
    ThreadState& self = requireCurrentThread("Queue.task_done()");
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    if (m_unfinished == 0)
        throw ValueError(QStringLiteral("task_done() called too many times"));
    const std::int64_t ts = stamp(self);
    --m_unfinished;
    m_run.events().emitAt(self, ts, EventKind::TaskDone, m_id, 0, static_cast<std::uint32_t>(m_unfinished));
    if (m_unfinished == 0)
        m_allTasksDone.notifyAll();
}

void QueueBase::join()
{
    ThreadState& self = requireCurrentThread("Queue.join()");
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    m_run.events().emitChecked(self, EventKind::QueueJoinBegin, m_id);
    m_run.interrupts().wait(self, lock, m_allTasksDone, std::nullopt, [this] { return m_unfinished == 0; });
    m_run.events().emitChecked(self, EventKind::QueueJoinEnd, m_id);
}

} // namespace tl
