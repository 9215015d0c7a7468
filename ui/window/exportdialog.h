#pragma once

#include "window/exportrequest.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;
class QCheckBox;

namespace tl::ui {

// Asks what to export and where: the format (PNG, SVG, PDF, Chrome JSON, CSV), for pictures the range
// (visible or whole run), the lanes (all, those in view, the selected one), width, scale, lane height and
// font scale, and the file (typed or browsed). The format and the file's
// suffix follow each other: picking a format changes the suffix, and typing or browsing a file whose
// suffix names a format picks that format. Options that do not apply to the format are disabled.
//
// Thread affinity: the GUI thread.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const ExportRequest& initial, QWidget* parent = nullptr);

    ExportRequest request() const;
    void setRequest(const ExportRequest& request);
    // Whether a lane is selected: "Selected lane" and marking the selection are offered only then.
    void setLaneSelected(bool selected);
    // Asks whether to replace an existing file (a question box by default): Export on a file that exists goes on
    // only if it says yes. A file the Browse dialog chose was asked about there, and is not asked about again.
    void setReplaceQuestion(std::function<bool(const QString& path)> ask);

    void accept() override;

private:
    void onFormatChanged();
    void onPathEdited(const QString& path); // the user's edit: a known suffix picks its format
    void enableOptionsForFormat();
    void browse();

    QComboBox* m_format;
    QComboBox* m_range;
    QComboBox* m_scale;
    QSpinBox* m_width;
    QComboBox* m_lanes;
    QSpinBox* m_laneHeight;
    QDoubleSpinBox* m_fontScale;
    QCheckBox* m_flows;
    QCheckBox* m_markSelection;
    bool m_laneSelected = true;
    QLineEdit* m_path;
    std::function<bool(const QString&)> m_askReplace;
    QString m_browsed; // the file the Browse dialog chose, asked about there
};

} // namespace tl::ui
