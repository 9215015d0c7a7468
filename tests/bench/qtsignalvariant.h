#pragma once

#include "benchharness.h"
#include "qtsignalemitter.h"

#include <QEventLoop>
#include <QObject>

#include <memory>
#include <vector>

namespace tl::bench {

// Baseline: one Qt queued signal per event. Each producer owns a QtSignalEmitter; the consumer thread runs
// a QEventLoop with a receiver connected to every emitter by Qt::QueuedConnection, so every event is a
// heap-allocated QMetaCallEvent posted to the consumer thread's event queue and delivered to a slot that
// appends it to the store.
//
// Thread affinity: constructed and destroyed on the main thread (the emitters live there); producer(i) and
// push() on producer thread i; consume() on the one consumer thread.
class QtSignalVariant {
public:
    static constexpr bool kHasConsumer = true;

    struct Producer {
        QtSignalEmitter* emitter;
        void push(const Event& event) { emitter->post(event); }
    };

    QtSignalVariant(int producers, std::uint32_t)
    {
        for (int p = 0; p < producers; ++p)
            m_emitters.push_back(std::make_unique<QtSignalEmitter>());
    }

    Producer producer(int index) { return Producer{m_emitters[std::size_t(index)].get()}; }

    void consume(std::vector<Event>& held, std::size_t total, StartGate& gate)
    {
        QObject receiver;
        QEventLoop loop;
        for (const auto& emitter : m_emitters) {
            QObject::connect(
                emitter.get(), &QtSignalEmitter::eventPosted, &receiver,
                [&](const Event& event) {
                    held.push_back(event);
                    if (held.size() == total)
                        loop.quit();
                },
                Qt::QueuedConnection);
        }
        gate.arriveAndWait();
        if (held.size() < total)
            loop.exec();
    }

    void collect(std::vector<Event>&) {}
    bool healthy() const { return true; }

private:
    std::vector<std::unique_ptr<QtSignalEmitter>> m_emitters;
};

} // namespace tl::bench
