#pragma once

#include "scenarios/scenario.h"

// One factory per lesson, each in its own file (scenario_<name>.cpp).
namespace tl::scenarios {
Scenario hello();
Scenario subclass();
Scenario producerConsumer();
Scenario sleepingWorkers();
Scenario poolQueue();
Scenario poolExecutor();
Scenario daemon();
Scenario joinOrder();
Scenario race();
Scenario lock();
Scenario deadlock();
Scenario condition();
Scenario event();
Scenario semaphore();
Scenario barrier();
Scenario timer();
} // namespace tl::scenarios
