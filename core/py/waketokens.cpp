#include "py/waketokens.h"

#include "engine/enginecondition.h"

namespace tl {

int WakeTokens::wake(EngineCondition& condition, int n, std::uint32_t wake)
{
    int woken = 0;
    for (; woken < n; ++woken) {
        WaitSlot* slot = condition.notifyOne();
        if (slot == nullptr)
            break;
        m_given[slot] = wake;
    }
    return woken;
}

std::uint32_t WakeTokens::take(const WaitSlot& slot)
{
    const auto it = m_given.find(&slot);
    if (it == m_given.end())
        return 0;
    const std::uint32_t wake = it->second;
    m_given.erase(it);
    return wake;
}

} // namespace tl
