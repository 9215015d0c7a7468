#include "engine/deferredevents.h"

#include "engine/runcontext.h"

namespace tl {

DeferredEvents::DeferredEvents(ThreadState& self)
    : m_self(self)
{
    ++m_self.deferDepth;
}

DeferredEvents::~DeferredEvents()
{
    if (--m_self.deferDepth == 0)
        m_self.run.events().flushDeferred(m_self);
}

} // namespace tl
