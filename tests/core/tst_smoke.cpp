#include "pythonapi.h"
#include "queue.h"
#include "scenariorun.h"
#include "thread.h"
#include "threadpoolexecutor.h"
#include "tracerecorder.h"
#include "tracestore.h"

#include <QTest>

class tst_Smoke : public QObject {
    Q_OBJECT
private slots:
    void producerConsumer()
    {
        tl::ScenarioRun run({.speed = 100});
        tl::TraceStore store(run.context().sharedStrings());
        run.start([] {
            tl::Queue<int> q(2);
            auto prod = tl::Thread::create([&] { for (int i = 0; i < 5; ++i) { q.put(i); tl::sleep(0.1); } }, {.targetName = "producer"});
            auto cons = tl::Thread::create([&] { for (int i = 0; i < 5; ++i) { q.get(); q.taskDone(); } }, {.targetName = "consumer"});
            prod->start(); cons->start();
            prod->join(); q.join(); cons->join();
            tl::ThreadPoolExecutor ex(2);
            auto f = ex.submit([] { tl::sleep(1); return QVariant(42); });
            QCOMPARE(f.result().toInt(), 42);
            auto d = tl::Thread::create([] { for (;;) tl::sleep(1); }, {.targetName = "daemon", .daemon = true});
            d->start();
        });
        tl::TraceRecorder(run, store).recordToCompletion();
        QVERIFY(store.laneCount() >= 4);
        for (tl::LaneId id : store.laneOrder()) {
            const auto& l = store.lane(id);
            qDebug() << l.name << l.events.size() << l.spans.size() << l.daemon;
        }
        qDebug() << "flows" << store.flows().size() << "events" << store.eventCount();
    }
};

QTEST_GUILESS_MAIN(tst_Smoke)
#include "tst_smoke.moc"
