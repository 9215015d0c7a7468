#pragma once

#include "timeline/timelinepainters.h"
#include "trace/event.h"

#include <QColor>
#include <QHash>
#include <QString>

#include <cstdint>

namespace tl {
class TraceStore;
}

namespace tl::ui {

// The legend a timeline shows, and the slice colours it gives the lanes, made again only when what it lists changes:
// legendOf() reads a whole trace, which a paint must not do.
class LegendCache {
public:
    // A run of Threadline's (a lesson's or a program's): the states and markers it shows, gathered from the events
    // that came since the last ask, so that a live run's legend grows with it (a queue lesson lists no lock markers).
    // No store: every state and marker. Another tool's trace: its own names, read again only as it grows.
    // `alike`: a compared run A's legend, this trace being B (legendOf): made again when A's slice colours change.
    const Legend& legend(const TraceStore* store, const Legend* alike = nullptr);
    // The colours of the slices legend(store, alike) lists, by name.
    const QHash<QString, QColor>& sliceColours(const TraceStore* store, const Legend* alike = nullptr);
    // How many times the legend has been made: a caller tells by it whether an ask made it again.
    std::uint64_t generation() const { return m_generation; }
    // The timeline shows another store, which may have the last one's address: what was gathered is dropped.
    void forget() { m_made = Made::Nothing; }

private:
    enum class Made { Nothing, Run, Listed };
    const Legend& runLegend(const TraceStore& store);
    void remember(Legend legend);

    Made m_made = Made::Nothing;
    Legend m_legend;
    QHash<QString, QColor> m_sliceColours;
    const TraceStore* m_listed = nullptr; // the store the legend lists, null for every kind
    std::uint64_t m_events = 0;           // its size then
    QHash<QString, QColor> m_alikeColours; // the slice colours of the legend it was made alike, if any
    UsedKinds m_used;                      // a run's: what its first m_events events show
    std::uint64_t m_generation = 0;
};

} // namespace tl::ui
