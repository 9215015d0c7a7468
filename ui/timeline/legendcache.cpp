#include "timeline/legendcache.h"

#include "trace/tracestore.h"

namespace tl::ui {

const Legend& LegendCache::legend(const TraceStore* store)
{
    const TraceStore* listed = store && store->metadata().isAnotherToolsTrace() ? store : nullptr;
    const std::uint64_t events = listed ? listed->eventCount() : 0;
    if (!m_made || m_listed != listed || m_events != events) {
        m_legend = legendOf(listed);
        m_sliceColours = sliceColoursOf(m_legend);
        m_listed = listed;
        m_events = events;
        m_made = true;
    }
    return m_legend;
}

const QHash<QString, QColor>& LegendCache::sliceColours(const TraceStore* store)
{
    legend(store);
    return m_sliceColours;
}

} // namespace tl::ui
