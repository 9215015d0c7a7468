#pragma once

#include "timeline/timelinepainters.h"

#include <QColor>
#include <QHash>
#include <QString>

#include <cstdint>

namespace tl {
class TraceStore;
}

namespace tl::ui {

// The legend a timeline shows, and the slice colours it gives the lanes, made again only when the trace it lists
// changes: legendOf() reads a whole trace, which a paint must not do.
class LegendCache {
public:
    // A lesson's or a program's run (store null, or one of Threadline's): every state and marker, so that the legend
    // stays put while the run goes on. Another tool's trace: its own names, read again only as it grows.
    // `alike`: a compared run A's legend, this trace being B (legendOf): made again when A's slice colours change.
    const Legend& legend(const TraceStore* store, const Legend* alike = nullptr);
    // The colours of the slices legend(store, alike) lists, by name.
    const QHash<QString, QColor>& sliceColours(const TraceStore* store, const Legend* alike = nullptr);
    // How many times the legend has been made: a caller tells by it whether an ask made it again.
    std::uint64_t generation() const { return m_generation; }

private:
    Legend m_legend;
    QHash<QString, QColor> m_sliceColours;
    const TraceStore* m_listed = nullptr; // the store the legend lists, null for every kind
    std::uint64_t m_events = 0;           // its size then
    QHash<QString, QColor> m_alikeColours; // the slice colours of the legend it was made alike, if any
    bool m_made = false;
    std::uint64_t m_generation = 0;
};

} // namespace tl::ui
