#pragma once

#include "trace/event.h"

#include <QObject>

#include <cstdint>
#include <optional>
#include <vector>

namespace tl::ui {

// A span of scenario time in nanoseconds, [from, to).
struct TimeRange {
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::int64_t duration() const { return to - from; }
    bool isEmpty() const { return to <= from; }
    bool operator==(const TimeRange&) const = default;
};

// What the user picked on the timeline or in the event list: an event, or a state span of one lane named
// by the event that opened it. Event ids are stable for the store's life, so a selection stays valid while
// a live run appends, even when a late event moves others in their lane.
struct Selection {
    enum class Kind { None, Span, Event } kind = Kind::None;
    tl::LaneId lane = 0;
    tl::EventId event = tl::kNoEvent; // Event: the event; Span: the event that opened the span
    bool isNone() const { return kind == Kind::None; }
    bool operator==(const Selection&) const = default;
    static Selection ofEvent(tl::LaneId lane, tl::EventId id) { return {Kind::Event, lane, id}; }
    static Selection ofSpan(tl::LaneId lane, tl::EventId opening) { return {Kind::Span, lane, opening}; }
};

// The timeline's view state: the visible time range with a zoom history, the selection, the live
// follow mode, the flows toggle, the ruler measurement and the scrub playhead. It draws nothing; the timeline widget, the
// main window's actions, the event list and exports all read it and listen to its signals.
//
// Invariants: range() is never inverted, never starts before 0 and is at least kMinRangeNs wide (an
// empty range set is widened around its start). Every setter emits its signal exactly once per real
// change and never when the value is unchanged.
//
// Thread affinity: the GUI thread.
class ViewState : public QObject {
    Q_OBJECT
public:
    static constexpr std::int64_t kMinRangeNs = 1000; // 1 µs: below this ticks and pixels lose meaning
    static constexpr std::size_t kMaxHistory = 64;

    explicit ViewState(QObject* parent = nullptr);

    TimeRange range() const { return m_range; }
    void setRange(TimeRange range);
    // Remembers the current range, then shows `range`; zoomBack() returns to the remembered one.
    void pushZoom(TimeRange range);
    bool zoomBack();
    bool canZoomBack() const { return !m_history.empty(); }

    Selection selection() const { return m_selection; }
    void setSelection(Selection selection);
    void clearSelection() { setSelection({}); }

    bool followLive() const { return m_followLive; }
    void setFollowLive(bool follow);

    bool flowsVisible() const { return m_flowsVisible; }
    void setFlowsVisible(bool visible);

    std::optional<TimeRange> measurement() const { return m_measurement; }
    void setMeasurement(std::optional<TimeRange> measurement);

    // Scrubbing: whether the run on screen may be scrubbed (finished, paused or opened from a file; not
    // while it runs), and the playhead's time. Disallowing scrub removes the playhead.
    bool scrubAllowed() const { return m_scrubAllowed; }
    void setScrubAllowed(bool allowed);
    std::optional<std::int64_t> playhead() const { return m_playhead; }
    void setPlayhead(std::optional<std::int64_t> ts); // ignored while scrub is not allowed; clamped at 0

    // The range setRange() would store for `range`; exposed for tests and for callers that compare.
    static TimeRange clamped(TimeRange range);

signals:
    void rangeChanged();
    void selectionChanged();
    void followLiveChanged(bool follow);
    void flowsVisibleChanged(bool visible);
    void measurementChanged();
    void scrubAllowedChanged(bool allowed);
    void playheadChanged();

private:
    TimeRange m_range{0, 1'000'000'000};
    std::vector<TimeRange> m_history;
    Selection m_selection;
    bool m_followLive = false;
    bool m_flowsVisible = true;
    std::optional<TimeRange> m_measurement;
    bool m_scrubAllowed = false;
    std::optional<std::int64_t> m_playhead;
};

} // namespace tl::ui

Q_DECLARE_METATYPE(tl::ui::TimeRange)
Q_DECLARE_METATYPE(tl::ui::Selection)
