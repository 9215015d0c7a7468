#pragma once

#include "base/result.h"
#include "scenarios/parameter.h"

#include <QWidget>

#include <vector>

class QFormLayout;
class QLabel;
class QPushButton;

namespace tl {
struct Scenario;
}

namespace tl::ui {

// A form generated from a scenario's ParameterSpecs: a spin box per Int, a double spin box per Double, a
// check box per Bool, each with its label, its range and its help as tooltip. The editors accept any
// number so that a value out of range is not silently clamped: it is refused, with the reason from
// validateParameter() shown under the form, and values() fails until it is fixed.
//
// Invariants: one editor per spec of the current scenario, in declared order; errorText() is empty
// exactly when every value validates.
//
// Thread affinity: the GUI thread.
class ParameterForm : public QWidget {
    Q_OBJECT
public:
    explicit ParameterForm(QWidget* parent = nullptr);

    // Rebuilds the form for `scenario` (nullptr: empty), with its defaults.
    void setScenario(const tl::Scenario* scenario);
    // Sets the editors to `values` (e.g. those of a run being shown); unknown keys are ignored.
    void setValues(const tl::ParameterValues& values);
    void resetToDefaults();

    // The validated values, or the first problem.
    tl::Result<tl::ParameterValues> values() const;
    bool isValid() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }
    // The editor of `key` (QSpinBox, QDoubleSpinBox or QCheckBox), for tests and focus.
    QWidget* editor(const QString& key) const;

signals:
    void validityChanged(bool valid);
    void valuesEdited();

private:
    QVariant editorValue(std::size_t i) const;
    void setEditorValue(std::size_t i, const QVariant& value);
    void revalidate();

    std::vector<tl::ParameterSpec> m_specs;
    std::vector<QWidget*> m_editors;
    QFormLayout* m_form;
    QLabel* m_errorLabel;
    QLabel* m_emptyLabel;
    QPushButton* m_reset;            // shown with parameters to reset
    bool m_hiddenForProgram = false; // hidden by setScenario(nullptr)
    QString m_error;
};

} // namespace tl::ui
