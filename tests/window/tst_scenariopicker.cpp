#include "scenarios/scenario.h"
#include "window/scenariopicker.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace tl;
using namespace tl::ui;

class TestScenarioPicker : public QObject {
    Q_OBJECT
private slots:
    void listsTheEightScenarios();
    void filtersAsYouType_data();
    void filtersAsYouType();
    void selectsById();
};

void TestScenarioPicker::listsTheEightScenarios()
{
    ScenarioPicker picker;
    QCOMPARE(picker.visibleCount(), 9);
    QCOMPARE(static_cast<std::size_t>(picker.visibleCount()), allScenarios().size());
    for (int i = 0; i < picker.visibleCount(); ++i)
        QCOMPARE(picker.visibleId(i), allScenarios()[static_cast<std::size_t>(i)].id);
    QStringList ids;
    for (int i = 0; i < picker.visibleCount(); ++i)
        ids << picker.visibleId(i);
    for (const char* id : {"hello", "subclass", "producer-consumer", "sleeping-workers", "pool-queue", "pool-executor",
                           "daemon", "join-order", "deadlock"})
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
        QCOMPARE(picker.visibleCount(), 9);
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
        QVERIFY(QStringLiteral("%1 %2 %3").arg(s->id, s->title, s->summary).contains(typed, Qt::CaseInsensitive));
    }
    if (expected.isEmpty())
        QCOMPARE(picker.visibleCount(), 0);
    QTest::keyClick(picker.filterEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(picker.filterEdit(), Qt::Key_Delete);
    QCOMPARE(picker.visibleCount(), 9);
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

QTEST_MAIN(TestScenarioPicker)
#include "tst_scenariopicker.moc"
