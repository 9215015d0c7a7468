#include "pysource/stopsequence.h"
#include "trace/stringtable.h"

#include <QTest>

#include <csignal>

using namespace tl;

// Stop is Ctrl+C twice: each case below is what CPython does with the signals sent (tst_pythonstop runs them in a
// real interpreter); here, which signal goes when, and what the stop says it did, from the stream alone.
class tst_StopSequence : public QObject {
    Q_OBJECT

private slots:
    void aSecondSigintEndsTheExitsWait();
    void aLateSecondSigintHasAGracePeriodOfItsOwn();
    void aProgramThatCaughtItKeepsItsGracePeriod();
    void withoutWordOfTheExitTheSecondComesAtHalfTheGrace();
    void askedAgainItKillsAtOnce();
    void aPatientStopIsNeverKilled();
    void onlyAKeyboardInterruptAfterTheStopIsTheStops();
    void anIgnoredSigintIsSaidToBe();

private:
    static constexpr int kGraceMs = 2000;
    static constexpr std::int64_t kMs = 1'000'000;
    static StopSequence::Asked sigint(std::int64_t waitedMs, bool killAsked = false)
    {
        return {SIGINT, false, killAsked, waitedMs * kMs};
    }
    std::vector<Event> interruptOfMain(std::int64_t ts)
    {
        Event e{};
        e.ts = ts;
        e.kind = EventKind::Error;
        e.a = m_strings.intern(QStringLiteral("KeyboardInterrupt"));
        return {e};
    }
    static std::vector<Event> mainEvent(std::int64_t ts, EventKind kind)
    {
        Event e{};
        e.ts = ts;
        e.kind = kind;
        return {e};
    }

    StringTable m_strings;
};

// Threadline started as a background job of a script has SIGINT ignored, and so has the program: Stop's SIGINT does
// nothing. A program that then ran to its end was "stopped by SIGINT" (a user-tester); one killed after the grace
// period was stopped by the SIGKILL, not the SIGINT.
void tst_StopSequence::anIgnoredSigintIsSaidToBe()
{
    StopSequence ended(kGraceMs, {SIGINT});
    QCOMPARE(ended.next(sigint(0)), std::optional<int>(SIGINT));
    QCOMPARE(ended.words(SIGINT, false), QStringLiteral("SIGINT was ignored (Threadline was started with it ignored, "
                                                        "and so was the program): the program ended on its own"));
    StopSequence killed(kGraceMs, {SIGINT});
    QCOMPARE(killed.next(sigint(0)), std::optional<int>(SIGINT));
    QCOMPARE(killed.next(sigint(kGraceMs + 1)), std::optional<int>(SIGKILL));
    QCOMPARE(killed.words(SIGINT, false),
             QStringLiteral("stopped: SIGINT was ignored (Threadline was started with it ignored, and so was the "
                            "program), then SIGKILL after 2000 ms"));
    // A stop by another signal than the one ignored is told as ever.
    StopSequence other(kGraceMs, {SIGHUP});
    QCOMPARE(other.next(sigint(0)), std::optional<int>(SIGINT));
    QCOMPARE(other.words(SIGINT, false), QStringLiteral("stopped by SIGINT"));
}

void tst_StopSequence::aSecondSigintEndsTheExitsWait()
{
    StopSequence stop(kGraceMs);
    QCOMPARE(stop.next(sigint(0)), std::optional<int>(SIGINT));
    QVERIFY(!stop.lastToMainThread()); // the stop's SIGINT goes to the group, as a terminal's Ctrl+C
    QCOMPARE(stop.next(sigint(10)), std::nullopt);
    std::vector<Event> raised = interruptOfMain(500);
    stop.noteEvents(raised, 100, m_strings);
    QVERIFY(raised[0].flags & EventFlag::ByStop);
    QCOMPARE(stop.next(sigint(20)), std::nullopt); // main has not reached the exit yet
    std::vector<Event> waits = mainEvent(600, EventKind::ExitWaitBegin);
    stop.noteEvents(waits, 100, m_strings);
    QCOMPARE(stop.next(sigint(30)), std::optional<int>(SIGINT));
    // To main alone: sent to the process, a worker blocked in a lock could take it, and main waited on (a CI run).
    QVERIFY(stop.lastToMainThread());
    QCOMPARE(stop.next(sigint(40)), std::nullopt); // twice, not more
    QVERIFY(!stop.killed());
    QCOMPARE(stop.words(SIGINT, false),
             QStringLiteral("stopped by SIGINT, then a second SIGINT as it waited at exit for its threads"));
}

void tst_StopSequence::aLateSecondSigintHasAGracePeriodOfItsOwn()
{
    // Main's wait at exit seen late in the first grace period (a loaded machine): the interpreter still gets a whole
    // grace period to end that wait, and SIGKILL cut it short in a CI run.
    StopSequence stop(kGraceMs);
    QCOMPARE(stop.next(sigint(0)), std::optional<int>(SIGINT));
    std::vector<Event> raised = interruptOfMain(500);
    stop.noteEvents(raised, 100, m_strings);
    std::vector<Event> waits = mainEvent(600, EventKind::ExitWaitBegin);
    stop.noteEvents(waits, 100, m_strings);
    QCOMPARE(stop.next(sigint(kGraceMs - 100)), std::optional<int>(SIGINT));
    QCOMPARE(stop.next(sigint(kGraceMs + 1)), std::nullopt);
    QCOMPARE(stop.next(sigint(2 * kGraceMs - 100)), std::nullopt);
    QCOMPARE(stop.next(sigint(2 * kGraceMs - 99)), std::optional<int>(SIGKILL));
    QCOMPARE(stop.words(SIGINT, false), QStringLiteral("stopped: SIGINT, a second SIGINT as it waited at exit for its "
                                                       "threads, then SIGKILL 2000 ms after it"));
}

void tst_StopSequence::aProgramThatCaughtItKeepsItsGracePeriod()
{
    StopSequence stop(kGraceMs);
    QCOMPARE(stop.next(sigint(0)), std::optional<int>(SIGINT));
    // No KeyboardInterrupt ended main: `except KeyboardInterrupt: shutdown_workers()` is still at its cleanup.
    QCOMPARE(stop.next(sigint(kGraceMs / 2 + 1)), std::nullopt);
    QCOMPARE(stop.next(sigint(kGraceMs + 1)), std::optional<int>(SIGKILL));
    QVERIFY(stop.killed());
    QCOMPARE(stop.words(SIGINT, false), QStringLiteral("stopped: SIGINT, then SIGKILL after 2000 ms"));
}

void tst_StopSequence::withoutWordOfTheExitTheSecondComesAtHalfTheGrace()
{
    StopSequence stop(kGraceMs);
    QCOMPARE(stop.next(sigint(0)), std::optional<int>(SIGINT));
    std::vector<Event> raised = interruptOfMain(500);
    stop.noteEvents(raised, 100, m_strings);
    QCOMPARE(stop.next(sigint(kGraceMs / 2 - 1)), std::nullopt);
    QCOMPARE(stop.next(sigint(kGraceMs / 2 + 1)), std::optional<int>(SIGINT));
    // The second SIGINT has a grace period of its own.
    QCOMPARE(stop.next(sigint(kGraceMs / 2 + kGraceMs)), std::nullopt);
    QCOMPARE(stop.next(sigint(kGraceMs / 2 + kGraceMs + 2)), std::optional<int>(SIGKILL));
    QCOMPARE(stop.words(SIGINT, false),
             QStringLiteral("stopped: SIGINT, a second SIGINT after 1000 ms, then SIGKILL 2000 ms after it"));
}

void tst_StopSequence::askedAgainItKillsAtOnce()
{
    StopSequence stop(kGraceMs);
    QCOMPARE(stop.next(sigint(0)), std::optional<int>(SIGINT));
    QCOMPARE(stop.next(sigint(5, true)), std::optional<int>(SIGKILL));
    QCOMPARE(stop.words(SIGINT, true), QStringLiteral("stopped: SIGINT, then SIGKILL as asked again"));
}

void tst_StopSequence::aPatientStopIsNeverKilled()
{
    StopSequence stop(kGraceMs);
    const StopSequence::Asked term{SIGTERM, true, false, 0};
    QCOMPARE(stop.next(term), std::optional<int>(SIGTERM));
    QCOMPARE(stop.next({SIGTERM, true, false, 10 * kGraceMs * kMs}), std::nullopt);
    QCOMPARE(stop.words(SIGTERM, false), QStringLiteral("stopped by SIGTERM"));
}

void tst_StopSequence::onlyAKeyboardInterruptAfterTheStopIsTheStops()
{
    StopSequence stop(kGraceMs);
    std::vector<Event> before = interruptOfMain(50);
    stop.noteEvents(before, 100, m_strings);
    QVERIFY(!(before[0].flags & EventFlag::ByStop));
    std::vector<Event> other = interruptOfMain(150);
    other[0].a = m_strings.intern(QStringLiteral("ValueError"));
    stop.noteEvents(other, 100, m_strings);
    QVERIFY(!(other[0].flags & EventFlag::ByStop));
}

QTEST_APPLESS_MAIN(tst_StopSequence)
#include "tst_stopsequence.moc"
