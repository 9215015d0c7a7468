#pragma once

#include "trace/event.h"
#include "trace/tracestore.h"

#include <QStringList>

// Trace helpers shared by the ThreadPoolExecutor tests (tst_threadpoolexecutor, tst_executortrace).
namespace tl::test {

// The names of the lanes that ran a pool task (PoolTaskBegin), in first-use order.
inline QStringList taskLanes(const TraceStore& s)
{
    QStringList names;
    for (const Event& e : s.eventsByTime()) {
        if (e.kind == EventKind::PoolTaskBegin && !names.contains(s.lane(e.lane).name))
            names << s.lane(e.lane).name;
    }
    return names;
}

} // namespace tl::test
