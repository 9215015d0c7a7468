#include "net/openfilelimit.h"

#include <QTest>

#include <sys/resource.h>

#include <algorithm>

using namespace tl;

namespace {

rlimit currentLimit()
{
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    return limit;
}

} // namespace

// raiseOpenFileLimit(): the soft limit the pool lessons' thousands of sockets need.
class tst_OpenFileLimit : public QObject {
    Q_OBJECT
private slots:
    void softIsRaisedToHard_data();
    void softIsRaisedToHard();
};

void tst_OpenFileLimit::softIsRaisedToHard_data()
{
    QTest::addColumn<qint64>("startSoft"); // -1: start with the soft limit already at the hard one
    QTest::newRow("soft at the common default of 1024") << qint64(1024);
    QTest::newRow("soft lowered to 64") << qint64(64);
    QTest::newRow("soft already at hard") << qint64(-1);
}

void tst_OpenFileLimit::softIsRaisedToHard()
{
    QFETCH(qint64, startSoft);
    const rlimit before = currentLimit();
    if (before.rlim_max == RLIM_INFINITY)
        QSKIP("the hard limit is unlimited, which Linux does not accept as a soft RLIMIT_NOFILE");
    // Lowering the soft limit is always allowed, so each row starts from a known state below the hard one.
    rlimit start = before;
    start.rlim_cur = startSoft < 0 ? before.rlim_max : std::min(before.rlim_max, rlim_t(startSoft));
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &start), 0);
    QCOMPARE(currentLimit().rlim_cur, start.rlim_cur);

    const Result<OpenFileLimit> raised = raiseOpenFileLimit();

    QVERIFY2(raised.ok(), qPrintable(raised.ok() ? QString() : raised.error()));
    const rlimit after = currentLimit();
    QCOMPARE(after.rlim_cur, before.rlim_max);
    QCOMPARE(after.rlim_max, before.rlim_max);
    QCOMPARE(raised->soft, std::uint64_t(after.rlim_cur));
    QCOMPARE(raised->hard, std::uint64_t(after.rlim_max));
}

QTEST_GUILESS_MAIN(tst_OpenFileLimit)
#include "tst_openfilelimit.moc"
