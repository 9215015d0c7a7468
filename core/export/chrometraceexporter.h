#pragma once

#include "base/result.h"
#include "trace/tracestore.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace tl {

// Writes a trace in the Chrome Trace Event format (JSON), which Perfetto UI and chrome://tracing open as
// it is. The contract (issue 3):
// - {"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {scenario, parameters, speed (a number, or
//   "max"), version, dropped_events}}; pid 1; one tid per lane (lane + 1, so MainThread is tid 1 = pid, the process's
//   main thread for Perfetto); ts and dur in microseconds of scenario time from the run's start, written
//   with exactly three decimals (1234.567), i.e. the store's exact nanoseconds.
// - per lane an M thread_name (args.name, args.daemon) and an M thread_sort_index (TraceStore::laneOrder).
// - X spans from the lane's state spans (open ones end at the store's endTs); i instants (scope thread);
//   a C "queue depth" counter per queue; s/f flows for TraceStore::flows(), in the events' own cat.
// - an opened file's slices, marks and counters keep their names (X, i, and C with args.value).
//
// Why exact nanoseconds: Perfetto reads a time as llround(value * 1000) ns and sorts events of equal ts
// as "X first, the longest first, then the rest in file order". Times rounded to whole microseconds made
// events nanoseconds apart equal, and that sort then put children under the wrong parent and bound flows
// to the wrong slice. Three decimals, written from integers (never through a double), give back each
// event's nanosecond exactly, and dur is end - begin in nanoseconds, so a span that nests in the store
// nests in the file, to the nanosecond.
//
// Events are written sorted by (time, lane, spans before instants before flows, parents before
// children): Perfetto binds a flow end to the innermost slice open on the lane when it reads the flow
// event, so a flow must come after the span or instant it belongs to. So a start flow leaves the start
// instant, an item flow goes from the put instant to the get instant, and a start flow lands on the run
// span. A flow event that belongs to an instant is written directly after that instant, not after all
// instants of its lane and time: two starts (or puts) in the same nanosecond each keep their own flow.
// A join flow leaves the ended thread's "end" instant (its RunEnd) and lands on the "joined" instant (the
// JoinEnd) of the thread that waited.
//
// Why every flow end sits on an instant or a span of its own moment: Chrome DevTools binds a flow event to
// the first slice or instant with the same ts, pid, tid and cat (nothing else), and Perfetto binds it to
// the innermost slice open when it reads it. A flow end written right after its own event, in that event's
// cat, is bound to that event by both. (Perfetto's v2 flows, bind_id with flow_in/flow_out, would bind
// exactly too, but Perfetto reads them on X and B slices only, not on instants, DevTools not at all, and a
// file with both v1 and v2 flows draws every arrow twice in Perfetto.)
//
// Thread affinity: the store's owner thread; the store must not change while exporting.
class ChromeTraceExporter {
public:
    explicit ChromeTraceExporter(const TraceStore& store);

    // Streams the trace to `out` (no whole-document tree in memory, so large runs stay cheap).
    bool write(QIODevice& out) const;
    QByteArray toJson() const;
    // Atomically (QSaveFile); the error names the path and the reason.
    Status writeToFile(const QString& path) const;

private:
    const TraceStore& m_store;
};

} // namespace tl
