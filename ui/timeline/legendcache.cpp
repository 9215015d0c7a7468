#include "timeline/legendcache.h"

#include "trace/tracestore.h"

#include <algorithm>
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

namespace {

bool sameItem(const LegendItem& a, const LegendItem& b)
{
    return a.kind == b.kind && a.state == b.state && a.marker == b.marker && a.text == b.text;
}

// `shown` with the items of `now` it lacks after it, in `now`'s order: what a live legend lists keeps its place as the
// run shows more (a queue lesson's "blocked in put" came in before "waiting in join", which moved, a user-tester).
Legend withNewItemsLast(Legend shown, const Legend& now)
{
    for (const LegendItem& item : now) {
        if (std::none_of(shown.begin(), shown.end(), [&](const LegendItem& s) { return sameItem(s, item); }))
            shown.push_back(item);
    }
    return shown;
}

} // namespace

// Only the events since the last ask are read; a store that holds fewer than were read is another run's. A store read
// for the first time (a finished run, a file) is listed in the legend's own order; what a live run shows later is
// added at the end.
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
    if (fresh) {
        remember(legendOf(m_used));
        m_made = Made::Run;
        m_listed = &store;
        m_alikeColours.clear();
    } else if (grew) {
        remember(withNewItemsLast(m_legend, legendOf(m_used)));
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
