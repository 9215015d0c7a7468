#include "errors.h"
#include "scenarios.h"

namespace tl::scenarios {

// Placeholder while the lesson is being written: registered so the registry's order is fixed.
Scenario subclass()
{
    Scenario s;
    s.id = QStringLiteral("subclass");
    s.title = QStringLiteral("subclass");
    s.main = [](const ParameterValues&) { throw RuntimeError(QStringLiteral("not written yet")); };
    return s;
}

}  // namespace tl::scenarios
