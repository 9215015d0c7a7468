#include "py/barrier.h"
#include "py/errors.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario barrier()
{
    Scenario s;
    s.id = QStringLiteral("barrier");
    s.title = QStringLiteral("A Barrier: phases in step, until one is late");
    s.summary = QStringLiteral("Workers meet at a Barrier after each phase; a late one makes it time out and break.");
    s.explanation = QStringLiteral(
        "A Barrier holds every thread that calls wait() until all of its parties have arrived, then releases "
        "them together: the workers' phases stay in step, however long each one's share takes. The arrows "
        "run from the last arrival to the others it released. In the last phase one worker is late, later "
        "than the barrier's timeout: the first waiter's wait times out, which breaks the barrier, and every "
        "waiter, and the late worker when it arrives, gets threading.BrokenBarrierError. A broken barrier "
        "stays broken until reset(). The timeout is what keeps one stuck thread from hanging all the others.");
    s.parameters = {
        {QStringLiteral("workers"), QStringLiteral("Workers"), ParameterSpec::Type::Int, 3, 1, 100,
         QStringLiteral("How many threads meet at the barrier: its parties (WORKERS in the listing)")},
        {QStringLiteral("phases"), QStringLiteral("Phases"), ParameterSpec::Type::Int, 3, 1, 100,
         QStringLiteral("How many phases each worker runs; the last worker is late in the last one "
                        "(PHASES in the listing)")},
        {QStringLiteral("step_seconds"), QStringLiteral("Step"), ParameterSpec::Type::Double, 0.2, 0.0, 60.0,
         QStringLiteral(
             "Worker i's share of a phase takes (i + 1) times this many seconds (STEP_SECONDS in the listing)")},
        {QStringLiteral("timeout_seconds"), QStringLiteral("Timeout"), ParameterSpec::Type::Double, 1.0, 0.0, 600.0,
         QStringLiteral("Seconds a wait at the barrier may last before it breaks it (TIMEOUT_SECONDS in the listing)")},
        {QStringLiteral("late_seconds"), QStringLiteral("Late"), ParameterSpec::Type::Double, 1.5, 0.0, 600.0,
         QStringLiteral("Seconds the last worker's last share takes (LATE_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int workerCount = values.toInt(QStringLiteral("workers"));
        const int phases = values.toInt(QStringLiteral("phases"));
        const double stepSeconds = values.toDouble(QStringLiteral("step_seconds"));
        const double timeoutSeconds = values.toDouble(QStringLiteral("timeout_seconds"));
        const double lateSeconds = values.toDouble(QStringLiteral("late_seconds"));
        atLine(10);
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind.
        auto meeting =
            std::make_shared<Barrier>(workerCount, Barrier::Action{}, timeoutSeconds, QStringLiteral("barrier"));
        std::vector<std::shared_ptr<Thread>> workers;
        for (int index = 0; index < workerCount; ++index) {
            atLine(24);
            workers.push_back(Thread::create(
                [=] {
                    for (int phase = 0; phase < phases; ++phase) {
                        atLine(15);
                        const bool late = index == workerCount - 1 && phase == phases - 1;
                        atLine(16);
                        sleep(late ? lateSeconds : stepSeconds * (index + 1));
                        try {
                            atLine(18);
                            meeting->wait();
                        } catch (const BrokenBarrierError&) {
                            atLine(20);
                            print(QStringLiteral("phase %1: the barrier is broken").arg(phase));
                            return;
                        }
                    }
                },
                {.targetName = QStringLiteral("work")}));
        }
        for (const auto& w : workers) {
            atLine(26);
            w->start();
        }
        for (const auto& w : workers) {
            atLine(28);
            w->join();
        }
    };
    return s;
}

} // namespace tl::scenarios
