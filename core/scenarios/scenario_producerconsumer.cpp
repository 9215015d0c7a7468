#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

#include <memory>
#include <vector>

namespace tl::scenarios {

Scenario producerConsumer()
{
    Scenario s;
    s.id = QStringLiteral("producer-consumer");
    s.title = QStringLiteral("Producers and consumers share a Queue");
    s.summary = QStringLiteral("Producers put items on a bounded Queue, daemon consumers get and work; "
                               "main joins the producers, then the queue.");
    s.explanation = QStringLiteral(
        "A queue.Queue hands items from the threads that make them to the threads that use them, with all "
        "the locking done for you. get() blocks while the queue is empty; with a maxsize, put() blocks while "
        "it is full, so fast producers are held back to the consumers' pace. Every get() is paired with a "
        "task_done() once the work is finished, and Queue.join() returns when every item put has been "
        "done. Main waits for the producers with join(), then for the work with q.join(). The consumers "
        "loop forever, so they are daemons: at exit they are cut, blocked in get() on an empty queue.");
    s.parameters = {
        {QStringLiteral("producers"), QStringLiteral("Producers"), ParameterSpec::Type::Int, 2, 1, 100,
         QStringLiteral("Producer threads (PRODUCERS in the listing)")},
        {QStringLiteral("consumers"), QStringLiteral("Consumers"), ParameterSpec::Type::Int, 3, 1, 100,
         QStringLiteral("Consumer threads, all daemons (CONSUMERS in the listing)")},
        {QStringLiteral("items"), QStringLiteral("Items"), ParameterSpec::Type::Int, 20, 1, 10000,
         QStringLiteral("Items put in total, shared among the producers (ITEMS in the listing)")},
        {QStringLiteral("maxsize"), QStringLiteral("Queue maxsize"), ParameterSpec::Type::Int, 5, 0, 1000,
         QStringLiteral("0: unbounded; otherwise put() blocks while the queue holds this many (MAXSIZE)")},
        {QStringLiteral("interval"), QStringLiteral("Put interval"), ParameterSpec::Type::Double, 0.2, 0.0, 10.0,
         QStringLiteral("Seconds a producer sleeps after each put (INTERVAL in the listing)")},
        {QStringLiteral("work"), QStringLiteral("Work time"), ParameterSpec::Type::Double, 0.5, 0.0, 10.0,
         QStringLiteral("Seconds a consumer works on each item (WORK in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int producerCount = values.toInt(QStringLiteral("producers"));
        const int consumerCount = values.toInt(QStringLiteral("consumers"));
        const int items = values.toInt(QStringLiteral("items"));
        const double interval = values.toDouble(QStringLiteral("interval"));
        const double work = values.toDouble(QStringLiteral("work"));

        atLine(12);
        // Shared, as the listing's global: the daemon consumers still use it after main's code has ended.
        auto q = std::make_shared<Queue<int>>(values.toInt(QStringLiteral("maxsize")), QStringLiteral("q"));

        auto producer = [q, items, producerCount, interval](int first) {
            for (int item = first; item < items; item += producerCount) {
                atLine(17);
                q->put(item);
                atLine(18);
                sleep(interval);
            }
        };
        auto consumer = [q, work] {
            for (;;) {
                atLine(23);
                const int item = q->get();
                atLine(24);
                sleep(work);
                atLine(25);
                print(QStringLiteral("item %1 done").arg(item));
                atLine(26);
                q->taskDone();
            }
        };

        std::vector<std::shared_ptr<Thread>> producers;
        std::vector<std::shared_ptr<Thread>> all;
        atLine(29);
        for (int p = 0; p < producerCount; ++p)
            producers.push_back(
                Thread::create([producer, p] { producer(p); }, {.targetName = QStringLiteral("producer")}));
        all = producers;
        atLine(30);
        for (int c = 0; c < consumerCount; ++c)
            all.push_back(Thread::create(consumer, {.targetName = QStringLiteral("consumer"), .daemon = true}));
        for (const auto& t : all) {
            atLine(32);
            t->start();
        }
        for (const auto& t : producers) {
            atLine(34);
            t->join();
        }
        atLine(35);
        q->join();
        atLine(36);
        print(QStringLiteral("main: every item is done; the consumers are daemons, cut at exit"));
    };
    return s;
}

} // namespace tl::scenarios
