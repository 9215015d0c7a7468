#include "errors.h"
#include "scenarios.h"

namespace tl::scenarios {

// Placeholder while the lesson is being written: registered so the registry's order is fixed.
Scenario daemon()
{
    Scenario s;
    s.id = QStringLiteral("daemon");
    s.title = QStringLiteral("daemon");
    s.main = [](const ParameterValues&) { throw RuntimeError(QStringLiteral("not written yet")); };
    return s;
}

}  // namespace tl::scenarios
