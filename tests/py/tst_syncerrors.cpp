#include "py/barrier.h"
#include "py/boundedsemaphore.h"
#include "py/condition.h"
#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/rlock.h"
#include "py/semaphore.h"
#include "py/threadingevent.h"
#include "py/timer.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"

#include <QTest>

#include <functional>

using namespace tl;
using namespace tl::test;

namespace {

// One call on a primitive, written twice: as CPython 3.11 code (the body of a function that returns the
// result) and as the engine's C++; both report the result's repr or the exception's type and message.
struct Case {
    const char* label;
    const char* python;
    std::function<QString()> engine;
};

QString repr(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}

const std::vector<Case>& cases()
{
    static const std::vector<Case> all = {
        {"lock release unlocked", "threading.Lock().release()",
         [] {
             Lock().release();
             return QStringLiteral("None");
         }},
        {"lock nonblocking with timeout", "return threading.Lock().acquire(False, 1)",
         [] { return repr(Lock().acquire(false, 1)); }},
        {"lock negative timeout", "return threading.Lock().acquire(True, -2)",
         [] { return repr(Lock().acquire(true, -2)); }},
        {"lock held, timeout 0", "l = threading.Lock(); l.acquire(); return l.acquire(True, 0)",
         [] {
             Lock l;
             l.acquire();
             return repr(l.acquire(true, 0));
         }},
        {"lock held, non-blocking", "l = threading.Lock(); l.acquire(); return l.acquire(False)",
         [] {
             Lock l;
             l.acquire();
             return repr(l.acquire(false));
         }},
        {"lock timed out", "l = threading.Lock(); l.acquire(); return l.acquire(True, 0.25)",
         [] {
             Lock l;
             l.acquire();
             return repr(l.acquire(true, 0.25));
         }},
        {"lock locked in with", "l = threading.Lock()\n    with l: return l.locked()",
         [] {
             Lock l;
             std::lock_guard g(l);
             return repr(l.locked());
         }},
        {"rlock release unowned", "threading.RLock().release()",
         [] {
             RLock().release();
             return QStringLiteral("None");
         }},
        {"rlock nonblocking with timeout", "return threading.RLock().acquire(False, 1)",
         [] { return repr(RLock().acquire(false, 1)); }},
        {"rlock negative timeout", "return threading.RLock().acquire(True, -2)",
         [] { return repr(RLock().acquire(true, -2)); }},
        {"rlock twice, released thrice",
         "r = threading.RLock(); r.acquire(); r.acquire(); r.release(); r.release(); r.release()",
         [] {
             RLock r;
             r.acquire();
             r.acquire();
             r.release();
             r.release();
             r.release();
             return QStringLiteral("None");
         }},
        {"cond wait unacquired", "threading.Condition().wait()",
         [] {
             Condition().wait();
             return QStringLiteral("None");
         }},
        {"cond(lock) wait unacquired", "threading.Condition(threading.Lock()).wait()",
         [] {
             Condition(std::make_shared<Lock>()).wait();
             return QStringLiteral("None");
         }},
        {"cond notify unacquired", "threading.Condition().notify()",
         [] {
             Condition().notify();
             return QStringLiteral("None");
         }},
        {"cond notify_all unacquired", "threading.Condition().notify_all()",
         [] {
             Condition().notifyAll();
             return QStringLiteral("None");
         }},
        {"cond wait_for true unacquired", "return threading.Condition().wait_for(lambda: True)",
         [] { return repr(Condition().waitFor([] { return true; })); }},
        {"cond wait 0", "c = threading.Condition()\n    with c: return c.wait(0)",
         [] {
             Condition c;
             std::lock_guard g(c);
             return repr(c.wait(0.0));
         }},
        {"cond wait negative", "c = threading.Condition()\n    with c: return c.wait(-1)",
         [] {
             Condition c;
             std::lock_guard g(c);
             return repr(c.wait(-1.0));
         }},
        {"cond wait timed out", "c = threading.Condition()\n    with c: return c.wait(0.5)",
         [] {
             Condition c;
             std::lock_guard g(c);
             return repr(c.wait(0.5));
         }},
        {"cond wait_for value", "c = threading.Condition()\n    with c: return c.wait_for(lambda: 5)",
         [] {
             Condition c;
             std::lock_guard g(c);
             return QString::number(c.waitFor([] { return 5; }));
         }},
        {"cond wait_for times out", "c = threading.Condition()\n    with c: return c.wait_for(lambda: 0, 0.3)",
         [] {
             Condition c;
             std::lock_guard g(c);
             return QString::number(c.waitFor([] { return 0; }, 0.3));
         }},
        {"semaphore negative", "threading.Semaphore(-1)",
         [] {
             Semaphore s(-1);
             return QStringLiteral("None");
         }},
        {"bounded semaphore negative", "threading.BoundedSemaphore(-1)",
         [] {
             BoundedSemaphore s(-1);
             return QStringLiteral("None");
         }},
        {"semaphore nonblocking with timeout", "return threading.Semaphore(0).acquire(False, 1)",
         [] { return repr(Semaphore(0).acquire(false, 1)); }},
        {"semaphore negative timeout", "return threading.Semaphore(0).acquire(True, -1)",
         [] { return repr(Semaphore(0).acquire(true, -1)); }},
        {"semaphore timed out", "return threading.Semaphore(0).acquire(True, 0.2)",
         [] { return repr(Semaphore(0).acquire(true, 0.2)); }},
        {"semaphore release 0", "threading.Semaphore(0).release(0)",
         [] {
             Semaphore(0).release(0);
             return QStringLiteral("None");
         }},
        {"semaphore release 2", "s = threading.Semaphore(0); s.release(2); return s._value",
         [] {
             Semaphore s(0);
             s.release(2);
             return QString::number(s.value());
         }},
        {"bounded released too many", "threading.BoundedSemaphore(1).release()",
         [] {
             BoundedSemaphore(1).release();
             return QStringLiteral("None");
         }},
        {"bounded release 2", "b = threading.BoundedSemaphore(1); b.acquire(); b.release(2)",
         [] {
             BoundedSemaphore b(1);
             b.acquire();
             b.release(2);
             return QStringLiteral("None");
         }},
        {"event wait 0", "return threading.Event().wait(0)", [] { return repr(ThreadingEvent().wait(0.0)); }},
        {"event wait negative", "return threading.Event().wait(-1)", [] { return repr(ThreadingEvent().wait(-1.0)); }},
        {"event wait timed out", "return threading.Event().wait(0.4)", [] { return repr(ThreadingEvent().wait(0.4)); }},
        {"event wait set", "e = threading.Event(); e.set(); return e.wait()",
         [] {
             ThreadingEvent e;
             e.set();
             return repr(e.wait());
         }},
        {"barrier of one", "return threading.Barrier(1).wait()", [] { return QString::number(Barrier(1).wait()); }},
        {"barrier timeout", "threading.Barrier(2, timeout=0.05).wait()",
         [] {
             Barrier(2, {}, 0.05).wait();
             return QStringLiteral("None");
         }},
        {"barrier broken stays broken",
         "b = threading.Barrier(2)\n    try: b.wait(0.1)\n    except threading.BrokenBarrierError: pass\n    return "
         "b.wait()",
         [] {
             Barrier b(2);
             try {
                 b.wait(0.1);
             } catch (const BrokenBarrierError&) {
             }
             return QString::number(b.wait());
         }},
        {"barrier reset after break", "b = threading.Barrier(1)\n    b.abort(); b.reset(); return b.broken, b.wait()",
         [] {
             Barrier b(1);
             b.abort();
             b.reset();
             return QStringLiteral("(%1, %2)").arg(repr(b.broken())).arg(b.wait());
         }},
        {"barrier aborted", "b = threading.Barrier(2); b.abort(); b.wait()",
         [] {
             Barrier b(2);
             b.abort();
             b.wait();
             return QStringLiteral("None");
         }},
        {"barrier negative timeout", "threading.Barrier(2).wait(-1)",
         [] {
             Barrier(2).wait(-1.0);
             return QStringLiteral("None");
         }},
        {"barrier action raises",
         "def boom(): raise ValueError('boom')\n    b = threading.Barrier(1, action=boom)\n    try: b.wait()\n    "
         "finally: print(b.broken, end=' ')",
         [] {
             Barrier b(1, [] { throw ValueError(QStringLiteral("boom")); });
             try {
                 b.wait();
             } catch (...) {
                 print(repr(b.broken()));
                 throw;
             }
             return QStringLiteral("None");
         }},
        {"timer started twice", "t = threading.Timer(0.01, lambda: None); t.start(); t.join(); t.start()",
         [] {
             auto t = Timer::create(0.01, [] {});
             t->start();
             t->join();
             t->start();
             return QStringLiteral("None");
         }},
    };
    return all;
}

QString outcome(const std::optional<PyError>& error, const QString& result)
{
    return error ? QStringLiteral("%1: %2").arg(error->type, error->message) : QStringLiteral("ok: %1").arg(result);
}

} // namespace

// Every error and return value of the primitives against CPython's: the same calls run in python3 and in the
// engine, and each outcome (result repr, or exception type and message) must be the same.
class tst_SyncErrors : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sameAsCPython_data();
    void sameAsCPython();

private:
    QHash<QString, QString> m_python;
    QHash<QString, QString> m_engine;
};

void tst_SyncErrors::initTestCase()
{
    QByteArray script =
        "import threading\n"
        "def name(e):\n"
        "    t = type(e)\n"
        "    return t.__qualname__ if t.__module__ == 'builtins' else t.__module__ + '.' + t.__qualname__\n";
    for (std::size_t i = 0; i < cases().size(); ++i) {
        script += "def case_" + QByteArray::number(qulonglong(i)) + "():\n    " + cases()[i].python + "\n";
        script += "try:\n    print('ok: ' + repr(case_" + QByteArray::number(qulonglong(i)) +
                  "()))\nexcept BaseException as e:\n    print(name(e) + ': ' + str(e))\n";
    }
    const pytest::PythonOutput python = pytest::runPythonCode(QString::fromUtf8(script));
    QVERIFY2(python.error.isEmpty(), qPrintable(python.error));
    const QStringList& lines = python.lines;
    QCOMPARE(lines.size(), qsizetype(cases().size()));
    for (std::size_t i = 0; i < cases().size(); ++i)
        m_python.insert(QLatin1String(cases()[i].label), lines[qsizetype(i)]);

    const auto rec = record([this] {
        for (const Case& c : cases()) {
            QString result;
            const std::optional<PyError> error = pyError([&] { result = c.engine(); });
            m_engine.insert(QLatin1String(c.label), outcome(error, result));
        }
    });
    QVERIFY(rec.finishedInTime);
    // The one case that prints before it raises: the engine's print is an event, CPython's a prefix.
    const auto prints = eventsOf(*rec.store, 0, EventKind::Print);
    QCOMPARE(prints.size(), std::size_t(1));
    QString& raised = m_engine[QStringLiteral("barrier action raises")];
    raised.prepend(rec.store->text(prints[0].a) + QLatin1Char(' '));
}

void tst_SyncErrors::sameAsCPython_data()
{
    QTest::addColumn<QString>("label");
    for (const Case& c : cases())
        QTest::newRow(c.label) << QString::fromLatin1(c.label);
}

void tst_SyncErrors::sameAsCPython()
{
    QFETCH(QString, label);
    QCOMPARE(m_engine.value(label), m_python.value(label));
}

QTEST_GUILESS_MAIN(tst_SyncErrors)
#include "tst_syncerrors.moc"
