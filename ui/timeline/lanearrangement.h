#pragma once

#include "trace/event.h"

#include <QObject>
#include <QSet>
#include <QString>

namespace tl::ui {

// How the lanes of the run on screen are arranged: the row height, the lanes pinned to the top (they stay
// in view while the rest scroll) and hidden, which groups of lanes are collapsed into one summary row, and
// a name filter. A view state like ViewState: it draws nothing; the layout reads it, the timeline, its
// context menu, the View menu and the exports change it, and changed() tells them all.
//
// Defaults: MainThread and the queue lanes are pinned (queues always sit with the pinned rows); a group
// of kCollapseAt lanes or more starts collapsed, the moment it first reaches that size, unless the user
// has already opened or closed it.
//
// Invariants: laneHeight() stays within kMinLaneHeight..kMaxLaneHeight as the user picks it, and within
// kMinLaneHeight..kMaxPresentedLaneHeight as fitting makes it; every setter emits changed()
// exactly once per real change and never when the value is unchanged.
//
// Thread affinity: the GUI thread.
class LaneArrangement : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinLaneHeight = 12;
    static constexpr int kDefaultLaneHeight = 24;
    static constexpr int kMaxLaneHeight = 96;
    // Presenting, a few lanes fill the screen: three at kMaxLaneHeight left half of it empty (a user-tester).
    static constexpr int kMaxPresentedLaneHeight = 192;
    static constexpr int kCollapseAt = 24;
    static constexpr int kMaxFitHeight = 56;

    explicit LaneArrangement(QObject* parent = nullptr);

    // A new run: pins, hides and group choices start over (ids are the new run's); the row height stays, it is
    // the user's taste rather than the run's, and so does the filter, a name the finder still shows.
    void reset();

    int laneHeight() const { return m_laneHeight; }
    // The user's row height: fitting stops, the height stays what they chose.
    void setLaneHeight(int pixels);
    // Fitting: the timeline makes a short run's lanes taller so they fill the plot (up to kMaxFitHeight),
    // and never shorter than kDefaultLaneHeight. On until the user picks a height.
    bool fitsToHeight() const { return m_fit; }
    void setFitsToHeight(bool fit);
    // The height fitting chose; it leaves fitsToHeight() on.
    void setFittedLaneHeight(int pixels);
    // The heights fitting chooses between: kDefaultLaneHeight to kMaxFitHeight, and more while presenting, where the
    // lanes fill the screen.
    int fitMinimum() const { return m_fitMinimum; }
    int fitMaximum() const { return m_fitMaximum; }
    void setFitRange(int minimum, int maximum);

    bool isPinned(LaneId lane) const;
    void setPinned(LaneId lane, bool pinned);
    bool isHidden(LaneId lane) const { return m_hidden.contains(lane); }
    void setHidden(LaneId lane, bool hidden);
    void showAll();
    int hiddenCount() const { return static_cast<int>(m_hidden.size()); }

    // Whether the group `role` is collapsed; `size` is its member count now (for the default).
    bool isGroupCollapsed(const QString& role, int size) const;
    void setGroupCollapsed(const QString& role, bool collapsed);

    // Lanes whose name contains `filter` (case-insensitively) are shown, with their groups opened; empty
    // shows every lane.
    const QString& filter() const { return m_filter; }
    void setFilter(const QString& filter);

signals:
    void changed();

private:
    int m_laneHeight = kDefaultLaneHeight;
    bool m_fit = true;
    int m_fitMinimum = kDefaultLaneHeight;
    int m_fitMaximum = kMaxFitHeight;
    QSet<LaneId> m_pinned;
    QSet<LaneId> m_unpinned; // lanes pinned by default that the user unpinned (MainThread)
    QSet<LaneId> m_hidden;
    QSet<QString> m_collapsed;
    QSet<QString> m_expanded;
    QString m_filter;
};

} // namespace tl::ui
