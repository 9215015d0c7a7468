#pragma once

#include <QHash>
#include <QJsonArray>
#include <QStringList>

// Replays the slices and flows of a Chrome trace the way Perfetto's JSON importer reads them, to find the
// slice each flow event binds to. Perfetto reads a time as llround(us * 1000) ns and sorts by it; at
// equal ts, X events come first, the longest first, then the rest in file order. Per thread it keeps a
// stack of open slices: an X or i first pops the slices that ended before it begins (or as it begins,
// unless both are instants), and is dropped if it overlaps the top without nesting; an s, or an f with
// "bp": "e", binds to the slice on top of its thread's stack, and an f read before its s binds nothing.
// (The same model as the scripts that checked our exports against Perfetto's sorter and slice tracker.)
namespace tl::test {

class PerfettoReplay {
public:
    explicit PerfettoReplay(const QJsonArray& events);

    // The index in the events of the slice the s (f) event of this flow id binds to, or -1.
    int sourceOf(qint64 flowId) const { return m_source.value(flowId, -1); }
    int targetOf(qint64 flowId) const { return m_target.value(flowId, -1); }

    // One line per flow bound where our trace does not mean it: a start flow leaves the start instant
    // that names the started thread and lands on that thread's run; an item flow leaves a put no other
    // flow leaves and lands on the get of the same queue and item; a join flow leaves the ended thread's
    // "end" instant and lands on the "joined" instant that names it.
    QStringList wrongBindings() const;

private:
    QJsonArray m_events;
    QHash<qint64, int> m_source;
    QHash<qint64, int> m_target;
};

} // namespace tl::test
