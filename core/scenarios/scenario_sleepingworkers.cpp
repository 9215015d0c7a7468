#include "errors.h"
#include "scenarios.h"

namespace tl::scenarios {

// Placeholder while the lesson is being written: registered so the registry's order is fixed.
Scenario sleepingWorkers()
{
    Scenario s;
    s.id = QStringLiteral("sleeping-workers");
    s.title = QStringLiteral("sleeping-workers");
    s.main = [](const ParameterValues&) { throw RuntimeError(QStringLiteral("not written yet")); };
    return s;
}

}  // namespace tl::scenarios
