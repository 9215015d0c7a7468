#pragma once

#include <cstdint>
#include <unordered_map>

namespace tl {

class EngineCondition;
class WaitSlot;

// Which release woke which blocked acquirer, for the arrow from one to the other. A lock or semaphore wakes
// its longest waiter, which must then test again (another thread may take the lock first, as in CPython);
// the waiter keeps the wake word of the last release that woke it and takes it once it has acquired.
//
// Thread affinity: under the mutex of the primitive that owns it.
class WakeTokens {
public:
    // Wakes up to `n` waiters of `condition`, each of them given `wake`. Returns how many were woken.
    int wake(EngineCondition& condition, int n, std::uint32_t wake);
    // The wake word `slot` was last given, 0 if none; forgets it.
    std::uint32_t take(const WaitSlot& slot);

private:
    std::unordered_map<const WaitSlot*, std::uint32_t> m_given;
};

} // namespace tl
