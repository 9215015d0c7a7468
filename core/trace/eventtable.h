#pragma once

#include "trace/event.h"

#include <cstddef>
#include <iterator>
#include <memory>
#include <span>
#include <vector>

namespace tl {

// Every event of a store, once, in arrival order: an EventId is an index here. Appends go to fixed-size
// chunks, so the table never moves an event: a reference stays valid for the table's life, and growing
// to millions of events never copies them (a std::vector would copy hundreds of megabytes at each
// doubling, on the thread that paints).
//
// Thread affinity: the store's owner thread.
class EventTable {
public:
    static constexpr std::size_t kChunkBits = 16;
    static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

    EventId append(const Event& e)
    {
        const std::size_t at = m_size & (kChunkSize - 1);
        if (at == 0)
            m_chunks.push_back(std::make_unique_for_overwrite<Event[]>(kChunkSize));
        m_chunks.back()[at] = e;
        return static_cast<EventId>(m_size++);
    }
    const Event& operator[](EventId id) const { return m_chunks[id >> kChunkBits][id & (kChunkSize - 1)]; }
    std::size_t size() const { return m_size; }

private:
    std::vector<std::unique_ptr<Event[]>> m_chunks;
    std::size_t m_size = 0;
};

// A sequence of event ids read as the events they name: a lane's events, or a store's in time order.
// Random access, so the standard algorithms (lower_bound on ts, ...) work on it directly.
class EventView {
public:
    class iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Event;
        using difference_type = std::ptrdiff_t;
        using pointer = const Event*;
        using reference = const Event&;

        iterator() = default;
        iterator(const EventTable* table, const EventId* at)
            : m_table(table)
            , m_at(at)
        {
        }
        reference operator*() const { return (*m_table)[*m_at]; }
        pointer operator->() const { return &(*m_table)[*m_at]; }
        reference operator[](difference_type n) const { return (*m_table)[m_at[n]]; }
        EventId id() const { return *m_at; }
        iterator& operator++()
        {
            ++m_at;
            return *this;
        }
        iterator operator++(int)
        {
            iterator old = *this;
            ++m_at;
            return old;
        }
        iterator& operator--()
        {
            --m_at;
            return *this;
        }
        iterator operator--(int)
        {
            iterator old = *this;
            --m_at;
            return old;
        }
        iterator& operator+=(difference_type n)
        {
            m_at += n;
            return *this;
        }
        iterator& operator-=(difference_type n)
        {
            m_at -= n;
            return *this;
        }
        friend iterator operator+(iterator it, difference_type n) { return it += n; }
        friend iterator operator+(difference_type n, iterator it) { return it += n; }
        friend iterator operator-(iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const iterator& x, const iterator& y) { return x.m_at - y.m_at; }
        friend bool operator==(const iterator& x, const iterator& y) { return x.m_at == y.m_at; }
        friend auto operator<=>(const iterator& x, const iterator& y) { return x.m_at <=> y.m_at; }

    private:
        const EventTable* m_table = nullptr;
        const EventId* m_at = nullptr;
    };

    EventView(const EventTable& table, std::span<const EventId> ids)
        : m_table(&table)
        , m_ids(ids)
    {
    }
    iterator begin() const { return {m_table, m_ids.data()}; }
    iterator end() const { return {m_table, m_ids.data() + m_ids.size()}; }
    std::size_t size() const { return m_ids.size(); }
    bool empty() const { return m_ids.empty(); }
    const Event& operator[](std::size_t i) const { return (*m_table)[m_ids[i]]; }
    const Event& front() const { return (*m_table)[m_ids.front()]; }
    const Event& back() const { return (*m_table)[m_ids.back()]; }
    EventId id(std::size_t i) const { return m_ids[i]; }
    std::span<const EventId> ids() const { return m_ids; }

private:
    const EventTable* m_table;
    std::span<const EventId> m_ids;
};

// A lane's events: the ids of its events in (ts, id) order, read as the events they name. Owned by the
// lane in its store; only the store changes it.
class LaneEvents {
public:
    explicit LaneEvents(const EventTable* table = nullptr)
        : m_table(table)
    {
    }
    EventView view() const { return {*m_table, m_ids}; }
    EventView::iterator begin() const { return view().begin(); }
    EventView::iterator end() const { return view().end(); }
    std::size_t size() const { return m_ids.size(); }
    bool empty() const { return m_ids.empty(); }
    const Event& operator[](std::size_t i) const { return (*m_table)[m_ids[i]]; }
    const Event& front() const { return (*m_table)[m_ids.front()]; }
    const Event& back() const { return (*m_table)[m_ids.back()]; }
    EventId id(std::size_t i) const { return m_ids[i]; }
    std::span<const EventId> ids() const { return m_ids; }

    // The store's side.
    void append(EventId id) { m_ids.push_back(id); }
    void insertAt(std::size_t index, EventId id)
    {
        m_ids.insert(m_ids.begin() + static_cast<std::ptrdiff_t>(index), id);
    }

private:
    const EventTable* m_table;
    std::vector<EventId> m_ids;
};

} // namespace tl
