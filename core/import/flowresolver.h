#pragma once

#include "import/pendingitems.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tl::import {

// The arrows of another tool's trace. A v1 flow is a chain of s, t... and f events with one (cat, name, id),
// read in time order: each s starts a new chain, each t or f adds an arrow from the chain's last event,
// an f ends it. A v2 flow joins the slices that carry one bind_id: flow_out starts, flow_in ends,
// both is a step. Each arrow becomes a FlowOut point where it leaves and a FlowIn where it arrives, paired
// by a key of their own (TraceStore's FlowLinker pairs them). An f without "bp": "e" binds to the next
// slice that begins on its thread, as Perfetto binds it: its FlowIn moves to that slice's begin.
//
// Thread affinity: one thread.
class FlowResolver {
public:
    enum class Phase : std::uint8_t { Start, Step, End };
    // One flow event of the file. `chain` names its flow (the importer interns (cat, name, id) or bind_id).
    struct Step {
        Phase phase;
        std::uint32_t chain;
        LaneId lane;
        std::int64_t ts;
        StringId name;
        bool nextSlice; // an f without bp "e"
        std::uint64_t order;
    };

    void add(const Step& step) { m_steps.push_back(step); }
    bool empty() const { return m_steps.empty(); }

    struct Outcome {
        std::size_t arrows = 0;
        std::size_t unfinished = 0; // chains that started and never ended
        std::size_t orphans = 0;    // t or f with no chain started before them
    };
    // `sliceBegins[lane]`: the begins of the lane's slices, sorted. Appends FlowOut and FlowIn points.
    Outcome resolve(const std::vector<std::vector<std::int64_t>>& sliceBegins, std::vector<PendingPoint>& out);

private:
    std::vector<Step> m_steps;
};

} // namespace tl::import
