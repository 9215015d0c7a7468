#pragma once

#include "engine/runcontext.h"
#include "engine/threadstate.h"
#include "py/timeoutword.h"
#include "trace/event.h"

#include <QString>

#include <cstdint>
#include <mutex>
#include <optional>

namespace tl {

// What every synchronization primitive of threading shares (Lock, RLock, Condition, Semaphore, Event,
// Barrier): the run it belongs to, its id (unique in the run across every kind of primitive, so that an
// event's word names one object), its SyncCreated event, the mutex that guards its state, and its wake words.
//
// Each operation locks the mutex after declaring DeferredEvents, as Queue does, so that events are stamped in
// the primitive's order and written once the mutex is released.
//
// Thread affinity: any engine thread of the run that created it; the mutex guards everything mutable.
class SyncPrimitive {
public:
    std::uint32_t id() const { return m_id; }
    SyncPrimitive(const SyncPrimitive&) = delete;
    SyncPrimitive& operator=(const SyncPrimitive&) = delete;

protected:
    // `what` names the constructor for the error raised outside a run ("Lock()").
    SyncPrimitive(SyncType type, const char* what);
    ~SyncPrimitive() = default;

    // Emits SyncCreated. Called last by each constructor, once its arguments have been checked: a Python
    // constructor that raises makes no object.
    void announce(const QString& name);

    RunContext& run() const { return m_run; }
    // The moment of an event about to be emitted under the mutex; throws ThreadUnwind if `self` must unwind
    // (read before the check; see EventSink::emitChecked).
    std::int64_t stamp(ThreadState& self) const;
    // Emits now unless `self` is unwinding: a release may run in a destructor (a `with` block left by a stop),
    // where it must not throw, and an unwound lane's events must all lie before its stop.
    void emitQuietly(ThreadState& self, EventKind kind, std::uint32_t b = 0, std::uint32_t c = 0);
    bool unwinding(const ThreadState& self) const;
    // A fresh wake word (never 0). Under the mutex.
    std::uint32_t nextWake() { return ++m_wake; }

    mutable std::mutex m_mutex;

private:
    RunContext& m_run;
    const SyncType m_type;
    const std::uint32_t m_id;
    std::uint32_t m_wake = 0;
};

} // namespace tl
