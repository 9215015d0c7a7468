#pragma once

#include "timeline/viewstate.h"

#include <QAbstractScrollArea>
#include <QPointer>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace tl {
class TraceStore;
struct StoreChange;
} // namespace tl

namespace tl::ui {

struct LegendItem;
class LaneArrangement;
struct TimelineRow;
class ViewState;

// The interactive timeline: ruler, fixed lane-name column, state bands, markers, flows, queue counter
// lanes and the live "now" line, painted with QPainter from geometry rebuilt only when the range, the
// size, the lanes or the data change. Time is navigated through the shared ViewState (zoom, pan, follow);
// lanes scroll vertically with the scroll bar or the wheel.
//
// Coordinates: the viewport sits at (0, 0) of the widget (no frame), so laneRect(), hitTest() and mouse
// positions all use the same widget/viewport coordinates. Mouse and wheel events go to viewport().
//
// Thread affinity: the GUI thread. The store must only change on the GUI thread; call
// notifyStoreChanged() after it grew.
class TimelineWidget : public QAbstractScrollArea {
    Q_OBJECT
public:
    // `arrangement` (row height, pins, groups, hidden lanes, filter) is shared with the window's menus;
    // without one the widget keeps its own.
    explicit TimelineWidget(ViewState* state, LaneArrangement* arrangement = nullptr, QWidget* parent = nullptr);
    ~TimelineWidget() override;

    ViewState* viewState() const { return m_state; }
    LaneArrangement* arrangement() const { return m_arrangement; }

    void setStore(const tl::TraceStore* store); // not owned; nullptr clears
    const tl::TraceStore* store() const { return m_store; }
    // After the store grew (live): redoes what `change` names only; cheap, schedules one update().
    void notifyStoreChanged(const tl::StoreChange& change);
    void setNowTs(std::int64_t ts); // live "now" line, -1 hides; slides the range when following
    std::int64_t nowTs() const { return m_nowTs; }

    void zoomIn();
    void zoomOut();
    // A zoom out stops at the run kWidestRuns times over (at least kWidestFloorNs: a short run may still be zoomed
    // out some).
    static constexpr std::int64_t kWidestRuns = 4;
    static constexpr std::int64_t kWidestFloorNs = 10'000'000'000;
    void fitAll();
    void zoomToSelection();
    // Makes the lanes as tall as fills the plot (within the arrangement's limits).
    void fitLanesToHeight();
    void panBy(double fractionOfWidth); // negative pans to earlier time
    // Centres the range on the selection (keeping the zoom level), e.g. after a pick in the event list.
    void revealSelection();
    // Scrubbing (while ViewState::scrubAllowed()): the playhead to a time, brought into view (Home, End);
    // to the next (+1) or previous (-1) event of the run, which is selected (Right, Left). Events of one
    // moment are visited one by one.
    void movePlayheadTo(std::int64_t ts);
    void movePlayheadToEvent(int direction);

    // Where a lane's row is drawn (full width, names included); it may lie outside the viewport when
    // scrolled out. Empty for an unknown lane.
    QRect laneRect(tl::LaneId lane) const;
    // Where counter row `index` (counterRowSource's index: a queue, semaphore or lock) is drawn, likewise.
    QRect counterRect(std::size_t index) const;
    void ensureLaneVisible(tl::LaneId lane);
    // A strip of state colours and marker shapes at the bottom; on by default.
    void setLegendVisible(bool visible);
    // What the legend lists: every state and marker for a run of Threadline's, another tool's trace's own names.
    QStringList legendTexts() const;
    bool legendVisible() const { return m_legendVisible; }
    // A compared run B's timeline gives the slice names run A's (`runA`) lists A's colours (legendOf's `alike`), and
    // follows A's trace as it changes.
    void setLegendAlike(const TimelineWidget* runA);
    QRect plotRect() const; // the time area: right of the names, below the ruler
    // The name column at least `pixels` wide (0: as the names need): a compared run's timeline shares the
    // wider of the two, so that both plots start at one x. naturalNameWidth() is what the names need.
    void setMinimumNameWidth(int pixels);
    int naturalNameWidth() const;
    int rowsScroll() const; // how far the unpinned rows are scrolled up, in pixels
    // Lane draw lists built since construction: a live tick should rebuild only the lanes that changed.
    std::size_t laneGeometryBuilds() const;
    Selection hitTest(const QPoint& pos) const; // the span or marker under a point, Kind::None if none

signals:
    void hoveredChanged(tl::ui::Selection hovered);
    // The lane menu asked to list a lane's events (the event list filters on it).
    void laneEventsRequested(tl::LaneId lane);
    // What the names need changed (a new store, new lanes, another font).
    void naturalNameWidthChanged(int pixels);
    // The trace shown changed: another store, or more of it (what the legend lists may have changed too).
    void traceChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    struct Private;
    void ensureGeometry() const;
    void rebuildLayout();
    // The legend under the timeline, made again only when the trace it lists changes.
    const std::vector<LegendItem>& legend() const;
    const std::vector<LegendItem>* alikeLegend() const; // run A's, if this is B's (setLegendAlike)
    void followLegendAlike();                           // run A's trace changed
    void follow();
    TimeRange wholeRun() const; // from 0 to the later of the last event and "now", with the fit's margins
    std::optional<TimeRange> selectedTimes() const; // the selection's times, if there is a store and a selection
    void userZoom(double factor, std::optional<int> anchorX);
    // The widest range a zoom out goes to: the run kWidestRuns times over, and at least kWidestFloorNs.
    std::int64_t widestRange() const;
    void setHovered(Selection hovered);
    int rowTopInViewport(const TimelineRow& row) const;
    int rowIndexAt(int viewportY) const;       // the row under a viewport y, pinned rows first; -1 if none
    void selectOnNeighbourLane(int direction); // Up/Down: the same moment on the lane above or below
    bool toggleGroupAt(const QPoint& pos);     // a click on a group's name opens or closes it

    std::unique_ptr<Private> d; // caches and drag state, rebuilt lazily (hence used from const members)
    ViewState* m_state;
    LaneArrangement* m_arrangement;
    const tl::TraceStore* m_store = nullptr;
    std::int64_t m_nowTs = -1;
    bool m_legendVisible = true;
    QPointer<const TimelineWidget> m_legendAlike;
    int m_minNameWidth = 0;
    int m_naturalNameWidth = 0;
};

} // namespace tl::ui
