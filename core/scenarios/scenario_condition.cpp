#include "py/condition.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

#include <deque>
#include <mutex>

namespace tl::scenarios {

namespace {

// The listing's globals: the buffer, guarded by the condition's lock.
struct BoundedBuffer {
    Condition changed{{}, QStringLiteral("changed")};
    std::deque<int> items;
};

} // namespace

Scenario condition()
{
    Scenario s;
    s.id = QStringLiteral("condition");
    s.title = QStringLiteral("A Condition: a bounded buffer");
    s.summary =
        QStringLiteral("A producer waits for room and a consumer for items, each woken by the other's notify().");
    s.explanation = QStringLiteral(
        "A producer makes items into a buffer that holds only a few; a slower consumer takes them out. Both "
        "use one Condition. Under its lock, wait_for(predicate) checks the state and, while it is false, "
        "releases the lock and waits until another thread calls notify(); then it takes the lock back and "
        "checks again. The consumer waits while the buffer is empty, the producer while it is full, and each "
        "notifies the other after it changes the buffer. The arrows run from each notify() to the wait it "
        "woke. Once the buffer is full the producer can only go as fast as the consumer: that back-pressure "
        "is what the bound is for.");
    s.parameters = {
        {QStringLiteral("items"), QStringLiteral("Items"), ParameterSpec::Type::Int, 6, 1, 1000,
         QStringLiteral("How many items the producer makes (ITEMS in the listing)")},
        {QStringLiteral("capacity"), QStringLiteral("Capacity"), ParameterSpec::Type::Int, 2, 1, 1000,
         QStringLiteral("How many items the buffer holds (CAPACITY in the listing)")},
        {QStringLiteral("produce_seconds"), QStringLiteral("Produce"), ParameterSpec::Type::Double, 0.05, 0.0, 60.0,
         QStringLiteral("Seconds to make one item (PRODUCE_SECONDS in the listing)")},
        {QStringLiteral("consume_seconds"), QStringLiteral("Consume"), ParameterSpec::Type::Double, 0.2, 0.0, 60.0,
         QStringLiteral("Seconds to use one item (CONSUME_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int items = values.toInt(QStringLiteral("items"));
        const int capacity = values.toInt(QStringLiteral("capacity"));
        const double produceSeconds = values.toDouble(QStringLiteral("produce_seconds"));
        const double consumeSeconds = values.toDouble(QStringLiteral("consume_seconds"));
        atLine(10);
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind.
        auto buffer = std::make_shared<BoundedBuffer>();
        atLine(32);
        auto consumer = Thread::create(
            [buffer, items, consumeSeconds] {
                for (int n = 0; n < items; ++n) {
                    int item = 0;
                    {
                        atLine(24);
                        std::lock_guard held(buffer->changed);
                        atLine(25);
                        buffer->changed.waitFor([&buffer] { return !buffer->items.empty(); });
                        atLine(26);
                        item = buffer->items.front();
                        buffer->items.pop_front();
                        atLine(27);
                        buffer->changed.notify();
                        atLine(24);
                    }
                    atLine(28);
                    sleep(consumeSeconds);
                    atLine(29);
                    print(QStringLiteral("consumed %1").arg(item));
                }
            },
            {.targetName = QStringLiteral("consumer")});
        auto producer = Thread::create(
            [buffer, items, capacity, produceSeconds] {
                for (int item = 0; item < items; ++item) {
                    atLine(15);
                    sleep(produceSeconds);
                    atLine(16);
                    std::lock_guard held(buffer->changed);
                    atLine(17);
                    buffer->changed.waitFor(
                        [&buffer, capacity] { return buffer->items.size() < std::size_t(capacity); });
                    atLine(18);
                    buffer->items.push_back(item);
                    atLine(19);
                    buffer->changed.notify();
                    atLine(16);
                }
            },
            {.targetName = QStringLiteral("producer")});
        for (const auto& t : {consumer, producer}) {
            atLine(34);
            t->start();
        }
        for (const auto& t : {consumer, producer}) {
            atLine(36);
            t->join();
        }
    };
    return s;
}

} // namespace tl::scenarios
