#pragma once

#include "headlessrun.h"
#include "scenario.h"
#include "tracestore.h"

#include <QList>
#include <QPair>
#include <QString>

#include <memory>

// Helpers shared by the pool-server scenario tests (tst_poolscenarios, tst_poolscenariocatalog): run one
// of the two servers headless at a high speed with a given load.
namespace tl::test {

using Overrides = QList<QPair<QString, QString>>;

constexpr double kSpeed = 200;

struct Load {
    int workers;
    int clients;
    int messages;
};

// The run's trace, or null if the scenario is unknown or the overrides do not resolve.
inline std::unique_ptr<TraceStore> runLesson(const QString& id, const Overrides& overrides)
{
    const Scenario* scenario = findScenario(id);
    if (scenario == nullptr)
        return nullptr;
    const Result<ParameterValues> values = resolveParameters(scenario->parameters, overrides);
    if (!values)
        return nullptr;
    return runHeadless(*scenario, values.value(), RunOptions{.speed = kSpeed});
}

inline Overrides overridesFor(const Load& load)
{
    return {{QStringLiteral("workers"), QString::number(load.workers)},
            {QStringLiteral("clients"), QString::number(load.clients)},
            {QStringLiteral("messages"), QString::number(load.messages)}};
}

} // namespace tl::test
