#pragma once

#include "engine/threadstate.h"

namespace tl {

// While it lives, the events its thread emits are kept, not written; they are written (each through the
// event gate) when the outermost one ends, or when the thread is about to wait. A primitive declares it
// before it locks its mutex, so that it ends after the lock is released: a thread held at the gate (paused)
// never holds a primitive's mutex, and the other threads never queue for it at the OS level, where neither
// the clock nor a step could see them. Timestamps are taken when the events are emitted, under the mutex, so
// the trace is the same.
//
// Thread affinity: a stack object of the engine thread that owns `self`.
class DeferredEvents {
public:
    explicit DeferredEvents(ThreadState& self);
    ~DeferredEvents();
    DeferredEvents(const DeferredEvents&) = delete;
    DeferredEvents& operator=(const DeferredEvents&) = delete;

private:
    ThreadState& m_self;
};

} // namespace tl
