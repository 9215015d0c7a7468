#pragma once

#include "py/thread.h"
#include "py/threadingevent.h"

#include <atomic>
#include <memory>

namespace tl {

// Python's threading.Timer (Lib/threading.py): a Thread that waits `interval` scenario seconds on its
// `finished` Event, then calls the function unless cancel() set the event first. Named as CPython names it:
// Timer.__init__ calls Thread.__init__ with no target, so it is "Thread-N", with no "(target)" suffix.
//
// Thread affinity: any engine thread of the run that created it.
class Timer final : public Thread {
public:
    static std::shared_ptr<Timer> create(double interval, Target function);

    // Stops the timer if it is still waiting (Timer.cancel sets `finished`); harmless afterwards.
    void cancel();
    double interval() const { return m_interval; }

protected:
    void run() override;

private:
    Timer(double interval, Target function);

    const double m_interval;
    const Target m_function;
    std::unique_ptr<ThreadingEvent> m_finished;
    std::atomic<bool> m_fired{false};
};

} // namespace tl
