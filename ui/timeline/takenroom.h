#pragma once

#include <algorithm>
#include <iterator>
#include <vector>

// The room callouts take along a lane's row (ui/timeline/callouts.cpp): what is taken, and what is free beside a point.
namespace tl::ui {

// A stretch along x: [from, to).
struct Room {
    double from;
    double to;
    double size() const { return to - from; }
};

// The boxes placed so far (and the bands' words), each widened by the gap on both sides: sorted, disjoint. A box takes
// only room next to its point, so that no box stands between another box and its point: the leader would strike through
// its words.
class TakenRoom {
public:
    explicit TakenRoom(double gap)
        : m_gap(gap)
    {
    }

    // The free room right of `from` up to `limit`; none when a box covers `from`.
    Room rightOf(double from, double limit) const
    {
        const auto it = firstEndingAfter(from);
        if (it != m_taken.end() && it->from <= from)
            return {from, from};
        return {from, it != m_taken.end() ? std::min(limit, it->from) : limit};
    }
    // The free room left of `to` down to `limit`; none when a box covers `to`.
    Room leftOf(double to, double limit) const
    {
        const auto it = firstEndingAfter(to);
        if (it != m_taken.end() && it->from < to)
            return {to, to};
        return {it != m_taken.begin() ? std::max(limit, std::prev(it)->to) : limit, to};
    }
    // Whether a box covers x.
    bool covers(double x) const
    {
        const auto it = firstEndingAfter(x);
        return it != m_taken.end() && it->from <= x;
    }
    // The end of the taken room that covers or begins at x; x where none does.
    double endOfTakenAt(double x) const
    {
        const auto it = firstEndingAfter(x);
        return it != m_taken.end() && it->from <= x + 0.01 ? it->to : x;
    }
    // A box, or a band's label: merged with what it overlaps (a box placed over a label), so the rooms stay
    // disjoint.
    void take(double from, double to)
    {
        Room merged{from - m_gap, to + m_gap};
        auto first = firstEndingAfter(merged.from);
        auto last = first;
        for (; last != m_taken.end() && last->from < merged.to; ++last)
            merged = {std::min(merged.from, last->from), std::max(merged.to, last->to)};
        m_taken.insert(m_taken.erase(first, last), merged);
    }

private:
    std::vector<Room>::const_iterator firstEndingAfter(double x) const
    {
        return std::upper_bound(m_taken.begin(), m_taken.end(), x, [](double v, const Room& r) { return v < r.to; });
    }
    std::vector<Room>::iterator firstEndingAfter(double x)
    {
        return std::upper_bound(m_taken.begin(), m_taken.end(), x, [](double v, const Room& r) { return v < r.to; });
    }

    double m_gap;
    std::vector<Room> m_taken;
};

} // namespace tl::ui
