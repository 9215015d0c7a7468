#include "scenarios/scenario.h"
#include "window/parameterform.h"

#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QWheelEvent>

using namespace tl;
using namespace tl::ui;

namespace {

Scenario formScenario()
{
    Scenario s;
    s.id = QStringLiteral("test-form");
    s.parameters = {
        {QStringLiteral("workers"), QStringLiteral("Workers"), ParameterSpec::Type::Int, 5, 1, 1000,
         QStringLiteral("How many threads")},
        {QStringLiteral("interval"), QStringLiteral("Interval"), ParameterSpec::Type::Double, 0.5, 0.0, 10.0,
         QStringLiteral("Seconds between puts")},
        {QStringLiteral("daemon"),
         QStringLiteral("Daemon"),
         ParameterSpec::Type::Bool,
         true,
         {},
         {},
         QStringLiteral("Make the workers daemons")},
    };
    return s;
}

} // namespace

class TestParameterForm : public QObject {
    Q_OBJECT
private slots:
    void buildsOneEditorPerSpec();
    void defaultsValidate();
    void refusesOutOfRange_data();
    void refusesOutOfRange();
    void acceptsEdgesOfTheRange();
    void setValuesAndReset();
    void theWheelChangesOnlyAFocusedField();
    void aNarrowPanelPutsFieldsUnderTheirLabels();
    void noParametersNoDefaultsNoProgramNoForm();
};

void TestParameterForm::buildsOneEditorPerSpec()
{
    const Scenario s = formScenario();
    ParameterForm form;
    form.setScenario(&s);
    QVERIFY(qobject_cast<QSpinBox*>(form.editor(QStringLiteral("workers"))));
    QVERIFY(qobject_cast<QDoubleSpinBox*>(form.editor(QStringLiteral("interval"))));
    QVERIFY(qobject_cast<QCheckBox*>(form.editor(QStringLiteral("daemon"))));
    QCOMPARE(form.editor(QStringLiteral("nope")), nullptr);
    QVERIFY(form.editor(QStringLiteral("workers"))->toolTip().contains(QStringLiteral("How many threads")));
    form.setScenario(nullptr);
    QCOMPARE(form.editor(QStringLiteral("workers")), nullptr);
}

void TestParameterForm::defaultsValidate()
{
    const Scenario s = formScenario();
    ParameterForm form;
    form.setScenario(&s);
    QVERIFY(form.isValid());
    const auto values = form.values();
    QVERIFY(values.ok());
    QCOMPARE(values->toInt(QStringLiteral("workers")), 5);
    QCOMPARE(values->toDouble(QStringLiteral("interval")), 0.5);
    QCOMPARE(values->toBool(QStringLiteral("daemon")), true);
}

void TestParameterForm::refusesOutOfRange_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("reason");
    QTest::newRow("workers below the minimum") << "workers" << 0.0 << "workers = 0 is out of range 1..1000";
    QTest::newRow("workers above the maximum") << "workers" << 1001.0 << "workers = 1001 is out of range 1..1000";
    QTest::newRow("interval negative") << "interval" << -0.5 << "interval = -0.5 is out of range 0..10";
    QTest::newRow("interval too long") << "interval" << 10.5 << "interval = 10.5 is out of range 0..10";
}

void TestParameterForm::refusesOutOfRange()
{
    QFETCH(QString, key);
    QFETCH(double, value);
    QFETCH(QString, reason);
    const Scenario s = formScenario();
    ParameterForm form;
    form.show();
    form.setScenario(&s);
    QSignalSpy validity(&form, &ParameterForm::validityChanged);
    QWidget* editor = form.editor(key);
    if (auto* box = qobject_cast<QSpinBox*>(editor))
        box->setValue(static_cast<int>(value));
    else
        qobject_cast<QDoubleSpinBox*>(editor)->setValue(value);
    // The spin box kept the value: refused, not silently clamped.
    QVERIFY(!form.isValid());
    QCOMPARE(validity.count(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), false);
    QCOMPARE(form.errorText(), reason);
    QVERIFY(!form.values().ok());
    QCOMPARE(form.values().error(), reason);
    // The reason is on screen.
    bool shown = false;
    for (QLabel* label : form.findChildren<QLabel*>())
        shown = shown || (label->isVisible() && label->text().contains(reason));
    QVERIFY(shown);

    form.resetToDefaults();
    QVERIFY(form.isValid());
    QCOMPARE(validity.count(), 2);
}

void TestParameterForm::acceptsEdgesOfTheRange()
{
    const Scenario s = formScenario();
    ParameterForm form;
    form.setScenario(&s);
    qobject_cast<QSpinBox*>(form.editor(QStringLiteral("workers")))->setValue(1000);
    qobject_cast<QDoubleSpinBox*>(form.editor(QStringLiteral("interval")))->setValue(0.0);
    qobject_cast<QCheckBox*>(form.editor(QStringLiteral("daemon")))->setChecked(false);
    const auto values = form.values();
    QVERIFY(values.ok());
    QCOMPARE(values->toInt(QStringLiteral("workers")), 1000);
    QCOMPARE(values->toDouble(QStringLiteral("interval")), 0.0);
    QCOMPARE(values->toBool(QStringLiteral("daemon")), false);
}

void TestParameterForm::setValuesAndReset()
{
    const Scenario s = formScenario();
    ParameterForm form;
    form.setScenario(&s);
    ParameterValues v;
    v.set(QStringLiteral("workers"), 7);
    v.set(QStringLiteral("unknown"), 3);
    form.setValues(v);
    QCOMPARE(form.values()->toInt(QStringLiteral("workers")), 7);
    form.resetToDefaults();
    QCOMPARE(form.values()->toInt(QStringLiteral("workers")), 5);
}

// A wheel over the form scrolls it: it changes a field only once the field has focus.
void TestParameterForm::theWheelChangesOnlyAFocusedField()
{
    const Scenario s = formScenario();
    ParameterForm form;
    form.setScenario(&s);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    auto* workers = form.findChild<QSpinBox*>(QStringLiteral("workers"));
    QVERIFY(workers);
    const auto wheel = [workers] {
        const QPointF at = workers->rect().center();
        QWheelEvent up(at, workers->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                       Qt::NoScrollPhase, false);
        QApplication::sendEvent(workers, &up);
        return up.isAccepted();
    };
    QVERIFY(!wheel());
    QCOMPARE(workers->value(), 5);
    workers->setFocus();
    QTRY_VERIFY(workers->hasFocus());
    QVERIFY(wheel());
    QCOMPARE(workers->value(), 6);
}

// The form's least width was its widest label and field side by side: a Scenarios dock narrowed below it cut the
// lesson's explanation and the range hints at its edge, behind a horizontal scroll bar.
void TestParameterForm::aNarrowPanelPutsFieldsUnderTheirLabels()
{
    const Scenario s = formScenario();
    ParameterForm form;
    form.setScenario(&s);
    int widestLabel = 0;
    int widestField = 0;
    const auto* layout = form.findChild<QFormLayout*>();
    QVERIFY(layout);
    for (int row = 0; row < layout->rowCount(); ++row) {
        if (QLayoutItem* label = layout->itemAt(row, QFormLayout::LabelRole))
            widestLabel = std::max(widestLabel, label->minimumSize().width());
        if (QLayoutItem* field = layout->itemAt(row, QFormLayout::FieldRole))
            widestField = std::max(widestField, field->minimumSize().width());
    }
    QVERIFY(widestLabel > 0 && widestField > 0);
    QVERIFY2(
        form.minimumSizeHint().width() < widestLabel + widestField,
        qPrintable(
            QStringLiteral("%1 vs %2 + %3").arg(form.minimumSizeHint().width()).arg(widestLabel).arg(widestField)));
}

// A lesson with no parameters showed a Defaults button that did nothing, and a program of the user's, which has no
// parameters at all, the lessons' form (a user-tester).
void TestParameterForm::noParametersNoDefaultsNoProgramNoForm()
{
    QWidget panel;
    auto* form = new ParameterForm(&panel);
    panel.show();
    const auto defaults = [form] {
        for (QPushButton* button : form->findChildren<QPushButton*>())
            if (button->text() == QLatin1String("Defaults"))
                return button;
        return static_cast<QPushButton*>(nullptr);
    };
    QVERIFY(defaults());
    const Scenario s = formScenario();
    form->setScenario(&s);
    QVERIFY(form->isVisible() && defaults()->isVisible());
    Scenario none = s;
    none.parameters.clear();
    form->setScenario(&none);
    QVERIFY(form->isVisible());
    QVERIFY(!defaults()->isVisible());
    form->setScenario(nullptr);
    QVERIFY(!form->isVisible());
}

QTEST_MAIN(TestParameterForm)
#include "tst_parameterform.moc"
