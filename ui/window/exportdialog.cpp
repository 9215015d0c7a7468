#include "window/exportdialog.h"

#include "timeline/imageexport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>

namespace tl::ui {

ExportDialog::ExportDialog(const ExportRequest& initial, QWidget* parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_range(new QComboBox(this))
    , m_scale(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_lanes(new QComboBox(this))
    , m_laneHeight(new QSpinBox(this))
    , m_fontScale(new QDoubleSpinBox(this))
    , m_flows(new QCheckBox(tr("Draw the arrows between threads"), this))
    , m_markSelection(new QCheckBox(tr("Mark the selection, as on screen"), this))
    , m_path(new QLineEdit(this))
{
    setWindowTitle(tr("Export"));
    m_format->addItem(tr("PNG picture"), static_cast<int>(ExportFormat::Png));
    m_format->addItem(tr("SVG picture"), static_cast<int>(ExportFormat::Svg));
    m_format->addItem(tr("PDF document"), static_cast<int>(ExportFormat::Pdf));
    m_format->addItem(tr("Chrome trace (JSON, for Perfetto)"), static_cast<int>(ExportFormat::ChromeJson));
    m_format->addItem(tr("CSV, one row per event"), static_cast<int>(ExportFormat::Csv));
    m_range->addItem(tr("Whole run"), true);
    m_range->addItem(tr("Visible range"), false);
    m_scale->addItem(tr("1x"), 1.0);
    m_scale->addItem(tr("2x (high DPI)"), 2.0);
    m_width->setRange(kMinExportWidth, kMaxExportWidth);
    m_width->setSuffix(tr(" px"));
    m_width->setSingleStep(100);
    m_lanes->addItem(tr("All lanes"), static_cast<int>(ExportLanes::All));
    m_lanes->addItem(tr("Lanes in view"), static_cast<int>(ExportLanes::Visible));
    m_lanes->addItem(tr("Selected lane"), static_cast<int>(ExportLanes::Selected));
    // 0 is the timeline's own height, raised to what the text needs.
    m_laneHeight->setRange(kMinExportLaneHeight - 1, kMaxExportLaneHeight);
    m_laneHeight->setSpecialValueText(tr("As on screen"));
    m_laneHeight->setSuffix(tr(" px"));
    m_fontScale->setRange(kMinExportFontScale, kMaxExportFontScale);
    m_fontScale->setSingleStep(0.25);
    m_fontScale->setDecimals(2);
    m_fontScale->setSuffix(tr("×"));

    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Time range:"), m_range);
    form->addRow(tr("Lanes:"), m_lanes);
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Lane height:"), m_laneHeight);
    form->addRow(tr("Text size:"), m_fontScale);
    form->addRow(tr("Scale:"), m_scale);
    form->addRow(QString(), m_flows);
    form->addRow(QString(), m_markSelection);
    form->addRow(tr("File:"), pathRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
    connect(m_path, &QLineEdit::textEdited, this, &ExportDialog::onPathEdited);
    connect(m_path, &QLineEdit::textChanged, this, [this, buttons](const QString& text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    m_askReplace = [this](const QString& path) {
        return QMessageBox::question(this, tr("Replace the file?"),
                                     tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path)),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    };
    setRequest(initial);
}

void ExportDialog::setLaneSelected(bool selected)
{
    const int at = m_lanes->findData(static_cast<int>(ExportLanes::Selected));
    if (!selected && m_lanes->currentIndex() == at)
        m_lanes->setCurrentIndex(m_lanes->findData(static_cast<int>(ExportLanes::All)));
    if (auto* model = qobject_cast<QStandardItemModel*>(m_lanes->model()))
        model->item(at)->setEnabled(selected);
    m_laneSelected = selected;
    enableOptionsForFormat();
}

void ExportDialog::setReplaceQuestion(std::function<bool(const QString&)> ask)
{
    m_askReplace = std::move(ask);
}

void ExportDialog::accept()
{
    const QString written = request().writtenPath();
    const QFileInfo target(written);
    if (target.exists() && written != m_browsed && !m_askReplace(target.absoluteFilePath()))
        return;
    QDialog::accept();
}

ExportRequest ExportDialog::request() const
{
    ExportRequest r;
    r.format = static_cast<ExportFormat>(m_format->currentData().toInt());
    r.path = m_path->text().trimmed();
    r.wholeRun = m_range->currentData().toBool();
    r.width = m_width->value();
    r.scale = m_scale->currentData().toDouble();
    r.showFlows = m_flows->isChecked();
    r.markSelection = m_markSelection->isChecked();
    r.lanes = static_cast<ExportLanes>(m_lanes->currentData().toInt());
    r.laneHeight = m_laneHeight->value() < kMinExportLaneHeight ? 0 : m_laneHeight->value();
    r.fontScale = m_fontScale->value();
    return r;
}

void ExportDialog::setRequest(const ExportRequest& r)
{
    m_path->setText(r.path);
    m_format->setCurrentIndex(m_format->findData(static_cast<int>(r.format)));
    m_range->setCurrentIndex(r.wholeRun ? 0 : 1);
    m_width->setValue(r.width);
    m_scale->setCurrentIndex(r.scale >= 1.5 ? 1 : 0);
    m_flows->setChecked(r.showFlows);
    m_markSelection->setChecked(r.markSelection);
    m_lanes->setCurrentIndex(m_lanes->findData(static_cast<int>(r.lanes)));
    m_laneHeight->setValue(r.laneHeight == 0 ? m_laneHeight->minimum() : r.laneHeight);
    m_fontScale->setValue(r.fontScale);
    onFormatChanged();
}

void ExportDialog::enableOptionsForFormat()
{
    const ExportRequest r = request();
    m_range->setEnabled(r.isPicture());
    m_width->setEnabled(r.isPicture());
    m_flows->setEnabled(r.isPicture());
    m_markSelection->setEnabled(r.isPicture() && m_laneSelected);
    m_lanes->setEnabled(r.isPicture());
    m_laneHeight->setEnabled(r.isPicture());
    m_fontScale->setEnabled(r.isPicture());
    m_scale->setEnabled(r.format == ExportFormat::Png);
}

void ExportDialog::onPathEdited(const QString& path)
{
    const Result<ExportFormat> named = exportFormatForPath(path.trimmed());
    if (!named)
        return; // no suffix yet, or an unknown one: the export appends the format's own
    // Without the signal, so the path being typed is not rewritten under the cursor.
    const QSignalBlocker quiet(m_format);
    m_format->setCurrentIndex(m_format->findData(static_cast<int>(*named)));
    enableOptionsForFormat();
}

void ExportDialog::onFormatChanged()
{
    enableOptionsForFormat();
    const ExportRequest r = request();
    if (!r.path.isEmpty()) {
        const QFileInfo info(r.path);
        const QString base = info.path() + QLatin1Char('/') + info.completeBaseName();
        m_path->setText(QDir::cleanPath(base + QLatin1Char('.') + suffixFor(r.format)));
    }
}

void ExportDialog::browse()
{
    const ExportRequest r = request();
    const QString filter = QStringLiteral("%1 (*.%2)").arg(m_format->currentText(), suffixFor(r.format));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), r.path, filter);
    if (!path.isEmpty()) {
        m_path->setText(path);
        onPathEdited(path);
        m_browsed = request().writtenPath(); // QFileDialog asked about replacing it
    }
}

} // namespace tl::ui
