// libFuzzer entry point for the scenario parameters as the command line gives them: each line of the input
// is one `--set` argument, split by parseAssignment and resolved against every lesson's parameters. Run on
// tests/scenarios/corpus.

#include "scenarios/parameter.h"
#include "scenarios/scenario.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QList<QPair<QString, QString>> overrides;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const tl::Result<QPair<QString, QString>> assignment = tl::parseAssignment(line);
        if (assignment)
            overrides.append(*assignment);
    }
    for (const tl::Scenario& scenario : tl::allScenarios()) {
        const tl::Result<tl::ParameterValues> values = tl::resolveParameters(scenario.parameters, overrides);
        if (values) {
            // Every accepted value must be one the scenario can read back as its type.
            for (const tl::ParameterSpec& spec : scenario.parameters)
                (void)values->value(spec.key);
        }
    }
    return 0;
}
