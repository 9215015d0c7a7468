#pragma once

#include "tracenames.h"
#include "tracestore.h"

#include <QJsonObject>

#include <cstdint>

namespace tl {

// What each event of a Chrome trace says: the M metadata (process name, thread names and sort order), X
// spans, i instants, s/f flows and C queue-depth counters, each a JSON object with its args, names
// resolved through TraceNames and times floored to whole microseconds. ChromeTraceExporter decides which
// events there are and in which order (see its class comment for the contract); this class only builds
// one event at a time.
//
// Thread affinity: the store's owner thread; the store must not change while it is in use.
class ChromeTraceEvents {
public:
    explicit ChromeTraceEvents(const TraceStore& store);

    // The instant an event becomes ("start", "put", ...), or nullptr if it becomes none.
    static const char* instantName(const Event& e);

    QJsonObject processName() const;
    QJsonObject threadName(LaneId lane) const;
    QJsonObject threadSortIndex(LaneId lane, int index) const;
    QJsonObject spanEvent(LaneId lane, const Span& span) const;
    // Only for an event with an instantName.
    QJsonObject instantEvent(const Event& e) const;
    // The start (s, on the source lane) or the end (f, on the target lane) of flows()[index].
    QJsonObject flowEvent(std::uint32_t index, bool start) const;
    // Point `point` of the depth series of queues()[queueIndex].
    QJsonObject counterEvent(std::uint32_t queueIndex, std::uint32_t point) const;

private:
    static QJsonObject base(const char* ph, const QString& name, LaneId lane, std::int64_t ts);

    const TraceStore& m_store;
    const TraceNames m_names;
};

} // namespace tl
