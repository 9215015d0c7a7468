#include "timeline/legendcache.h"

#include "trace/tracestore.h"

#include <utility>

namespace tl::ui {

const Legend& LegendCache::legend(const TraceStore* store, const Legend* alike)
{
    const TraceStore* listed = store && store->metadata().isAnotherToolsTrace() ? store : nullptr;
    const std::uint64_t events = listed ? listed->eventCount() : 0;
    QHash<QString, QColor> alikeColours = alike && listed ? sliceColoursOf(*alike) : QHash<QString, QColor>{};
    if (!m_made || m_listed != listed || m_events != events || m_alikeColours != alikeColours) {
        m_legend = legendOf(listed, alike);
        m_sliceColours = sliceColoursOf(m_legend);
        m_listed = listed;
        m_events = events;
        m_alikeColours = std::move(alikeColours);
        m_made = true;
        ++m_generation;
    }
    return m_legend;
}

const QHash<QString, QColor>& LegendCache::sliceColours(const TraceStore* store, const Legend* alike)
{
    legend(store, alike);
    return m_sliceColours;
}

} // namespace tl::ui
