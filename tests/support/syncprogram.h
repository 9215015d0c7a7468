#pragma once

#include "py/barrier.h"
#include "py/boundedsemaphore.h"
#include "py/condition.h"
#include "py/errors.h"
#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/rlock.h"
#include "py/thread.h"
#include "py/threadingevent.h"
#include "py/timer.h"

#include <deque>
#include <memory>
#include <vector>

namespace tl::test {

// A program that uses every synchronization primitive, so that every new event kind, state and arrow is in
// its trace: a contended Lock, an RLock taken twice, a Condition with notify and notify_all, a
// BoundedSemaphore with waiters, an Event set and cleared, a Barrier that releases its parties and then
// breaks on a timeout, a Timer that fires and one cancelled.
inline void syncProgram()
{
    Lock lock(QStringLiteral("accounts"));
    auto holder = Thread::create(
        [&] {
            std::lock_guard guard(lock);
            sleep(0.5);
        },
        {.name = QStringLiteral("holder")});
    holder->start();
    sleep(0.1);
    {
        std::lock_guard guard(lock);
    }
    holder->join();

    RLock rlock;
    rlock.acquire();
    rlock.acquire();
    rlock.release();
    rlock.release();

    Condition cond;
    std::deque<int> items;
    std::vector<std::shared_ptr<Thread>> consumers;
    for (int i = 0; i < 2; ++i) {
        consumers.push_back(Thread::create([&] {
            std::lock_guard guard(cond);
            cond.waitFor([&] { return !items.empty(); });
            items.pop_front();
        }));
        consumers.back()->start();
    }
    sleep(0.2);
    {
        std::lock_guard guard(cond);
        items.push_back(1);
        cond.notify();
    }
    sleep(0.2);
    {
        std::lock_guard guard(cond);
        items.push_back(2);
        cond.notifyAll();
    }
    for (auto& c : consumers)
        c->join();

    BoundedSemaphore pool(1, QStringLiteral("pool"));
    ThreadingEvent go(QStringLiteral("go"));
    std::vector<std::shared_ptr<Thread>> workers;
    for (int i = 0; i < 2; ++i) {
        workers.push_back(Thread::create([&] {
            go.wait();
            std::lock_guard guard(pool);
            sleep(0.1);
        }));
        workers.back()->start();
    }
    sleep(0.3);
    go.set();
    go.clear();
    for (auto& w : workers)
        w->join();

    Barrier barrier(2, {}, std::nullopt, QStringLiteral("phase"));
    auto partner = Thread::create([&] {
        sleep(0.1);
        barrier.wait();
    });
    partner->start();
    barrier.wait();
    partner->join();
    try {
        barrier.wait(0.25); // alone: times out and breaks it
    } catch (const BrokenBarrierError&) {
        print(QStringLiteral("broken"));
    }

    auto fires = Timer::create(0.2, [] { print(QStringLiteral("fired")); });
    auto cancelled = Timer::create(5, [] { print(QStringLiteral("never")); });
    fires->start();
    cancelled->start();
    fires->join();
    cancelled->cancel();
    cancelled->join();
}

} // namespace tl::test
