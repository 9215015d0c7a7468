#include "trace/stringtable.h"
#include "trace/tracestore.h"
#include "window/consolepanel.h"

#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>

using namespace tl;
using namespace tl::ui;

namespace {

struct Printer {
    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>();
    TraceStore store{strings};
    std::int64_t ts = 0;
    std::uint32_t seq = 0;

    Printer()
    {
        Event created;
        created.kind = EventKind::ThreadCreated;
        created.b = strings->intern(QStringLiteral("MainThread"));
        store.append(std::span<const Event>(&created, 1));
    }

    // `count` prints (and one error when `withError`), appended to the store, shuffled in time.
    StoreChange batch(int count, bool withError = false)
    {
        std::vector<Event> events;
        for (int i = 0; i < count; ++i) {
            Event e;
            e.ts = (ts += 1000);
            e.seq = ++seq;
            e.kind = EventKind::Print;
            // Every tenth line is long enough to need the horizontal scroll bar, which shrinks the view.
            e.a = strings->intern(seq % 10 == 0
                                      ? QStringLiteral("line %1 %2").arg(seq).arg(QString(200, QLatin1Char('x')))
                                      : QStringLiteral("line %1").arg(seq));
            events.push_back(e);
        }
        if (withError) {
            Event e;
            e.ts = (ts += 1000);
            e.seq = ++seq;
            e.kind = EventKind::Error;
            e.a = strings->intern(QStringLiteral("RuntimeError"));
            e.b = strings->intern(QStringLiteral("threads can only be started once"));
            events.push_back(e);
        }
        std::reverse(events.begin(), events.end());
        return store.append(events);
    }
};

} // namespace

class TestConsolePanel : public QObject {
    Q_OBJECT
private slots:
    void showsEachLineWithTimeAndThread();
    void followsTheNewestLineUnlessScrolledUp();
    void pythonStderrIsInTheErrorColour();
    void aThreadsErrorHasItsHeadingAndNoColonWithoutAMessage();
    void aNewPaletteRecoloursTheLinesShown();
    void aNarrowConsoleWrapsWhatWasPrintedIntoView();
};

void TestConsolePanel::aThreadsErrorHasItsHeadingAndNoColonWithoutAMessage()
{
    Printer p;
    Event created;
    created.kind = EventKind::ThreadCreated;
    created.lane = 1;
    created.b = p.strings->intern(QStringLiteral("Thread-1 (worker)"));
    p.store.append(std::span<const Event>(&created, 1));
    Event error;
    error.ts = 5000;
    error.seq = 1;
    error.lane = 1;
    error.kind = EventKind::Error;
    error.a = p.strings->intern(QStringLiteral("_queue.Empty"));
    const StoreChange change = p.store.append(std::span<const Event>(&error, 1));
    ConsolePanel console;
    console.setStore(&p.store);
    console.appendBatch(change);
    // CPython: "Exception in thread Thread-1 (worker):" and, after the traceback, "_queue.Empty".
    QVERIFY2(console.toPlainText().endsWith(QStringLiteral("Exception in thread Thread-1 (worker): _queue.Empty")),
             qPrintable(console.toPlainText()));
}

void TestConsolePanel::showsEachLineWithTimeAndThread()
{
    Printer p;
    ConsolePanel console;
    console.setStore(&p.store);
    console.appendBatch(p.batch(3, true));
    QCOMPARE(console.lineCount(), 4);
    const QStringList lines = console.toPlainText().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    // Sorted by time although the batch came reversed.
    QVERIFY(lines[0].startsWith(QStringLiteral("0.000001 s")));
    QVERIFY(lines[0].contains(QStringLiteral("MainThread")));
    QVERIFY(lines[0].endsWith(QStringLiteral("line 1")));
    QVERIFY(lines[2].endsWith(QStringLiteral("line 3")));
    // An error in main is CPython's last traceback line alone: sys.excepthook prints no thread heading.
    QVERIFY(lines[3].contains(QStringLiteral("MainThread")));
    QVERIFY(lines[3].endsWith(QStringLiteral("  RuntimeError: threads can only be started once")));
    QVERIFY(!lines[3].contains(QStringLiteral("Exception in thread")));
    // A store that arrives filled shows what it holds.
    ConsolePanel other;
    other.setStore(&p.store);
    QCOMPARE(other.lineCount(), 4);
    QCOMPARE(other.toPlainText(), console.toPlainText());
    // A coloured line reads as a terminal shows it, not with its escapes (a reviewer saw "[31mred").
    Event coloured;
    coloured.ts = 1'000'000;
    coloured.kind = EventKind::Print;
    coloured.a = p.strings->intern(QStringLiteral("\x1b[31mred\x1b[0m\tline"));
    console.appendBatch(p.store.append(std::span<const Event>(&coloured, 1)));
    QVERIFY2(console.toPlainText().endsWith(QStringLiteral("  red line")), qPrintable(console.toPlainText()));
}

void TestConsolePanel::followsTheNewestLineUnlessScrolledUp()
{
    Printer p;
    ConsolePanel console;
    console.resize(400, 200);
    console.show();
    console.setStore(&p.store);
    QScrollBar* bar = console.verticalScrollBar();
    // Batch sizes as a thousand threads produce them: a few lines, then a burst.
    for (int i = 0; i < 20; ++i) {
        console.appendBatch(p.batch(i % 4 == 0 ? 1000 : 25));
        QCoreApplication::processEvents();
        QVERIFY(bar->maximum() > 0 || i == 0);
        QCOMPARE(bar->value(), bar->maximum());
    }
    bar->triggerAction(QAbstractSlider::SliderToMinimum); // the user scrolls up to read
    for (int i = 0; i < 5; ++i) {
        console.appendBatch(p.batch(25));
        QCoreApplication::processEvents();
    }
    QCOMPARE(bar->value(), 0);
    // Back at the end, it follows again.
    bar->triggerAction(QAbstractSlider::SliderToMaximum);
    console.appendBatch(p.batch(1000));
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), bar->maximum());
    QCOMPARE(console.lineCount(), 6 * 1000 + 15 * 25 + 5 * 25);
}

namespace {

// The colour the console drew line `line` of its document in (its last fragment: the text after the
// time and thread columns).
QColor textColour(const ConsolePanel& console, int line)
{
    const QTextBlock block = console.document()->findBlockByNumber(line);
    QColor colour;
    for (auto it = block.begin(); !it.atEnd(); ++it)
        colour = it.fragment().charFormat().foreground().color();
    return colour;
}

} // namespace

// A Python run's console: a line to stderr in the error colour, a line to stdout in the text colour, each
// with its thread; the program's own traceback stands for its errors, so an error event adds no line.
void TestConsolePanel::pythonStderrIsInTheErrorColour()
{
    Printer p;
    TraceMetadata meta;
    meta.source = QStringLiteral("python");
    p.store.setMetadata(meta);
    ConsolePanel console;
    console.setStore(&p.store);
    std::vector<Event> events(3);
    events[0].ts = 10;
    events[0].kind = EventKind::Print;
    events[0].a = p.strings->intern(QStringLiteral("to stdout"));
    events[1].ts = 20;
    events[1].kind = EventKind::Print;
    events[1].flags = EventFlag::Stderr;
    events[1].a = p.strings->intern(QStringLiteral("ValueError: boom"));
    events[2].ts = 30;
    events[2].kind = EventKind::Error;
    events[2].a = p.strings->intern(QStringLiteral("ValueError"));
    events[2].b = p.strings->intern(QStringLiteral("boom"));
    console.appendBatch(p.store.append(events));
    QCOMPARE(console.lineCount(), 2);
    const QStringList lines = console.toPlainText().split(QLatin1Char('\n'));
    QVERIFY(lines[0].contains(QStringLiteral("MainThread")) && lines[0].endsWith(QStringLiteral("to stdout")));
    QVERIFY(lines[1].contains(QStringLiteral("MainThread")) && lines[1].endsWith(QStringLiteral("ValueError: boom")));
    QCOMPARE(textColour(console, 1), QColor(0xd5, 0x5e, 0x00));
    QVERIFY(textColour(console, 0) != QColor(0xd5, 0x5e, 0x00));
}

// Switching to the dark theme left the lines already shown in the light theme's colours: their time and thread
// columns were darker than the dark background.
void TestConsolePanel::aNewPaletteRecoloursTheLinesShown()
{
    Printer p;
    ConsolePanel console;
    console.setStore(&p.store);
    console.appendBatch(p.batch(3));
    const auto metaColour = [&console] {
        const QTextBlock first = console.document()->firstBlock();
        return first.begin().fragment().charFormat().foreground().color();
    };
    QPalette dark = console.palette();
    dark.setColor(QPalette::Base, QColor(0x23, 0x23, 0x23));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    QVERIFY(metaColour() != dark.color(QPalette::PlaceholderText));
    console.setPalette(dark);
    QCOMPARE(metaColour(), dark.color(QPalette::PlaceholderText));
    QCOMPARE(console.lineCount(), 3);
}

// At 1024 px the docked console was as narrow as its time and thread columns: a line showed none of what was printed
// (a user-tester). It wraps as a terminal does: the words are on the lines below, in view, with no sideways scroll.
void TestConsolePanel::aNarrowConsoleWrapsWhatWasPrintedIntoView()
{
    Printer p;
    ConsolePanel console;
    console.resize(200, 200);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    console.setStore(&p.store);
    console.appendBatch(p.batch(30)); // more than the view holds
    QCoreApplication::processEvents();
    const QTextBlock last = console.document()->lastBlock(); // in view, so laid out
    QVERIFY2(last.layout()->lineCount() > 1, qPrintable(last.text()));
    QCOMPARE(console.horizontalScrollBar()->maximum(), 0);
    // Following the end takes the wrapped lines in: the text's end is on screen.
    QTextCursor end(console.document());
    end.movePosition(QTextCursor::End);
    const QRect endRect = console.cursorRect(end);
    QVERIFY2(console.viewport()->rect().contains(endRect),
             qPrintable(QStringLiteral("%1 in %2").arg(endRect.bottom()).arg(console.viewport()->height())));
}

QTEST_MAIN(TestConsolePanel)
#include "tst_consolepanel.moc"
