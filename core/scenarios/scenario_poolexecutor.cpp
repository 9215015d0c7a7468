#include "errors.h"
#include "scenarios.h"

namespace tl::scenarios {

// Placeholder while the lesson is being written: registered so the registry's order is fixed.
Scenario poolExecutor()
{
    Scenario s;
    s.id = QStringLiteral("pool-executor");
    s.title = QStringLiteral("pool-executor");
    s.main = [](const ParameterValues&) { throw RuntimeError(QStringLiteral("not written yet")); };
    return s;
}

}  // namespace tl::scenarios
