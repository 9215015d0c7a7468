#include "scenario.h"
#include "scenarios.h"

namespace tl {

const std::vector<Scenario>& allScenarios()
{
    static const std::vector<Scenario> scenarios = [] {
        std::vector<Scenario> all;
        // Lesson order.
        all.push_back(scenarios::hello());
        return all;
    }();
    return scenarios;
}

}  // namespace tl
