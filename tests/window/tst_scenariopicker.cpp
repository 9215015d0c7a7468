#include "scenarios/scenario.h"
#include "window/scenariopicker.h"

#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::ui;

class TestScenarioPicker : public QObject {
    Q_OBJECT
private slots:
    void listsEveryScenario();
    void filtersAsYouType_data();
    void filtersAsYouType();
    void matchesWhereAWordStarts();
    void selectsById();
    void typingPicksNothingUntilEnter();
    void headsEachGroup();
};

void TestScenarioPicker::listsEveryScenario()
{
    ScenarioPicker picker;
    QCOMPARE(picker.visibleCount(), 16);
    QCOMPARE(static_cast<std::size_t>(picker.visibleCount()), allScenarios().size());
    for (int i = 0; i < picker.visibleCount(); ++i)
        QCOMPARE(picker.visibleId(i), allScenarios()[static_cast<std::size_t>(i)].id);
    QStringList ids;
    for (int i = 0; i < picker.visibleCount(); ++i)
        ids << picker.visibleId(i);
    for (const char* id :
         {"hello", "subclass", "producer-consumer", "sleeping-workers", "pool-queue", "pool-executor", "daemon",
          "join-order", "race", "lock", "deadlock", "condition", "event", "semaphore", "barrier", "timer"})
        QVERIFY2(ids.contains(QLatin1String(id)), id);
}

void TestScenarioPicker::filtersAsYouType_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty shows all") << QString() << QStringList();
    QTest::newRow("an id, any case") << QStringLiteral("DAEMON") << QStringList{QStringLiteral("daemon")};
    QTest::newRow("a prefix shared by two")
        << QStringLiteral("pool-") << QStringList{QStringLiteral("pool-queue"), QStringLiteral("pool-executor")};
    QTest::newRow("a group's name") << QStringLiteral("beyond the seed")
                                    << QStringList{QStringLiteral("race"),     QStringLiteral("lock"),
                                                   QStringLiteral("deadlock"), QStringLiteral("condition"),
                                                   QStringLiteral("event"),    QStringLiteral("semaphore"),
                                                   QStringLiteral("barrier"),  QStringLiteral("timer")};
    // Found by a reviewer: the seed's heading, "threads and queues", listed all eight seed lessons.
    QTest::newRow("a lesson's own words before a heading's")
        << QStringLiteral("queue") << QStringList{QStringLiteral("producer-consumer"), QStringLiteral("pool-queue")};
    QTest::newRow("nothing matches") << QStringLiteral("zzzz-nothing") << QStringList{};
}

void TestScenarioPicker::filtersAsYouType()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, expected);
    ScenarioPicker picker;
    picker.show();
    QTest::keyClicks(picker.filterEdit(), typed);
    if (typed.isEmpty()) {
        QCOMPARE(picker.visibleCount(), 16);
        return;
    }
    QStringList shown;
    for (int i = 0; i < picker.visibleCount(); ++i)
        shown << picker.visibleId(i);
    // Titles and summaries match too, so the ids are a subset check plus an exact one for the id rows.
    for (const QString& id : expected)
        QVERIFY2(shown.contains(id), qPrintable(id));
    for (const QString& id : shown) {
        const Scenario* s = findScenario(id);
        QVERIFY(s);
        QVERIFY(QStringLiteral("%1 %2 %3 %4")
                    .arg(s->id, s->title, s->summary, s->group)
                    .contains(typed, Qt::CaseInsensitive));
    }
    if (expected.isEmpty())
        QCOMPARE(picker.visibleCount(), 0);
    // A lesson whose own words do not match is listed only when no lesson's do (a heading's words).
    const bool byOwnWords = std::any_of(shown.begin(), shown.end(), [&typed](const QString& id) {
        const Scenario* s = findScenario(id);
        return QStringLiteral("%1 %2 %3").arg(s->id, s->title, s->summary).contains(typed, Qt::CaseInsensitive);
    });
    if (byOwnWords) {
        for (const QString& id : shown) {
            const Scenario* s = findScenario(id);
            QVERIFY2(QStringLiteral("%1 %2 %3").arg(s->id, s->title, s->summary).contains(typed, Qt::CaseInsensitive),
                     qPrintable(id));
        }
    }
    QTest::keyClick(picker.filterEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(picker.filterEdit(), Qt::Key_Delete);
    QCOMPARE(picker.visibleCount(), 16);
}

// "lock" listed the echo server on a ThreadPoolExecutor first, as its summary says "block" (a user-tester): the typed
// text matches where a word starts.
void TestScenarioPicker::matchesWhereAWordStarts()
{
    ScenarioPicker picker;
    picker.show();
    QTest::keyClicks(picker.filterEdit(), QStringLiteral("lock"));
    QStringList shown;
    for (int i = 0; i < picker.visibleCount(); ++i)
        shown << picker.visibleId(i);
    QVERIFY2(shown.contains(QStringLiteral("lock")) && shown.contains(QStringLiteral("deadlock")),
             qPrintable(shown.join(QLatin1Char(' '))));
    QVERIFY2(!shown.contains(QStringLiteral("pool-executor")), qPrintable(shown.join(QLatin1Char(' '))));
    // Text that begins with no word still matches inside one: the second half of an id.
    picker.filterEdit()->clear();
    QTest::keyClicks(picker.filterEdit(), QStringLiteral("-consumer"));
    QCOMPARE(picker.visibleCount(), 1);
    QCOMPARE(picker.visibleId(0), QStringLiteral("producer-consumer"));
}

void TestScenarioPicker::selectsById()
{
    ScenarioPicker picker;
    QSignalSpy selected(&picker, &ScenarioPicker::scenarioSelected);
    QVERIFY(picker.setCurrentScenario(QStringLiteral("producer-consumer")));
    QCOMPARE(picker.currentScenario()->id, QStringLiteral("producer-consumer"));
    QCOMPARE(selected.count(), 1);
    // A filter hiding the scenario is cleared to select it.
    picker.filterEdit()->setText(QStringLiteral("daemon"));
    QVERIFY(picker.setCurrentScenario(QStringLiteral("hello")));
    QCOMPARE(picker.filterEdit()->text(), QString());
    QCOMPARE(picker.currentScenario()->id, QStringLiteral("hello"));
    QVERIFY(!picker.setCurrentScenario(QStringLiteral("no-such-scenario")));
    QCOMPARE(picker.currentScenario()->id, QStringLiteral("hello"));
}

// Picking a lesson runs it: the rows a filter hides, moves or leaves alone are no pick. Typing "loc" with hello
// current made the view move to pool-executor, which the window then ran, taking the keyboard from the filter.
void TestScenarioPicker::typingPicksNothingUntilEnter()
{
    ScenarioPicker picker;
    picker.show();
    QVERIFY(picker.setCurrentScenario(QStringLiteral("hello")));
    QSignalSpy selected(&picker, &ScenarioPicker::scenarioSelected);
    picker.filterEdit()->setFocus();
    QTest::keyClicks(picker.filterEdit(), QStringLiteral("lock"));
    QCOMPARE(selected.count(), 0);
    QCOMPARE(picker.filterEdit()->text(), QStringLiteral("lock"));
    QVERIFY(!picker.currentScenario()); // hello is hidden: nothing is current, rather than a lesson nobody picked
    QTest::keyClicks(picker.filterEdit(), QStringLiteral("s in opposite"));
    QCOMPARE(selected.count(), 0);
    QCOMPARE(picker.visibleCount(), 1);
    QTest::keyClick(picker.filterEdit(), Qt::Key_Return);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).value<const Scenario*>(), picker.currentScenario());
    QVERIFY(picker.currentScenario());
}

// The seed's lessons and issue 13's sit under two headings: the first row of each group is taller by its
// heading, in the full list and in a filtered one.
void TestScenarioPicker::headsEachGroup()
{
    ScenarioPicker picker;
    picker.resize(320, 1400);
    picker.show();
    QVERIFY(QTest::qWaitForWindowExposed(&picker));
    QStringList groups;
    for (const Scenario& s : allScenarios()) {
        QVERIFY2(!s.group.isEmpty(), qPrintable(s.id));
        if (!groups.contains(s.group))
            groups << s.group;
    }
    QCOMPARE(groups.size(), 2);
    QCOMPARE(findScenario(QStringLiteral("join-order"))->group, groups.first());
    QCOMPARE(findScenario(QStringLiteral("race"))->group, groups.last());
    auto rowHeight = [&picker](int row) {
        return picker.list()->visualRect(picker.list()->model()->index(row, 0)).height();
    };
    const int plain = rowHeight(1);
    QVERIFY(rowHeight(0) > plain);
    for (int row = 1; row < picker.visibleCount(); ++row) {
        const bool first = picker.visibleId(row) == QLatin1String("race");
        QVERIFY2((rowHeight(row) > plain) == first, qPrintable(picker.visibleId(row)));
    }
    // Filtered to lessons of the second group only, its first visible row carries the heading.
    QTest::keyClicks(picker.filterEdit(), QStringLiteral("beyond"));
    QVERIFY(picker.visibleCount() >= 2);
    QCOMPARE(findScenario(picker.visibleId(0))->group, groups.last());
    QVERIFY(rowHeight(0) > rowHeight(1));
}

QTEST_MAIN(TestScenarioPicker)
#include "tst_scenariopicker.moc"
