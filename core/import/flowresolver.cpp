#include "import/flowresolver.h"

#include <algorithm>

namespace tl::import {

FlowResolver::Outcome FlowResolver::resolve(const std::vector<std::vector<std::int64_t>>& sliceBegins,
                                            std::vector<PendingPoint>& out)
{
    std::stable_sort(m_steps.begin(), m_steps.end(),
                     [](const Step& x, const Step& y) { return x.ts != y.ts ? x.ts < y.ts : x.order < y.order; });
    Outcome outcome;
    std::unordered_map<std::uint32_t, const Step*> last; // each chain's latest event, while it lasts
    auto point = [](EventKind kind, const Step& at, std::int64_t ts, std::uint32_t key, StringId name) {
        Event e{};
        e.ts = ts;
        e.lane = at.lane;
        e.kind = kind;
        e.a = key;
        e.b = kind == EventKind::FlowOut ? name : 0;
        return PendingPoint{e, at.order};
    };
    for (const Step& step : m_steps) {
        if (step.phase == Phase::Start) {
            if (last.count(step.chain) != 0)
                ++outcome.unfinished;
            last[step.chain] = &step;
            continue;
        }
        const auto it = last.find(step.chain);
        if (it == last.end()) {
            ++outcome.orphans;
            continue;
        }
        std::int64_t ts = step.ts;
        if (step.nextSlice && step.lane < sliceBegins.size()) {
            const auto& begins = sliceBegins[step.lane];
            const auto next = std::lower_bound(begins.begin(), begins.end(), step.ts);
            if (next != begins.end())
                ts = *next;
        }
        const auto key = static_cast<std::uint32_t>(outcome.arrows++);
        out.push_back(point(EventKind::FlowOut, *it->second, it->second->ts, key, it->second->name));
        out.push_back(point(EventKind::FlowIn, step, ts, key, 0));
        if (step.phase == Phase::End)
            last.erase(it);
        else
            it->second = &step;
    }
    outcome.unfinished += last.size();
    return outcome;
}

} // namespace tl::import
