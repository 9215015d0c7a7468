#include "engine/runcontext.h"

namespace tl {

RunContext::RunContext(RunOptions options)
    : m_options(options)
    , m_clock(options.speed)
    , m_interrupts(m_clock)
    , m_events(m_clock, m_interrupts, options.channelCapacity)
    , m_console(options.echoPrints, options.echoErrors)
    , m_threads(*this, options.stackSizeBytes)
{
}

RunContext::~RunContext()
{
    m_interrupts.requestStop();
    m_threads.joinAllThreads();
}

} // namespace tl
