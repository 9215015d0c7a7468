#include "trace/eventfields.h"
#include "trace/eventschema.h"

#include <QSet>
#include <QTest>

#include <set>

using namespace tl;

namespace {

EventKind kindAt(int i)
{
    return static_cast<EventKind>(i);
}

constexpr int kKinds = static_cast<int>(EventKind::Count_);

QString nameOf(EventKind kind)
{
    return QString::fromLatin1(schemaOf(kind).name);
}

} // namespace

// The schema is the one place that says what each kind means; these checks hold it to being a table
// others can rely on: names a stream and an importer can use, span effects that pair up, markers and
// instants that agree, and every exported word named.
class tst_EventSchema : public QObject {
    Q_OBJECT

private slots:
    void namesAreUniqueAndRoundTrip();
    void everyOpenedStateCanClose();
    void everyInstantIsAMarker();
    void everyExportedWordHasAKey();
    void outsideTheEnumIsUnknown();
    void spanStateFollowsTheSocketOperation_data();
    void spanStateFollowsTheSocketOperation();
    void timedOutMovesNothing();
    void flagsAreReadAsTheSchemaSays();
    void stringWordsAreNamesAndTexts();
    void theExitsCalloutHoldsForEveryRun();
    void aPotentialDeadlocksCalloutSaysSo();
    void theFaultsAreTheCalloutsOfWhatWentWrong();
    void theStopsKeyboardInterruptIsDrawnAsTheStop();
    void aBarrierWaitThatDoesNotPassSaysBrokenBarrierError();
    void aCalloutReplacesOnlyOneThatIsThere();
};

void tst_EventSchema::namesAreUniqueAndRoundTrip()
{
    QSet<QString> names;
    for (int i = 0; i < kKinds; ++i) {
        const QString name = nameOf(kindAt(i));
        QVERIFY2(!name.isEmpty() && name != QLatin1String("unknown"), qPrintable(QString::number(i)));
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        EventKind back = EventKind::Count_;
        QVERIFY(eventKindFromName(name.toStdString(), back));
        QCOMPARE(back, kindAt(i));
        QCOMPARE(QString::fromLatin1(eventKindName(kindAt(i)).data()), name);
    }
    EventKind none = EventKind::Print;
    QVERIFY(!eventKindFromName("no-such-kind", none));
    QCOMPARE(none, EventKind::Print);
}

void tst_EventSchema::everyOpenedStateCanClose()
{
    std::set<LaneState> opened;
    std::set<LaneState> closed;
    bool socketsOpen = false;
    bool socketsClose = false;
    for (int i = 0; i < kKinds; ++i) {
        const EventSchema& s = schemaOf(kindAt(i));
        const bool socket = s.flags == FlagRole::SocketOp;
        if (s.span == SpanEffect::Open)
            socket ? void(socketsOpen = true) : void(opened.insert(s.state));
        if (s.span == SpanEffect::Close)
            socket ? void(socketsClose = true) : void(closed.insert(s.state));
    }
    // The run span is closed by RunEnd (CloseAll); every other opened state has its own close.
    opened.erase(LaneState::Running);
    for (LaneState state : opened)
        QVERIFY2(closed.count(state) == 1, qPrintable(laneStateName(state)));
    QCOMPARE(socketsOpen, socketsClose);
    QCOMPARE(schemaOf(EventKind::RunEnd).span, SpanEffect::CloseAll);
}

// Except the instants that anchor arrows for other tools (a thread's "end", a join's "joined", the end of a
// woken cond.wait, event.wait or barrier.wait, a pool task's end and the end of the future wait it released:
// DevTools binds a flow only to an event of its own moment) and main's exit-wait end; on the timeline, the band's end
// shows that moment. And a pool's submit: its instant is there so that an opened file has the event (the event list
// shows it), not to draw a marker the timeline never had.
void tst_EventSchema::everyInstantIsAMarker()
{
    int instants = 0;
    for (int i = 0; i < kKinds; ++i) {
        const EventSchema& s = schemaOf(kindAt(i));
        if (s.instant) {
            ++instants;
            const bool anchor = kindAt(i) == EventKind::RunEnd || kindAt(i) == EventKind::JoinEnd ||
                                kindAt(i) == EventKind::ExitWaitEnd || kindAt(i) == EventKind::CondWaitEnd ||
                                kindAt(i) == EventKind::EventWaitEnd || kindAt(i) == EventKind::BarrierWaitEnd ||
                                kindAt(i) == EventKind::PoolTaskEnd || kindAt(i) == EventKind::FutureWaitEnd ||
                                kindAt(i) == EventKind::PoolSubmit;
            QVERIFY2((s.marker != nullptr) != anchor, s.name);
        }
        if (s.marker)
            QVERIFY2(isMarkerKind(kindAt(i)), s.name);
    }
    QVERIFY(instants > 0);
}

void tst_EventSchema::everyExportedWordHasAKey()
{
    for (int i = 0; i < kKinds; ++i) {
        const EventSchema& s = schemaOf(kindAt(i));
        for (const ArgSpec* arg : {&s.a, &s.b, &s.c}) {
            if (arg->hasValue())
                QVERIFY2(arg->key != nullptr && *arg->key != '\0', s.name);
            else
                QCOMPARE(arg->csv, CsvColumn::None);
        }
    }
}

void tst_EventSchema::outsideTheEnumIsUnknown()
{
    QCOMPARE(QString::fromLatin1(schemaOf(EventKind::Count_).name), QStringLiteral("unknown"));
    QCOMPARE(QString::fromLatin1(schemaOf(static_cast<EventKind>(200)).name), QStringLiteral("unknown"));
    QVERIFY(!isMarkerKind(EventKind::Count_));
    QCOMPARE(schemaOf(EventKind::Count_).span, SpanEffect::None);
}

void tst_EventSchema::spanStateFollowsTheSocketOperation_data()
{
    QTest::addColumn<int>("op");
    QTest::addColumn<LaneState>("state");
    QTest::newRow("accept") << int(SocketOp::Accept) << LaneState::Accept;
    QTest::newRow("recv") << int(SocketOp::Recv) << LaneState::Recv;
    QTest::newRow("send") << int(SocketOp::Send) << LaneState::Send;
    QTest::newRow("connect") << int(SocketOp::Connect) << LaneState::Connect;
}

void tst_EventSchema::spanStateFollowsTheSocketOperation()
{
    QFETCH(int, op);
    QFETCH(LaneState, state);
    for (EventKind kind : {EventKind::SocketBegin, EventKind::SocketEnd}) {
        const Event e{0, 0, 0, kind, static_cast<std::uint8_t>(op), 0, 0, 0, 0};
        QCOMPARE(spanStateOf(e), std::optional<LaneState>(state));
    }
    const Event print{0, 0, 0, EventKind::Print, static_cast<std::uint8_t>(op), 0, 0, 0, 0};
    QCOMPARE(spanStateOf(print), std::nullopt);
}

void tst_EventSchema::timedOutMovesNothing()
{
    const Event put{0, 0, 0, EventKind::PutDone, 0, 0, 1, 3, 1};
    Event timedOut = put;
    timedOut.flags = EventFlag::TimedOut;
    QCOMPARE(QString::fromLatin1(instantName(put)), QStringLiteral("put"));
    QCOMPARE(instantName(timedOut), nullptr);
    // Still a marker on the timeline: the moment the put gave up.
    QVERIFY(isMarkerKind(timedOut.kind));
}

void tst_EventSchema::flagsAreReadAsTheSchemaSays()
{
    const Event daemonStart{0, 0, 0, EventKind::Start, EventFlag::Daemon, 0, 1, 0, 0};
    QVERIFY(flagSet(daemonStart, FlagRole::Daemon));
    QVERIFY(!flagSet(daemonStart, FlagRole::TimedOut)); // the same bit means daemon here
    const Event print{0, 0, 0, EventKind::Print, 1, 0, 0, 0, 0};
    QVERIFY(!flagSet(print, FlagRole::Daemon)); // the bit is a print's stream, not a daemon flag
    QVERIFY(flagSet(print, FlagRole::Stderr));
    QCOMPARE(schemaOf(EventKind::Print).flags, FlagRole::Stderr);
    const Event stdoutPrint{0, 0, 0, EventKind::Print, 0, 0, 0, 0, 0};
    QVERIFY(!flagSet(stdoutPrint, FlagRole::Stderr));
    const Event notAPrint{0, 0, 0, EventKind::RunBegin, EventFlag::Stderr, 0, 0, 0, 0};
    QVERIFY(!flagSet(notAPrint, FlagRole::Stderr)); // only a print's bit means stderr
    const Event raised{0, 0, 0, EventKind::PoolTaskEnd, EventFlag::Raised, 0, 0, 1, 0};
    QVERIFY(flagSet(raised, FlagRole::Raised));
}

// Two runs compare these words by their text (a store's ids depend on arrival order): exactly the names, the
// texts and the labels, never a lane, a queue, a count or a time.
void tst_EventSchema::stringWordsAreNamesAndTexts()
{
    const std::set<ArgRole> strings = {ArgRole::Name,      ArgRole::Text,  ArgRole::ErrorType,
                                       ArgRole::ErrorText, ArgRole::Label, ArgRole::Category};
    for (int r = 0; r <= static_cast<int>(ArgRole::Count); ++r) {
        const auto role = static_cast<ArgRole>(r);
        QCOMPARE(holdsString(role), strings.count(role) == 1);
    }
    QVERIFY(holdsString(schemaOf(EventKind::ThreadCreated).b.role));  // the thread's name
    QVERIFY(!holdsString(schemaOf(EventKind::ThreadCreated).a.role)); // the creating lane
    QVERIFY(!holdsString(schemaOf(EventKind::PutDone).a.role));       // the queue
}

// Every run has an exit, most without a daemon: its callout said "daemons still running are cut" in all of them.
// The daemons a run has get callouts of their own (daemon-stopped).
void tst_EventSchema::theExitsCalloutHoldsForEveryRun()
{
    Event exit{};
    exit.kind = EventKind::Exit;
    const char* callout = calloutOf(exit);
    QVERIFY(callout);
    QVERIFY2(!QByteArray(callout).contains("daemon"), callout);
    Event cut{};
    cut.kind = EventKind::DaemonStopped;
    QVERIFY(calloutOf(cut) && QByteArray(calloutOf(cut)).contains("daemon"));
}

// The status bar and the deadlock text say "Potential deadlock" for one that may yet end; the callout said
// "deadlock" alone.
void tst_EventSchema::aPotentialDeadlocksCalloutSaysSo()
{
    for (EventKind kind : {EventKind::Deadlock, EventKind::Stall}) {
        Event certain{};
        certain.kind = kind;
        Event potential = certain;
        potential.flags = EventFlag::Potential;
        QVERIFY(calloutOf(certain) && calloutOf(potential));
        QVERIFY2(!QByteArray(calloutOf(certain)).startsWith("potential"), calloutOf(certain));
        QCOMPARE(QByteArray(calloutOf(potential)), "potential " + QByteArray(calloutOf(certain)));
    }
}

void tst_EventSchema::theFaultsAreTheCalloutsOfWhatWentWrong()
{
    auto event = [](EventKind kind, std::uint8_t flags = 0) {
        Event e{};
        e.kind = kind;
        e.flags = flags;
        return e;
    };
    QVERIFY(calloutTellsAFault(event(EventKind::Error)));
    QVERIFY(calloutTellsAFault(event(EventKind::Deadlock, EventFlag::Potential)));
    QVERIFY(calloutTellsAFault(event(EventKind::Stall)));
    QVERIFY(calloutTellsAFault(event(EventKind::BarrierWaitEnd, 1))); // broken: BrokenBarrierError
    QVERIFY(!calloutTellsAFault(event(EventKind::BarrierWaitEnd)));   // passed: no callout at all
    QVERIFY(!calloutTellsAFault(event(EventKind::Exit)));
    QVERIFY(!calloutTellsAFault(event(EventKind::JoinEnd, 1))); // a timed-out join is told, not a fault
}

// A row that takes the place of the callout before it names a kind with a callout, and has one itself; the Timer's
// firing replaces its Event's timed-out wait, and nothing else.
void tst_EventSchema::aCalloutReplacesOnlyOneThatIsThere()
{
    for (int i = 0; i < kKinds; ++i) {
        const EventSchema& s = schemaOf(kindAt(i));
        if (s.calloutReplaces == EventKind::Count_)
            continue;
        QVERIFY2(s.callout != nullptr, s.name);
        QVERIFY2(schemaOf(s.calloutReplaces).callout != nullptr, s.name);
    }
    Event fired{};
    fired.kind = EventKind::TimerFired;
    Event timedOut{};
    timedOut.kind = EventKind::EventWaitEnd;
    timedOut.flags = EventFlag::TimedOut;
    QVERIFY(calloutReplaces(fired, timedOut));
    Event joined{};
    joined.kind = EventKind::JoinEnd;
    joined.flags = EventFlag::TimedOut;
    QVERIFY(!calloutReplaces(fired, joined));
    QVERIFY(!calloutReplaces(timedOut, fired));
}

// Every barrier wait that does not pass raises BrokenBarrierError; only the one whose own timeout broke the barrier
// timed out (a user-tester saw the barrier lesson's other two waits called "timed out" after none of their own).
void tst_EventSchema::aBarrierWaitThatDoesNotPassSaysBrokenBarrierError()
{
    Event notPassed{};
    notPassed.kind = EventKind::BarrierWaitEnd;
    notPassed.flags = EventFlag::TimedOut;
    QCOMPARE(flagWord(notPassed), QStringLiteral("BrokenBarrierError"));
    Event byAction = notPassed;
    byAction.flags = EventFlag::TimedOut | EventFlag::Interrupted;
    QCOMPARE(flagWord(byAction), QStringLiteral("ended by an exception"));
    Event get{};
    get.kind = EventKind::GetDone;
    get.flags = EventFlag::TimedOut;
    QCOMPARE(flagWord(get), QStringLiteral("timed out"));
}

QTEST_GUILESS_MAIN(tst_EventSchema)
// Threadline's own SIGINT raises a KeyboardInterrupt in main: an export drew it as the program's error, a red cross
// with a "KeyboardInterrupt" callout that told a slide "it crashed with Ctrl+C" (a user). Flagged ByStop, it is
// drawn as the stop it is, with words that say Threadline stopped it, and it is no fault; the program's own is one.
void tst_EventSchema::theStopsKeyboardInterruptIsDrawnAsTheStop()
{
    Event own{};
    own.kind = EventKind::Error;
    Event byStop = own;
    byStop.flags = EventFlag::ByStop;
    QVERIFY(flagSet(byStop, FlagRole::ByStop));
    QVERIFY(!flagSet(own, FlagRole::ByStop));
    QVERIFY(calloutTellsAFault(own));
    QVERIFY(!calloutTellsAFault(byStop));
    QCOMPARE(markerKindOf(own), EventKind::Error);
    QCOMPARE(markerKindOf(byStop), EventKind::Stopped);
    QCOMPARE(QByteArray(calloutOf(byStop)), QByteArray("stopped by Threadline ({a})"));
    QCOMPARE(flagWord(byStop), QStringLiteral("raised by Threadline's stop"));
    QCOMPARE(flagWord(own), QString());
    // Another kind's bit 0 is its own flag, never a stop's.
    Event daemon{};
    daemon.kind = EventKind::ThreadCreated;
    daemon.flags = EventFlag::Daemon;
    QCOMPARE(markerKindOf(daemon), EventKind::ThreadCreated);
}

#include "tst_eventschema.moc"
