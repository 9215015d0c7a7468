#include "trace/eventfields.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace tl;

namespace {

// A store that knows a thread "Thread-1 (worker)" on lane 1 and a queue "jobs" (id 1), for resolving
// the words of the events below.
struct Names {
    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>();
    TraceStore store{strings};
    Names()
    {
        std::vector<Event> setup{
            Event{0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
            Event{1, 1, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("Thread-1 (worker)")),
                  strings->intern(QStringLiteral("worker"))},
            Event{2, 0, 0, EventKind::QueueCreated, 0, 0, 1, strings->intern(QStringLiteral("jobs")), 3}};
        store.append(setup);
        // Every text the rows use, interned in one fixed order: a Names made anywhere gives the same ids.
        for (const char* s : {"RuntimeError", "threads can only be started once", "queue.Empty", "Hello, world!", "q",
                              "handle", "Thread-2 (beat)", "Traceback (most recent call last):", "'job 3'"})
            strings->intern(QString::fromUtf8(s));
        // Item 8 of jobs has words: its put and get say them.
        const Event value{3, 0, 0, EventKind::ItemValue, 0, 0, 1, 8, text("'job 3'")};
        store.append(std::span(&value, 1));
    }
    StringId text(const char* s) { return strings->intern(QString::fromUtf8(s)); }
};

Event ev(EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0, std::uint8_t flags = 0)
{
    return Event{10, 0, 0, kind, flags, 0, a, b, c};
}

} // namespace

// One template per kind in the schema turns an event into the words the event list, the tooltips and the
// details panel show; these rows pin what a learner reads.
class tst_EventText : public QObject {
    Q_OBJECT

private slots:
    void details_data();
    void details();
    void fieldsLeaveOutWordsWithoutValue();
    void formatDuration_data();
    void formatDuration();
    void laneLabelsMarkDaemons();
    void countsAreSingularForOne();
    void anUnnamedSliceIsSaidToBe();
    void aPrintedLineIsShownAsATerminalShowsIt();
};

void tst_EventText::details_data()
{
    Names n;
    QTest::addColumn<Event>("event");
    QTest::addColumn<QString>("expected");
    QTest::newRow("start") << ev(EventKind::Start, 1) << "starts Thread-1 (worker)";
    QTest::newRow("daemon start: the flag in words")
        << ev(EventKind::Start, 1, 0, 0, EventFlag::Daemon) << "starts Thread-1 (worker) (daemon)";
    QTest::newRow("put") << ev(EventKind::PutDone, 1, 7, 3) << "item 7 -> jobs, depth 3";
    QTest::newRow("timed-out put: no item")
        << ev(EventKind::PutDone, 1, 0, 3, EventFlag::TimedOut) << "jobs, depth 3 (timed out)";
    QTest::newRow("get") << ev(EventKind::GetDone, 1, 7, 0) << "item 7 <- jobs, depth 0";
    QTest::newRow("put of an item with words")
        << ev(EventKind::PutDone, 1, 8, 1) << "'job 3' (item 8) -> jobs, depth 1";
    QTest::newRow("get of an item with words")
        << ev(EventKind::GetDone, 1, 8, 0) << "'job 3' (item 8) <- jobs, depth 0";
    QTest::newRow("blocked put") << ev(EventKind::PutBlocked, 1, kNoValue, 3) << "jobs is full (3 items)";
    // The timeout is the b word here, where a join's is its c: each slot's own word is shown.
    QTest::newRow("blocked put with timeout")
        << ev(EventKind::PutBlocked, 1, 2500, 3) << "jobs is full (3 items), timeout 2.500 s";
    QTest::newRow("blocked get with timeout")
        << ev(EventKind::GetBlocked, 1, 250, 0) << "jobs is empty, timeout 250.0 ms";
    QTest::newRow("join without timeout") << ev(EventKind::JoinBegin, 1, 0, kNoValue) << "joins Thread-1 (worker)";
    QTest::newRow("join with timeout") << ev(EventKind::JoinBegin, 1, 0, 1500)
                                       << "joins Thread-1 (worker), timeout 1.500 s";
    QTest::newRow("sleep") << ev(EventKind::SleepBegin, 0, 0, 250'000) << "sleep(250.0 ms)";
    QTest::newRow("task_done") << ev(EventKind::TaskDone, 1, 0, 2) << "jobs: 2 unfinished";
    QTest::newRow("error with a message")
        << ev(EventKind::Error, n.text("RuntimeError"), n.text("threads can only be started once"))
        << "RuntimeError: threads can only be started once";
    QTest::newRow("error without a message: no stray colon")
        << ev(EventKind::Error, n.text("queue.Empty")) << "queue.Empty";
    QTest::newRow("print") << ev(EventKind::Print, n.text("Hello, world!")) << "Hello, world!";
    QTest::newRow("print to stderr: the stream in words")
        << ev(EventKind::Print, n.text("Traceback (most recent call last):"), 0, 0, EventFlag::Stderr)
        << "Traceback (most recent call last): (stderr)";
    QTest::newRow("unbounded queue: no maxsize") << ev(EventKind::QueueCreated, 2, n.text("q"), 0) << "q";
    QTest::newRow("bounded queue") << ev(EventKind::QueueCreated, 2, n.text("q"), 5) << "q (maxsize 5)";
    QTest::newRow("recv") << ev(EventKind::SocketEnd, 3, 0, 12, std::uint8_t(SocketOp::Recv))
                          << "recv on connection 3, 12 bytes";
    QTest::newRow("accept on the listener")
        << ev(EventKind::SocketBegin, 0, 0, 0, std::uint8_t(SocketOp::Accept)) << "accept";
    QTest::newRow("task that raised") << ev(EventKind::PoolTaskEnd, 0, 4, n.text("handle"), EventFlag::Raised)
                                      << "task 4 handle (raised)";
    QTest::newRow("run-begin says nothing more") << ev(EventKind::RunBegin) << "";
}

void tst_EventText::details()
{
    QFETCH(Event, event);
    QFETCH(QString, expected);
    const Names n; // the same string ids as the rows' own
    QCOMPARE(eventDetails(n.store, event), expected);
}

void tst_EventText::fieldsLeaveOutWordsWithoutValue()
{
    Names n;
    const auto keys = [&](const Event& e, EmptyText empty = EmptyText::Omit) {
        QStringList out;
        for (const EventField& f : eventFields(n.store, e, empty))
            out << QString::fromLatin1(f.key);
        return out;
    };
    QCOMPARE(keys(ev(EventKind::PutDone, 1, 7, 3)), QStringList({"queue", "item", "depth"}));
    QCOMPARE(keys(ev(EventKind::PutDone, 1, 0, 3, EventFlag::TimedOut)), QStringList({"queue", "depth"}));
    // An item with words has them last, for the exports' "value" and the CSV's detail.
    QCOMPARE(keys(ev(EventKind::GetDone, 1, 8, 0)), QStringList({"queue", "item", "depth", "value"}));
    const EventField value = eventFields(n.store, ev(EventKind::PutDone, 1, 8, 1)).back();
    QCOMPARE(value.csv, CsvColumn::Detail);
    QCOMPARE(value.text, QStringLiteral("'job 3'"));
    QCOMPARE(keys(ev(EventKind::JoinBegin, 1, 0, kNoValue)), QStringList({"target"}));
    QCOMPARE(keys(ev(EventKind::Print, 0)), QStringList());
    QCOMPARE(keys(ev(EventKind::Print, 0), EmptyText::Keep), QStringList({"text"})); // print("") printed a line
    const EventField sleep = eventFields(n.store, ev(EventKind::SleepBegin, 0, 0, 2'500'000)).front();
    QCOMPARE(sleep.value.toDouble(), 2.5);
    QCOMPARE(sleep.text, QStringLiteral("2.5"));
    const EventField target = eventFields(n.store, ev(EventKind::Start, 1)).front();
    QCOMPARE(target.csv, CsvColumn::Target);
    QCOMPARE(target.text, QStringLiteral("Thread-1 (worker)"));
    // A lane the store never saw created still has a name.
    QCOMPARE(eventFields(n.store, ev(EventKind::Start, 9)).front().text, QStringLiteral("lane-9"));
}

void tst_EventText::formatDuration_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("nanoseconds") << qint64(850) << "850 ns";
    QTest::newRow("microseconds") << qint64(12'500) << "12.5 µs";
    QTest::newRow("milliseconds") << qint64(3'200'000) << "3.20 ms";
    QTest::newRow("seconds") << qint64(1'250'000'000) << "1.250 s";
}

void tst_EventText::formatDuration()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(tl::formatDuration(ns), text);
}

void tst_EventText::laneLabelsMarkDaemons()
{
    Names n;
    std::vector<Event> daemon{
        Event{3, 2, 0, EventKind::ThreadCreated, EventFlag::Daemon, 0, 0, n.text("Thread-2 (beat)"), 0}};
    n.store.append(daemon);
    QCOMPARE(laneLabel(n.store, 1), QStringLiteral("Thread-1 (worker)"));
    QCOMPARE(laneLabel(n.store, 2), QStringLiteral("Thread-2 (beat) (daemon)"));
}

// "4 events on 1 lanes", "1 warning(s)": a count's noun agrees with it.
void tst_EventText::countsAreSingularForOne()
{
    QCOMPARE(counted(1, QStringLiteral("lane"), QStringLiteral("lanes")), QStringLiteral("1 lane"));
    QCOMPARE(counted(4, QStringLiteral("lane"), QStringLiteral("lanes")), QStringLiteral("4 lanes"));
    QCOMPARE(counted(0, QStringLiteral("warning"), QStringLiteral("warnings")), QStringLiteral("0 warnings"));
}

// Another tool's slice with no name: the legend, Statistics and Differences all say "(unnamed)", not an empty cell.
void tst_EventText::anUnnamedSliceIsSaidToBe()
{
    QCOMPARE(sliceLabel(QString()), QStringLiteral("(unnamed)"));
    QCOMPARE(sliceLabel(QStringLiteral("parse")), QStringLiteral("parse"));
    QCOMPARE(sliceLabel(QStringLiteral(" ")), QStringLiteral(" ")); // a name of its own, as the trace gave it
}

// A coloured print showed "[31mred" in its callout and the console (a reviewer): the escapes are a terminal's, not
// words. A tab made a wide box with a gap.
void tst_EventText::aPrintedLineIsShownAsATerminalShowsIt()
{
    QCOMPARE(shownLine(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(shownLine(QStringLiteral("\x1b[31mred\x1b[0m and \x1b[1;4mbold\x1b[m")), QStringLiteral("red and bold"));
    QCOMPARE(shownLine(QStringLiteral("a\tb")), QStringLiteral("a b"));
    QCOMPARE(shownLine(QStringLiteral("\x1b"
                                      "7saved\x1b"
                                      "8")),
             QStringLiteral("saved"));                                         // ESC and one byte
    QCOMPARE(shownLine(QStringLiteral("cut \x1b[3")), QStringLiteral("cut ")); // a sequence the line ends in
    QCOMPARE(shownLine(QStringLiteral("end\x1b")), QStringLiteral("end"));
    // A link (OSC 8) keeps its words, not its address; a title ended by ESC \\ is left out whole.
    QCOMPARE(shownLine(QStringLiteral("\x1b]8;;https://x.org\x07"
                                      "docs\x1b]8;;\x07"
                                      "!")),
             QStringLiteral("docs!"));
    QCOMPARE(shownLine(QStringLiteral("\x1b]0;a title\x1b\\shown")), QStringLiteral("shown"));
    // An escape before a character outside the BMP takes it whole, not half of it.
    QCOMPARE(shownLine(QStringLiteral("a\x1b\U0001F600b")), QStringLiteral("ab"));
}

QTEST_GUILESS_MAIN(tst_EventText)
#include "tst_eventtext.moc"
