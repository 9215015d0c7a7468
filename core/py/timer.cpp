#include "py/timer.h"

#include "engine/runcontext.h"
#include "py/currentthread.h"

namespace tl {

std::shared_ptr<Timer> Timer::create(double interval, Target function)
{
    return std::shared_ptr<Timer>(new Timer(interval, std::move(function)));
}

Timer::Timer(double interval, Target function)
    : Thread(Options{})
    , m_interval(interval)
    , m_function(std::move(function))
    , m_finished(std::make_unique<ThreadingEvent>(QStringLiteral("%1.finished").arg(name())))
{
}

void Timer::run()
{
    m_finished->wait(m_interval);
    if (!m_finished->isSet()) {
        ThreadState& self = requireCurrentThread("Timer.run()");
        self.run.events().emitChecked(self, EventKind::TimerFired);
        m_fired.store(true);
        if (m_function)
            m_function();
    }
    m_finished->set();
}

void Timer::cancel()
{
    ThreadState& self = requireCurrentThread("Timer.cancel()");
    if (!m_fired.load() && !m_finished->isSet())
        self.run.events().emitChecked(self, EventKind::TimerCancelled, lane());
    m_finished->set();
}

} // namespace tl
