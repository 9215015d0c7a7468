#include "trace/stringtable.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace tl;

// The table events use for their strings: one id per distinct text, 0 for the empty one, and interning
// from many threads at once (threads are created and print concurrently) gives every thread the same id.
class tst_StringTable : public QObject {
    Q_OBJECT

private slots:
    void emptyIsZero();
    void oneIdPerText();
    void unknownIdsReadEmpty();
    void concurrentInterningAgrees();
};

void tst_StringTable::emptyIsZero()
{
    StringTable table;
    QCOMPARE(table.intern(QString()), StringId(0));
    QCOMPARE(table.intern(QStringLiteral("")), StringId(0));
    QCOMPARE(table.text(0), QString());
    QCOMPARE(table.size(), std::size_t(1));
}

void tst_StringTable::oneIdPerText()
{
    StringTable table;
    const StringId a = table.intern(QStringLiteral("MainThread"));
    const StringId b = table.intern(QStringLiteral("Thread-1 (worker)"));
    QVERIFY(a != 0 && b != 0 && a != b);
    QCOMPARE(table.intern(QStringLiteral("MainThread")), a);
    QCOMPARE(table.text(a), QStringLiteral("MainThread"));
    QCOMPARE(table.text(b), QStringLiteral("Thread-1 (worker)"));
    QCOMPARE(table.intern(QStringLiteral("mainthread")) == a, false); // case matters, as in Python
    QCOMPARE(table.size(), std::size_t(4));
}

void tst_StringTable::unknownIdsReadEmpty()
{
    StringTable table;
    table.intern(QStringLiteral("x"));
    QCOMPARE(table.text(2), QString());
    QCOMPARE(table.text(0xFFFFFFFFu), QString());
}

void tst_StringTable::concurrentInterningAgrees()
{
    StringTable table;
    constexpr int kThreads = 8;
    constexpr int kTexts = 500;
    std::vector<std::vector<StringId>> seen(kThreads, std::vector<StringId>(kTexts));
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ++ready;
            while (ready.load() < kThreads) {
            }
            // Each thread goes through the texts in its own order, so the races are on the same keys.
            for (int i = 0; i < kTexts; ++i) {
                const int k = (i * 7 + t * 131) % kTexts;
                seen[std::size_t(t)][std::size_t(k)] = table.intern(QStringLiteral("text %1").arg(k));
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    QCOMPARE(table.size(), std::size_t(kTexts + 1));
    for (int k = 0; k < kTexts; ++k) {
        for (int t = 1; t < kThreads; ++t)
            QCOMPARE(seen[std::size_t(t)][std::size_t(k)], seen[0][std::size_t(k)]);
        QCOMPARE(table.text(seen[0][std::size_t(k)]), QStringLiteral("text %1").arg(k));
    }
}

QTEST_GUILESS_MAIN(tst_StringTable)
#include "tst_stringtable.moc"
