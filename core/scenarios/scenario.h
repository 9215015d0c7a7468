#pragma once

#include "scenarios/parameter.h"

#include <QString>

#include <functional>
#include <vector>

namespace tl {

// One lesson of Python's threading module, re-created with real threads.
//
// `main` is the body of the listing's main thread: it runs on the run's MainThread and uses the core
// primitives (Thread, Queue, ThreadPoolExecutor, sleep, print) step for step as the listing does,
// marking listing lines with atLine(n). The listing is the Python source shown to the learner
// (resources/listings/<id>.py). Immutable once registered.
struct Scenario {
    QString id; // stable, a contract: used on the command line and in exported traces
    QString title;
    QString summary;     // one line, for the picker
    QString explanation; // one paragraph, for a learner
    QString group;       // the picker's heading over this lesson and the ones after it in its group
    std::vector<ParameterSpec> parameters;
    std::function<void(const ParameterValues&)> main;

    // The Python listing, loaded from the resources (empty if missing).
    QString listing() const;
    // The listing with its constants set to `values`: each parameter `key` is the listing's top-level
    // `KEY = ...` (upper case), whose value becomes the Python literal of values[key]; the rest of the line
    // (a comment) stays. With the defaults it is the listing itself.
    QString listingWith(const ParameterValues& values) const;
};

// The listing constant a parameter sets: its key in upper case ("foo_seconds" -> "FOO_SECONDS").
QString listingConstant(const ParameterSpec& spec);
// A parameter value as a Python literal: 200, 0.2, 4, True.
QString pythonLiteral(const ParameterSpec& spec, const QVariant& value);

// Every scenario, in lesson order. Built once, immutable.
const std::vector<Scenario>& allScenarios();
const Scenario* findScenario(const QString& id);

} // namespace tl
