// The State at t panel's columns: every thread's state in words beside its name and how long it has been so.

#include "timeline/viewstate.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"
#include "window/stateatpanel.h"

#include <QTest>
#include <QTreeWidget>

using namespace tl;
using namespace tl::ui;

class TestStateAtPanel : public QObject {
    Q_OBJECT

private slots:
    void aLongNameLeavesTheStateItsRoom();
};

// Beside names as wide as they needed ("Thread-3 (consumer) (daemon)"), the docked panel elided every state to
// "sleeping..." (a user-tester). The names take at most two fifths of the panel, the times what they need, and the
// state the rest; a name cut short reads whole in its tooltip.
void TestStateAtPanel::aLongNameLeavesTheStateItsRoom()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const QString name = QStringLiteral("a worker thread whose name is longer than the panel is wide");
    Event created{0, 0, 0, EventKind::ThreadCreated};
    created.b = strings->intern(name);
    store.append(std::vector<Event>{created, {10, 0, 1, EventKind::RunBegin}, {20, 0, 2, EventKind::SleepBegin}});

    ViewState state;
    state.setScrubAllowed(true);
    StateAtPanel panel(&state);
    panel.resize(380, 240);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setStore(&store);
    state.setPlayhead(30);
    QCOMPARE(panel.rows().size(), 1);
    QVERIFY2(panel.rows().first().contains(QStringLiteral("\tsleeping")), qPrintable(panel.rows().first()));

    const QTreeWidget* tree = panel.tree();
    const int room = tree->viewport()->width();
    QVERIFY2(tree->columnWidth(0) <= room * 2 / 5, qPrintable(QString::number(tree->columnWidth(0))));
    QVERIFY2(tree->columnWidth(1) >= room / 3, qPrintable(QString::number(tree->columnWidth(1))));
    QCOMPARE(tree->topLevelItem(0)->toolTip(0), name);

    // Wider, the name gets its whole width back.
    panel.resize(1200, 240);
    QTRY_VERIFY(tree->columnWidth(0) < tree->viewport()->width() * 2 / 5);
    QVERIFY(tree->columnWidth(0) >= tree->fontMetrics().horizontalAdvance(name));
}

QTEST_MAIN(TestStateAtPanel)
#include "tst_stateatpanel.moc"
