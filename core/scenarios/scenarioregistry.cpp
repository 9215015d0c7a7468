#include "scenarios/scenario.h"
#include "scenarios/scenarios.h"

namespace tl {

const std::vector<Scenario>& allScenarios()
{
    static const std::vector<Scenario> scenarios = [] {
        std::vector<Scenario> all;
        auto add = [&all](Scenario s, const QString& group) {
            s.group = group;
            all.push_back(std::move(s));
        };
        // Lesson order: the seed's queues and joins, then issue 13's synchronization primitives.
        const QString seed = QStringLiteral("The seed: threads and queues");
        add(scenarios::hello(), seed);
        add(scenarios::subclass(), seed);
        add(scenarios::producerConsumer(), seed);
        add(scenarios::sleepingWorkers(), seed);
        add(scenarios::poolQueue(), seed);
        add(scenarios::poolExecutor(), seed);
        add(scenarios::daemon(), seed);
        add(scenarios::joinOrder(), seed);
        const QString beyond = QStringLiteral("Beyond the seed: synchronization");
        add(scenarios::race(), beyond);
        add(scenarios::lock(), beyond);
        add(scenarios::deadlock(), beyond);
        add(scenarios::condition(), beyond);
        add(scenarios::event(), beyond);
        add(scenarios::semaphore(), beyond);
        add(scenarios::barrier(), beyond);
        add(scenarios::timer(), beyond);
        return all;
    }();
    return scenarios;
}

} // namespace tl
