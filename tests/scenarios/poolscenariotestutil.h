#pragma once

#include "lessontrace.h"

#include <memory>

// Helpers shared by the pool-server scenario tests (tst_poolscenarios, tst_poolscenariocatalog): run one
// of the two servers headless at max speed (every wait for the clock jumped over) with a given load.
namespace tl::test {

using lessontest::checkSleeps;
using lessontest::kindName;
using lessontest::Overrides;
using lessontest::SleepCheck;

constexpr double kSpeed = kSpeedMax;

struct Load {
    int workers;
    int clients;
    int messages;
};

// The run's trace at kSpeed, or null if the scenario is unknown or the overrides do not resolve.
inline std::unique_ptr<TraceStore> runLesson(const QString& id, const Overrides& overrides)
{
    return lessontest::runLesson(id, overrides, kSpeed);
}

inline Overrides overridesFor(const Load& load)
{
    return {{QStringLiteral("workers"), QString::number(load.workers)},
            {QStringLiteral("clients"), QString::number(load.clients)},
            {QStringLiteral("messages"), QString::number(load.messages)}};
}

} // namespace tl::test
