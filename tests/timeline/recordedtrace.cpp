#include "recordedtrace.h"

#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/scenariorun.h"
#include "py/thread.h"
#include "trace/tracerecorder.h"

namespace tl::test {

std::unique_ptr<TraceStore> recordSmallRun()
{
    ScenarioRun run(RunOptions{.speed = 200});
    auto store = std::make_unique<TraceStore>(run.context().sharedStrings());
    store->setMetadata(TraceMetadata{
        QStringLiteral("test-run"), QStringLiteral("A small test run"), {{QStringLiteral("items"), 4}}, 200});
    run.start([] {
        auto q = std::make_shared<Queue<int>>(2, QStringLiteral("jobs"));
        auto producer = Thread::create(
            [q] {
                for (int i = 0; i < 4; ++i) {
                    q->put(i);
                    sleep(0.05);
                }
            },
            {.name = QStringLiteral("producer"), .targetName = QStringLiteral("produce")});
        auto consumer = Thread::create(
            [q] {
                for (;;) {
                    const int item = q->get();
                    sleep(0.08);
                    print(QStringLiteral("done %1").arg(item));
                    q->taskDone();
                }
            },
            {.name = QStringLiteral("consumer"), .targetName = QStringLiteral("consume"), .daemon = true});
        auto sleeper = Thread::create([] { sleep(0.3); },
                                      {.name = QStringLiteral("sleeper"), .targetName = QStringLiteral("nap")});
        producer->start();
        consumer->start();
        sleeper->start();
        producer->join();
        sleeper->join();
        q->join();
    });
    TraceRecorder(run, *store).recordToCompletion();
    return store;
}

} // namespace tl::test
