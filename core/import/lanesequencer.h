#pragma once

#include "import/pendingitems.h"

#include <cstdint>
#include <vector>

namespace tl::import {

// Puts one lane's spans and points in the order the store must receive them, so that the store derives
// exactly the spans the file has: each span's opening event, then what happens inside it, then its
// close. A point that closes a span of its own state at that span's end (a put closing "put", a "joined"
// closing "join", an "end" or "daemon-stopped" closing everything) is that span's close; any other span
// gets a close event of its state's closing kind at its end. A span that overlaps the one it starts in
// without nesting in it is dropped, as Perfetto drops it.
//
// At one timestamp: spans that ended before it close first, then the points in file order (each closing
// the span it ends there, if any), then the spans that open (outermost first), then a point that closes a
// span opening and ending at that same timestamp.
//
// Thread affinity: any; a value used by one thread.
class LaneSequencer {
public:
    // `spans` sorted by (begin, end descending, order); `points` by (ts, order). Appends to `out`; returns
    // how many spans were dropped.
    static std::size_t sequence(const std::vector<PendingSpan>& spans, const std::vector<PendingPoint>& points,
                                std::vector<Event>& out);
};

} // namespace tl::import
