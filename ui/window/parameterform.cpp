#include "window/parameterform.h"

#include "scenarios/scenario.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <limits>
#include <utility>

namespace tl::ui {

namespace {

QString rangeHint(const ParameterSpec& spec)
{
    if (spec.type == ParameterSpec::Type::Bool)
        return {};
    return QStringLiteral("%1 – %2").arg(spec.minimum.toString(), spec.maximum.toString());
}

const char* kInvalidProperty = "tlInvalid";

void markInvalid(QWidget* editor, bool invalid)
{
    if (editor->property(kInvalidProperty).toBool() == invalid)
        return;
    editor->setProperty(kInvalidProperty, invalid);
    editor->setStyleSheet(invalid ? QStringLiteral("background-color: rgba(213, 94, 0, 60);") : QString());
}

// A spin box the wheel changes only once it has focus (a click, Tab): a wheel over a form that scrolls passes to the
// form, as the user scrolling past its fields means, instead of changing the value under the pointer.
template <class Box> class WheelWhenFocused : public Box {
public:
    explicit WheelWhenFocused(QWidget* parent)
        : Box(parent)
    {
        this->setFocusPolicy(Qt::StrongFocus);
    }

protected:
    void wheelEvent(QWheelEvent* event) override
    {
        if (!this->hasFocus()) {
            event->ignore();
            return;
        }
        Box::wheelEvent(event);
    }
};

} // namespace

ParameterForm::ParameterForm(QWidget* parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_errorLabel(new QLabel(this))
    , m_emptyLabel(new QLabel(tr("This scenario has no parameters."), this))
    , m_reset(new QPushButton(tr("Defaults"), this))
{
    m_form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    // In a narrow panel a field goes under its label: side by side, the widest row set the panel's least width, and a
    // narrower dock cut the lesson's explanation and the range hints at its edge, behind a scroll bar.
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d55e00; font-weight: bold;"));
    m_errorLabel->hide();
    m_emptyLabel->setEnabled(false);
    m_reset->setToolTip(tr("Reset every parameter to the scenario's default"));
    connect(m_reset, &QPushButton::clicked, this, &ParameterForm::resetToDefaults);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("<b>Parameters</b>"), this));
    layout->addLayout(m_form);
    layout->addWidget(m_emptyLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_reset, 0, Qt::AlignLeft);
}

void ParameterForm::setScenario(const Scenario* scenario)
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    m_specs = scenario ? scenario->parameters : std::vector<ParameterSpec>{};
    m_emptyLabel->setVisible(m_specs.empty());
    // A lesson with none says so, with no Defaults to press; a program of the user's has no form at all.
    m_reset->setVisible(!m_specs.empty());
    if (!scenario) {
        hide();
        m_hiddenForProgram = true;
    } else if (std::exchange(m_hiddenForProgram, false)) {
        show(); // only what this hid: show() makes a form not yet in a panel a window of its own
    }

    for (const ParameterSpec& spec : m_specs) {
        QWidget* editor = nullptr;
        const QString tip =
            spec.help +
            (spec.type == ParameterSpec::Type::Bool ? QString() : QStringLiteral("\nAllowed: %1").arg(rangeHint(spec)));
        switch (spec.type) {
        case ParameterSpec::Type::Int: {
            auto* box = new WheelWhenFocused<QSpinBox>(this);
            // The full int range: an out-of-range entry must be seen and refused, not clamped silently.
            box->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
            connect(box, &QSpinBox::valueChanged, this, [this] {
                revalidate();
                emit valuesEdited();
            });
            editor = box;
            break;
        }
        case ParameterSpec::Type::Double: {
            auto* box = new WheelWhenFocused<QDoubleSpinBox>(this);
            box->setDecimals(3);
            box->setRange(-1e9, 1e9);
            box->setSingleStep(spec.maximum.toDouble() - spec.minimum.toDouble() > 10 ? 1.0 : 0.1);
            connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
                revalidate();
                emit valuesEdited();
            });
            editor = box;
            break;
        }
        case ParameterSpec::Type::Bool: {
            auto* box = new QCheckBox(this);
            connect(box, &QCheckBox::toggled, this, [this] {
                revalidate();
                emit valuesEdited();
            });
            editor = box;
            break;
        }
        }
        editor->setObjectName(spec.key);
        editor->setToolTip(tip);
        editor->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 10);
        auto* row = new QWidget(this);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->addWidget(editor);
        auto* hint = new QLabel(rangeHint(spec), row);
        hint->setEnabled(false);
        rowLayout->addWidget(hint);
        rowLayout->addStretch(1);
        auto* label = new QLabel(spec.label.isEmpty() ? spec.key : spec.label, this);
        label->setToolTip(tip);
        label->setBuddy(editor);
        m_form->addRow(label, row);
        m_editors.push_back(editor);
    }
    resetToDefaults();
}

void ParameterForm::setValues(const ParameterValues& values)
{
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const QVariant v = values.value(m_specs[i].key);
        if (v.isValid())
            setEditorValue(i, v);
    }
    revalidate();
}

void ParameterForm::resetToDefaults()
{
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        setEditorValue(i, m_specs[i].defaultValue);
    revalidate();
}

Result<ParameterValues> ParameterForm::values() const
{
    QList<QPair<QString, QVariant>> typed;
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        typed.append({m_specs[i].key, editorValue(i)});
    return resolveParameters(m_specs, typed);
}

QWidget* ParameterForm::editor(const QString& key) const
{
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        if (m_specs[i].key == key)
            return m_editors[i];
    return nullptr;
}

QVariant ParameterForm::editorValue(std::size_t i) const
{
    QWidget* w = m_editors[i];
    if (auto* box = qobject_cast<QSpinBox*>(w))
        return box->value();
    if (auto* box = qobject_cast<QDoubleSpinBox*>(w))
        return box->value();
    if (auto* box = qobject_cast<QCheckBox*>(w))
        return box->isChecked();
    return {};
}

void ParameterForm::setEditorValue(std::size_t i, const QVariant& value)
{
    QWidget* w = m_editors[i];
    const QSignalBlocker blocker(w);
    if (auto* box = qobject_cast<QSpinBox*>(w))
        box->setValue(value.toInt());
    else if (auto* box = qobject_cast<QDoubleSpinBox*>(w))
        box->setValue(value.toDouble());
    else if (auto* box = qobject_cast<QCheckBox*>(w))
        box->setChecked(value.toBool());
}

void ParameterForm::revalidate()
{
    QStringList problems;
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const Result<QVariant> checked = validateParameter(m_specs[i], editorValue(i));
        markInvalid(m_editors[i], !checked.ok());
        if (!checked.ok())
            problems << checked.error();
    }
    const QString error = problems.join(QLatin1Char('\n'));
    const bool validityChanges = error.isEmpty() != m_error.isEmpty();
    m_error = error;
    m_errorLabel->setText(error.isEmpty() ? QString() : tr("Refused: %1").arg(error));
    m_errorLabel->setVisible(!error.isEmpty());
    if (validityChanges)
        emit validityChanged(error.isEmpty());
}

} // namespace tl::ui
