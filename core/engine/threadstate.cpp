#include "engine/threadstate.h"

namespace tl {

namespace {
thread_local ThreadState* t_current = nullptr;
}

ThreadState* currentThreadState()
{
    return t_current;
}

void setCurrentThreadState(ThreadState* state)
{
    t_current = state;
}

} // namespace tl
