#pragma once

#include "engine/deferredevents.h"
#include "engine/enginecondition.h"
#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/errors.h"

#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace tl {

// What every Queue<T> shares, independent of the item type: Python's queue.Queue bookkeeping (maxsize,
// unfinished tasks, the three conditions) and its events. Python is the reference: see CPython's
// Lib/queue.py; the messages and the blocking rules are the same, and so is the order in which waiters are
// woken (the longest waiting first). Each operation emits its events under the queue's mutex (so their
// moments follow the queue's order) and writes them once the mutex is released (DeferredEvents).
//
// Thread affinity: any engine thread of the run that created it.
class QueueBase {
public:
    int maxsize() const { return m_maxsize; }
    std::uint32_t id() const { return m_id; }
    std::size_t qsize() const;
    bool empty() const;
    bool full() const;
    // ValueError "task_done() called too many times".
    void taskDone();
    // Blocks until every item put has had its task_done().
    void join();

protected:
    QueueBase(int maxsize, const QString& name);
    ~QueueBase();

    // Waits for room (Python's put() rules) and returns the new item's id, with m_mutex held by `lock`.
    std::uint32_t beginPut(std::unique_lock<std::mutex>& lock, ThreadState& self, bool block,
                           std::optional<double> timeout);
    // Records an item stored; emits the put.
    void endPut(ThreadState& self, std::uint32_t item, std::int64_t ts);
    // Waits for an item (Python's get() rules), with m_mutex held by `lock`.
    void beginGet(std::unique_lock<std::mutex>& lock, ThreadState& self, bool block, std::optional<double> timeout);
    void endGet(ThreadState& self, std::uint32_t item, std::int64_t ts);
    std::int64_t stamp(ThreadState& self);

    virtual std::size_t sizeLocked() const = 0;
    bool fullLocked() const { return m_maxsize > 0 && sizeLocked() >= static_cast<std::size_t>(m_maxsize); }

    mutable std::mutex m_mutex;
    EngineCondition m_notEmpty;
    EngineCondition m_notFull;
    EngineCondition m_allTasksDone;

private:
    static void checkTimeout(std::optional<double> timeout);

    RunContext& m_run;
    const int m_maxsize;
    const std::uint32_t m_id;
    std::uint32_t m_nextItem = 0;
    std::uint64_t m_unfinished = 0;
};

// Python's queue.Queue holding values of type T (FIFO).
template <class T> class Queue final : public QueueBase {
public:
    // maxsize <= 0: unbounded. The name labels its depth counter ("queue" by default).
    explicit Queue(int maxsize = 0, const QString& name = QStringLiteral("queue"))
        : QueueBase(maxsize, name)
    {
    }

    // queue.Full when non-blocking or timed out; ValueError for a negative timeout.
    void put(T item, bool block = true, std::optional<double> timeout = std::nullopt)
    {
        ThreadState& self = requireCurrentThread("Queue.put()");
        DeferredEvents deferred(self);
        std::unique_lock lock(m_mutex);
        const std::uint32_t id = beginPut(lock, self, block, timeout);
        const std::int64_t ts = stamp(self);
        m_items.emplace_back(id, std::move(item));
        endPut(self, id, ts);
    }
    void putNowait(T item) { put(std::move(item), false); }

    // queue.Empty when non-blocking or timed out; ValueError for a negative timeout.
    T get(bool block = true, std::optional<double> timeout = std::nullopt)
    {
        ThreadState& self = requireCurrentThread("Queue.get()");
        DeferredEvents deferred(self);
        std::unique_lock lock(m_mutex);
        beginGet(lock, self, block, timeout);
        const std::int64_t ts = stamp(self);
        auto [id, item] = std::move(m_items.front());
        m_items.pop_front();
        endGet(self, id, ts);
        return std::move(item);
    }
    T getNowait() { return get(false); }

private:
    std::size_t sizeLocked() const override { return m_items.size(); }

    std::deque<std::pair<std::uint32_t, T>> m_items;
};

} // namespace tl
