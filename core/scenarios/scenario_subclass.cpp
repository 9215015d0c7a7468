#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

namespace {

// The listing's `class Sleeper(threading.Thread)`: the body is an overridden run(), not a target, so
// Python names it plain "Thread-N" (no "(target)" suffix).
class Sleeper : public Thread {
public:
    explicit Sleeper(double seconds)
        : m_seconds(seconds)
    {
    }

protected:
    void run() override
    {
        atLine(9);
        sleep(m_seconds);
        atLine(10);
        print(QStringLiteral("%1: awake after %2 s").arg(name(), QString::number(m_seconds)));
    }

private:
    const double m_seconds;
};

} // namespace

Scenario subclass()
{
    Scenario s;
    s.id = QStringLiteral("subclass");
    s.title = QStringLiteral("Subclass Thread and override run()");
    s.summary = QStringLiteral("A Thread subclass whose run() sleeps and prints; main starts it and joins it.");
    s.explanation = QStringLiteral(
        "Instead of passing a target, you can derive from threading.Thread and override run(): start() "
        "creates the OS thread, which then calls your run(). Never call run() yourself, or it runs on the "
        "calling thread. Here the sleeper's lane sleeps for the whole of its life while the main thread sits "
        "in join() for the same time; only when run() returns does join() return and main print its last "
        "line.");
    s.parameters = {
        {QStringLiteral("seconds"), QStringLiteral("Sleep"), ParameterSpec::Type::Double, 5.0, 0.0, 600.0,
         QStringLiteral("How long run() sleeps, in seconds (SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        atLine(13);
        auto t = std::make_shared<Sleeper>(values.toDouble(QStringLiteral("seconds")));
        atLine(14);
        t->start();
        atLine(15);
        t->join();
        atLine(16);
        print(QStringLiteral("main: the sleeper has finished"));
    };
    return s;
}

} // namespace tl::scenarios
