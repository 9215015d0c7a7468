#pragma once

#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenario.h"

#include <memory>
#include <vector>

// Small scenarios for the UI tests: they exercise the real engine without depending on the lessons.
namespace tl::uitest {

// `threads` workers, each printing `prints` lines, all joined by main: many events, quickly.
inline Scenario chattyScenario(int threads, int prints)
{
    Scenario s;
    s.id = QStringLiteral("test-chatty");
    s.title = QStringLiteral("Chatty workers");
    s.main = [threads, prints](const ParameterValues&) {
        std::vector<std::shared_ptr<Thread>> workers;
        for (int t = 0; t < threads; ++t) {
            atLine(3);
            workers.push_back(Thread::create(
                [prints] {
                    for (int i = 0; i < prints; ++i) {
                        atLine(5);
                        print(QStringLiteral("line %1").arg(i));
                    }
                },
                {.name = QStringLiteral("worker-%1").arg(t)}));
        }
        for (auto& w : workers)
            w->start();
        for (auto& w : workers)
            w->join();
    };
    return s;
}

// `threads` workers printing a line every millisecond of scenario time until stopped: events all the time,
// paced by the clock, so that a window drains them as they come and the run never ends on its own.
inline Scenario tickingScenario(int threads)
{
    Scenario s;
    s.id = QStringLiteral("test-ticking");
    s.title = QStringLiteral("Ticking workers");
    s.main = [threads](const ParameterValues&) {
        std::vector<std::shared_ptr<Thread>> workers;
        for (int t = 0; t < threads; ++t) {
            atLine(3);
            workers.push_back(Thread::create(
                [] {
                    for (int i = 0;; ++i) {
                        atLine(5);
                        print(QStringLiteral("tick %1").arg(i));
                        sleep(0.001);
                    }
                },
                {.name = QStringLiteral("ticker-%1").arg(t)}));
        }
        for (auto& w : workers)
            w->start();
        for (auto& w : workers)
            w->join();
    };
    return s;
}

// One worker that sleeps an hour of scenario time, joined by main: it runs until stopped.
inline Scenario sleeperScenario()
{
    Scenario s;
    s.id = QStringLiteral("test-sleeper");
    s.title = QStringLiteral("Long sleeper");
    s.main = [](const ParameterValues&) {
        auto t = Thread::create([] { sleep(3600); }, {.name = QStringLiteral("sleeper")});
        t->start();
        t->join();
    };
    return s;
}

} // namespace tl::uitest
