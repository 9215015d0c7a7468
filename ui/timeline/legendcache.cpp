#include "timeline/legendcache.h"

#include "trace/tracestore.h"

#include <utility>

namespace tl::ui {

const Legend& LegendCache::legend(const TraceStore* store, const Legend* alike)
{
    if (store && !store->metadata().isAnotherToolsTrace())
        return runLegend(*store);
    const std::uint64_t events = store ? store->eventCount() : 0;
    QHash<QString, QColor> alikeColours = alike && store ? sliceColoursOf(*alike) : QHash<QString, QColor>{};
    if (m_made != Made::Listed || m_listed != store || m_events != events || m_alikeColours != alikeColours) {
        remember(legendOf(store, alike));
        m_made = Made::Listed;
        m_listed = store;
        m_events = events;
        m_alikeColours = std::move(alikeColours);
    }
    return m_legend;
}

// Only the events since the last ask are read; a store that holds fewer than were read is another run's.
const Legend& LegendCache::runLegend(const TraceStore& store)
{
    const bool fresh = m_made != Made::Run || m_listed != &store || store.eventCount() < m_events;
    if (fresh) {
        m_used = {};
        m_events = 0;
    }
    bool grew = false;
    for (EventId id = m_events; id < store.eventCount(); ++id)
        grew = m_used.add(store.event(id)) || grew;
    m_events = store.eventCount();
    if (fresh || grew) {
        remember(legendOf(m_used));
        m_made = Made::Run;
        m_listed = &store;
        m_alikeColours.clear();
    }
    return m_legend;
}

void LegendCache::remember(Legend legend)
{
    m_legend = std::move(legend);
    m_sliceColours = sliceColoursOf(m_legend);
    ++m_generation;
}

const QHash<QString, QColor>& LegendCache::sliceColours(const TraceStore* store, const Legend* alike)
{
    legend(store, alike);
    return m_sliceColours;
}

} // namespace tl::ui
