#pragma once

#include "engine/deferredevents.h"
#include "engine/enginecondition.h"
#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/errors.h"
#include "py/itemrepr.h"
#include "trace/event.h"

#include <concepts>
#include <cstdint>
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
    // An item in words as its ItemValue event carries them: c, the string id of its pythonRepr, or with the flag
    // EventFlag::Number the item itself, as the tracer sends a whole number of 32 bits.
    struct ItemWords {
        std::uint32_t c = 0;
        std::uint8_t flags = 0;
    };
    ItemWords internedWords(const QString& words);
    // A lesson's numbered items (0, 1, ...) as numbers: no string per put, which the run's string table would keep
    // for the run's life.
    template <class U> ItemWords itemWords(const U& item)
    {
        if constexpr (std::integral<U> && !std::same_as<U, bool>) {
            if (std::in_range<std::int32_t>(item))
                return {static_cast<std::uint32_t>(static_cast<std::int32_t>(item)), EventFlag::Number};
        }
        return internedWords(pythonRepr(item));
    }
    // Records an item stored; emits its value (`words`) and the put.
    void endPut(ThreadState& self, std::uint32_t item, std::int64_t ts, ItemWords words);
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

// Which item a Queue's get() takes: the oldest (queue.Queue), the newest (queue.LifoQueue), or the lowest
// (queue.PriorityQueue).
enum class QueueOrder { Fifo, Lifo, Priority };

// The items of a queue, each with its id (for the put -> get arrows), taken in `Order`.
template <class T, QueueOrder Order> class QueueItems {
public:
    std::size_t size() const { return m_items.size(); }
    void push(std::uint32_t id, T item)
    {
        m_items.emplace_back(id, std::move(item));
        if constexpr (Order == QueueOrder::Priority)
            siftDown(0, m_items.size() - 1);
    }
    std::pair<std::uint32_t, T> pop()
    {
        if constexpr (Order == QueueOrder::Fifo) {
            auto first = std::move(m_items.front());
            m_items.pop_front();
            return first;
        } else if constexpr (Order == QueueOrder::Lifo) {
            auto last = std::move(m_items.back());
            m_items.pop_back();
            return last;
        } else {
            auto last = std::move(m_items.back());
            m_items.pop_back();
            if (m_items.empty())
                return last;
            std::swap(last, m_items.front());
            siftUp(0);
            return last;
        }
    }

private:
    // CPython's heapq._siftdown and _siftup, step for step, rather than std::push_heap / std::pop_heap:
    // items that are not ordered against each other (equal priorities) then come out in CPython's order.
    void siftDown(std::size_t start, std::size_t pos)
    {
        auto item = std::move(m_items[pos]);
        while (pos > start) {
            const std::size_t parent = (pos - 1) / 2;
            if (!(item.second < m_items[parent].second))
                break;
            m_items[pos] = std::move(m_items[parent]);
            pos = parent;
        }
        m_items[pos] = std::move(item);
    }
    void siftUp(std::size_t pos)
    {
        const std::size_t end = m_items.size();
        const std::size_t start = pos;
        auto item = std::move(m_items[pos]);
        for (std::size_t child = 2 * pos + 1; child < end; child = 2 * pos + 1) {
            if (const std::size_t right = child + 1; right < end && !(m_items[child].second < m_items[right].second))
                child = right;
            m_items[pos] = std::move(m_items[child]);
            pos = child;
        }
        m_items[pos] = std::move(item);
        siftDown(start, pos);
    }

    std::deque<std::pair<std::uint32_t, T>> m_items;
};

// Python's queue.Queue (FIFO), queue.LifoQueue or queue.PriorityQueue (T needs operator<, as heapq
// needs items that compare) holding values of type T.
template <class T, QueueOrder Order = QueueOrder::Fifo> class Queue final : public QueueBase {
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
        const ItemWords words = itemWords(std::as_const(item)); // out of the mutex: it may allocate
        DeferredEvents deferred(self);
        std::unique_lock lock(m_mutex);
        const std::uint32_t id = beginPut(lock, self, block, timeout);
        const std::int64_t ts = stamp(self);
        m_items.push(id, std::move(item));
        endPut(self, id, ts, words);
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
        auto [id, item] = m_items.pop();
        endGet(self, id, ts);
        return std::move(item);
    }
    T getNowait() { return get(false); }

private:
    std::size_t sizeLocked() const override { return m_items.size(); }

    QueueItems<T, Order> m_items;
};

template <class T> using LifoQueue = Queue<T, QueueOrder::Lifo>;
template <class T> using PriorityQueue = Queue<T, QueueOrder::Priority>;

// Python's queue.SimpleQueue: unbounded FIFO with no task tracking (no task_done() or join()), so put()
// never blocks; its block and timeout are accepted and ignored, as CPython's are.
template <class T> class SimpleQueue final {
public:
    explicit SimpleQueue(const QString& name = QStringLiteral("queue"))
        : m_queue(0, name)
    {
    }
    void put(T item, bool /*block*/ = true, std::optional<double> /*timeout*/ = std::nullopt)
    {
        m_queue.put(std::move(item));
    }
    void putNowait(T item) { m_queue.put(std::move(item)); }
    T get(bool block = true, std::optional<double> timeout = std::nullopt) { return m_queue.get(block, timeout); }
    T getNowait() { return m_queue.get(false); }
    std::size_t qsize() const { return m_queue.qsize(); }
    bool empty() const { return m_queue.empty(); }

private:
    Queue<T> m_queue;
};

} // namespace tl
