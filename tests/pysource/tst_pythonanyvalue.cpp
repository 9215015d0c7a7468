// What the library takes that the tracer once did not: any number where threading does arithmetic on it (a
// semaphore's value and a release's count, notify(n)), a Timer's function the program's own, a semaphore's lock
// let go whatever recording raised; and keywords the C methods refuse, refused in their words. Each program gives
// the same bytes and exit code traced and untraced.

#include "pythonrun.h"

#include <QTest>

using namespace tl;
using namespace tl::pytest;

class tst_PythonAnyValue : public QObject {
    Q_OBJECT

private slots:
    void sameBytesAndExitCode_data()
    {
        QTest::addColumn<QByteArray>("code");
        // Its value went into a 32-bit event field: TypeError or OverflowError at `with s:`, and the semaphore's lock
        // left held by the failed recording, so the next acquire hung.
        QTest::addRow("a semaphore's value of any number")
            << QByteArray("import sys, threading, fractions\n"
                          "for s in (threading.Semaphore(4 / 2), threading.BoundedSemaphore(sys.maxsize),\n"
                          "          threading.Semaphore(fractions.Fraction(3, 2)), threading.Semaphore(2**40)):\n"
                          "    with s:\n"
                          "        print('inside', s._value)\n"
                          "    print('after', s._value, s._cond._lock.locked())\n"
                          "    s.release(3)\n"
                          "    print('released', s._value)\n");
        // release(2.0) is the library's to refuse (range(n)), after its own `if n < 1`, from its own lines.
        QTest::addRow("a release count the library refuses")
            << QByteArray("import sys, threading, traceback\n"
                          "s = threading.Semaphore(0)\n"
                          "for n in ('1', 2.0, 0, None):\n"
                          "    try:\n"
                          "        s.release(n)\n"
                          "    except Exception:\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "    print(s._value)\n");
        // notify(0.5) wakes one (the library loops `while waiters and n > 0`), notify(inf) all; notify(None) is
        // the library's TypeError only when someone waits. Traced: islice's ValueError, or a TypeError of max().
        QTest::addRow("notify of any number")
            << QByteArray("import sys, threading, time, traceback\n"
                          "c = threading.Condition()\n"
                          "with c:\n"
                          "    c.notify(0.5); c.notify(None); c.notify(float('inf')); c.notify(-1)\n"
                          "woken = []\n"
                          "def waiter(i):\n"
                          "    with c:\n"
                          "        c.wait(5)\n"
                          "        woken.append(i)\n"
                          "threads = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]\n"
                          "for t in threads:\n"
                          "    t.start()\n"
                          "while len(c._waiters) < 3:\n"
                          "    time.sleep(0.01)\n"
                          "with c:\n"
                          "    c.notify(0.5)\n"
                          "    try:\n"
                          "        c.notify(None)\n"
                          "    except TypeError:\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "while len(c._waiters) > 2:\n"
                          "    time.sleep(0.01)\n"
                          "print('after 0.5:', len(c._waiters))\n"
                          "with c:\n"
                          "    c.notify(float('inf'))\n"
                          "for t in threads:\n"
                          "    t.join()\n"
                          "print(sorted(woken))\n");
        // t.function was the tracer's wrapper, named `fired`, which failed once its timer was gone.
        QTest::addRow("a Timer's function stays the program's")
            << QByteArray("import threading\n"
                          "def callback(msg):\n"
                          "    print('callback:', msg)\n"
                          "t = threading.Timer(60, callback, args=('scheduled',))\n"
                          "print(t.function is callback, t.function.__name__)\n"
                          "fn = t.function\n"
                          "del t\n"
                          "fn('called directly')\n"
                          "fast = threading.Timer(0.01, callback, args=('fired',))\n"
                          "fast.start(); fast.join()\n"
                          "late = threading.Timer(0, callback, args=('at once',))\n"
                          "late.start(); late.join()\n");
        // Keywords the C methods refuse: "socket.recv() got an unexpected keyword argument 'bufsize'" (the wrapper's
        // words), "_Lock.release() got an unexpected keyword argument 'x'".
        QTest::addRow("keywords the C methods refuse")
            << QByteArray("import socket, threading\n"
                          "a, b = socket.socketpair()\n"
                          "l, r = threading.Lock(), threading.RLock()\n"
                          "for call in (lambda: a.recv(bufsize=10), lambda: a.send(data=b'x'),\n"
                          "             lambda: a.sendall(data=b'x'), lambda: a.connect(address=('x', 1)),\n"
                          "             lambda: l.release(x=1), lambda: l.locked(x=1), lambda: l.__exit__(a=1),\n"
                          "             lambda: r.release(x=1)):\n"
                          "    try:\n"
                          "        call()\n"
                          "    except Exception as e:\n"
                          "        print(type(e).__name__, e)\n"
                          "print(l.locked())\n");
    }
    void sameBytesAndExitCode()
    {
        QFETCH(QByteArray, code);
        compareWithPlain(code);
    }
};

QTEST_GUILESS_MAIN(tst_PythonAnyValue)
#include "tst_pythonanyvalue.moc"
