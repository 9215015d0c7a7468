#pragma once

#include "engine/enginecondition.h"
#include "py/syncprimitive.h"
#include "py/waketokens.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>

namespace tl {

// What Lock and RLock share: CPython's _thread.lock and _thread.RLock on the engine. acquire() and release()
// follow their C implementations (Modules/_threadmodule.c): the argument rules and messages, a lock that any
// thread may release (Lock) or only its owner (RLock, with a recursion count), and no fairness (a released
// lock wakes its longest waiter, but a running thread may take it first). Condition uses the protected part,
// as threading.Condition uses _is_owned, _release_save and _acquire_restore.
//
// lock() and unlock() make it BasicLockable: `std::lock_guard guard(lock);` is Python's `with lock:`.
//
// Thread affinity: any engine thread of the run that created it.
class LockBase : public SyncPrimitive {
public:
    // ValueError "can't specify a timeout for a non-blocking call" / "timeout value must be positive" (a
    // negative timeout other than -1, which waits for ever). False when not acquired.
    bool acquire(bool blocking = true, double timeout = -1);
    // RuntimeError "release unlocked lock" (Lock) / "cannot release un-acquired lock" (RLock, not the owner).
    // While the calling thread unwinds (a stop), a release it cannot make is silently skipped: it runs from a
    // destructor then.
    void release();
    void lock() { acquire(); }
    void unlock() { release(); }

protected:
    LockBase(SyncType type, bool reentrant, const char* what);

    bool lockedNow() const;

private:
    friend class Condition;

    // Lock: held by anyone (CPython's Condition._is_owned for a plain lock); RLock: held by `self`.
    bool isOwned(const ThreadState& self) const;
    // Releases whatever `self` holds and returns the recursion count to restore.
    std::uint32_t releaseSave(ThreadState& self);
    void acquireRestore(ThreadState& self, std::uint32_t count);

    // The acquire itself: `timeout` empty waits for ever, 0 does not wait; `count` is the recursion count to
    // take (an RLock's restore).
    bool acquireAs(ThreadState& self, std::optional<double> timeout, std::uint32_t count);
    // Under m_mutex: frees the lock and wakes one waiter; returns the release's wake word (0: none woken).
    std::uint32_t freeLocked();

    const bool m_reentrant;
    EngineCondition m_free;
    WakeTokens m_wakes;
    // Who holds it: written under m_mutex, read without it by the wait-for graph (a Lock's holder, which
    // any thread may release, is the thread that took it).
    std::atomic<const ThreadState*> m_owner = nullptr;
    std::uint32_t m_count = 0; // 0: free; a Lock's is 1 when held
};

} // namespace tl
