#include "window/exporter.h"

#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/exportdialog.h"
#include "window/exportwriter.h"
#include "window/runcontroller.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QWidget>

#include <algorithm>

namespace tl::ui {

namespace {

// A picture of both runs: the range, sizes and flows as asked; A's own arrangement, rows in view and selection are
// not B's, so both are drawn as a fresh view draws them, as the command line's --compare does.
ImageExportOptions comparisonOptions(ImageExportOptions options)
{
    options.arrangement = nullptr;
    options.lanes = ExportLanes::All;
    options.viewScroll = 0;
    options.viewHeight = ImageExportOptions::kViewHeight;
    options.selection = {};
    options.nowTs = -1; // B's run is not live: each is drawn to its own end
    return options;
}

} // namespace

Exporter::Exporter(RunController* runs, ViewState* state, QWidget* dialogParent)
    : QObject(dialogParent)
    , m_runs(runs)
    , m_state(state)
    , m_dialogParent(dialogParent)
{
}

tl::Status Exporter::exportFile(const ExportRequest& request)
{
    const TraceStore* store = m_runs->store();
    if (!store)
        return tl::Status::failure(tr("There is nothing to export yet: run a scenario first."));
    if (request.path.isEmpty())
        return tl::Status::failure(tr("No file name was given."));
    const QString written = request.writtenPath();
    ImageExportOptions options;
    options.width = request.width;
    options.scale = request.format == ExportFormat::Png ? request.scale : 1.0;
    if (!request.wholeRun)
        options.range = m_state->range();
    options.showFlows = request.showFlows;
    options.selection = m_state->selection();
    options.markSelection = request.markSelection;
    options.arrangement = m_arrangement;
    options.laneHeight = request.laneHeight;
    options.fontScale = request.fontScale;
    options.lanes = request.lanes;
    options.nowTs = m_runs->isRunning() ? m_runs->nowTs() : -1;
    if (m_timeline) {
        options.viewScroll = m_timeline->rowsScroll();
        options.viewHeight = m_timeline->plotRect().height();
    }
    const TraceStore* runB = m_runB ? m_runB() : nullptr;
    const tl::Status status =
        runB && isPictureFormat(request.format)
            ? exportComparisonImage(*store, *runB, written, request.format, comparisonOptions(options))
            : writeExport(*store, written, request.format, options);
    if (status.ok()) {
        m_last = request;
        m_last->path = written;
        emit exported(written);
    }
    return status;
}

tl::Status Exporter::copyImage()
{
    const TraceStore* store = m_runs->store();
    if (!store)
        return tl::Status::failure(tr("There is nothing to copy yet: run a scenario first."));
    ImageExportOptions options;
    options.width = m_dialogParent ? std::clamp(m_dialogParent->width(), kMinExportWidth, 3000) : 1600;
    options.scale = m_dialogParent ? std::clamp(m_dialogParent->devicePixelRatioF(), 1.0, 2.0) : 1.0;
    options.range = m_state->range();
    options.nowTs = m_runs->isRunning() ? m_runs->nowTs() : -1;
    options.showFlows = m_state->flowsVisible();
    options.selection = m_state->selection();
    options.arrangement = m_arrangement;
    const TraceStore* runB = m_runB ? m_runB() : nullptr;
    if (const tl::Status valid = validateImageExport(*store, options, ExportFormat::Png); !valid.ok())
        return valid;
    const QImage image =
        runB ? renderComparisonImage(*store, *runB, comparisonOptions(options)) : renderTimelineImage(*store, options);
    if (image.isNull())
        return tl::Status::failure(tr("Not enough memory to render the picture."));
    QGuiApplication::clipboard()->setImage(image);
    return tl::success();
}

ExportRequest Exporter::proposal(std::optional<ExportFormat> format) const
{
    ExportRequest r = m_last.value_or(ExportRequest{});
    if (format)
        r.format = *format;
    const TraceStore* store = m_runs->store();
    QString scenario =
        store && !store->metadata().scenarioId.isEmpty() ? store->metadata().scenarioId : QStringLiteral("threadline");
    // A script's run is named by its file ("prog.py"): the proposal is prog-timeline.png, not prog.py-timeline.png.
    if (scenario.endsWith(QStringLiteral(".py")))
        scenario.chop(3);
    const QString dir = m_last ? QFileInfo(m_last->path).absolutePath() : QDir::currentPath();
    const QString base =
        r.isPicture() ? QStringLiteral("%1-timeline").arg(scenario) : QStringLiteral("%1-trace").arg(scenario);
    r.path = QDir(dir).filePath(base + QLatin1Char('.') + suffixFor(r.format));
    return r;
}

void Exporter::exportInteractive(std::optional<ExportFormat> format)
{
    ExportDialog dialog(proposal(format), m_dialogParent);
    dialog.setLaneSelected(!m_state->selection().isNone());
    while (dialog.exec() == QDialog::Accepted) {
        const tl::Status status = exportFile(dialog.request());
        if (status.ok())
            return;
        QMessageBox::critical(m_dialogParent, tr("Export failed"), status.error());
    }
}

} // namespace tl::ui
