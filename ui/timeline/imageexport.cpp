#include "timeline/imageexport.h"

#include "base/outputfile.h"
#include "timeline/lanearrangement.h"
#include "timeline/svgtext.h"
#include "timeline/timelinerenderer.h"
#include "timeline/timelinetheme.h"
#include "trace/tracestore.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tl::ui {

namespace {

// Far below QImage's hard limits, and still a 6400 x 15000 picture: more is a mistake, not a picture.
constexpr double kMaxRasterPixels = 100'000'000.0;

// Short lessons get taller lanes (up to kMaxFittedLaneHeight) to fill this plot height, so that a slide is
// not a thin strip (join-order was 1600 x 193).
constexpr int kMinPlotHeight = 360;
constexpr int kMaxFittedLaneHeight = kMaxExportLaneHeight;

TimelineLayout arrangedLayout(const TraceStore& store, const ImageExportOptions& options, const QFont& font,
                              const LayoutOverrides& overrides = {})
{
    const LaneArrangement plain;
    QFont bold = font; // a selected lane's name is bold, and fits too
    bold.setBold(true);
    return TimelineLayout::build(store, options.arrangement ? *options.arrangement : plain, QFontMetrics(bold), nullptr,
                                 overrides);
}

LayoutOverrides exportRows(const TraceStore& store, const ImageExportOptions& options, const QFont& font)
{
    LayoutOverrides rows;
    switch (options.lanes) {
    case ExportLanes::All:
        break;
    case ExportLanes::Visible:
        // In view as the window draws them: at the arrangement's own lane height.
        rows =
            arrangedLayout(store, options, QGuiApplication::font()).rowsInView(options.viewScroll, options.viewHeight);
        break;
    case ExportLanes::Selected:
        rows.lanes.assign(store.laneCount(), false);
        rows.queues = false;
        if (!options.selection.isNone() && options.selection.lane < store.laneCount())
            rows.lanes[options.selection.lane] = true;
        break;
    }
    const int current = options.arrangement ? options.arrangement->laneHeight() : LaneArrangement::kDefaultLaneHeight;
    rows.laneHeight = readableLaneHeight(options.laneHeight, current, options.fontScale);
    if (options.laneHeight == 0) {
        const TimelineLayout layout = arrangedLayout(store, options, font, rows);
        rows.laneHeight =
            layout.fittingLaneHeight(kMinPlotHeight, rows.laneHeight, std::max(rows.laneHeight, kMaxFittedLaneHeight));
    }
    return rows;
}

RenderOptions renderOptions(const TraceStore& store, const ImageExportOptions& options)
{
    RenderOptions r;
    r.range = options.range.value_or(TimeRange{});
    r.showTitle = true;
    r.showLegend = true;
    r.showFlows = options.showFlows;
    r.nowTs = options.nowTs;
    r.selection = options.markSelection ? options.selection : Selection{};
    r.arrangement = options.arrangement;
    r.font = exportFont(options.fontScale);
    r.rows = exportRows(store, options, *r.font);
    return r;
}

QString pictureTitle(const TraceStore& store)
{
    const TraceMetadata& meta = store.metadata();
    const QString title = meta.scenarioTitle.isEmpty() ? QStringLiteral("Threadline")
                                                       : QStringLiteral("Threadline: %1").arg(meta.scenarioTitle);
    return meta.stopped    ? title + QStringLiteral(" (stopped)")
           : meta.cutShort ? title + QStringLiteral(" (cut short)")
                           : title;
}

QString pictureDescription(const TraceStore& store)
{
    const TraceMetadata& meta = store.metadata();
    QStringList params;
    for (const auto& [key, value] : meta.parameters)
        params << QStringLiteral("%1=%2").arg(key, value.toString());
    // A program run in CPython has no parameters: no empty "()" after its name.
    const QString values =
        params.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(params.join(QStringLiteral(", ")));
    return QStringLiteral("scenario %1%2 at speed %3").arg(meta.scenarioId, values, meta.speedText());
}

tl::Status writeBytes(const QString& path, const QByteArray& bytes)
{
    return writeFileAtomically(path, [&bytes](QIODevice& out) { return out.write(bytes) == bytes.size(); });
}

// One trace's picture within the file: a file holds one, or two (A above B) when runs are compared.
struct Panel {
    const TraceStore* store = nullptr;
    RenderOptions render;
    int height = 0;
};

// A single trace, or a comparison: every panel on one time axis from each run's start (0), so a moment
// of A is straight above the same moment of B.
std::vector<Panel> panelsFor(const std::vector<const TraceStore*>& stores, const ImageExportOptions& options)
{
    std::int64_t end = 0;
    for (const TraceStore* store : stores)
        end = std::max(end, store->endTs());
    std::vector<Panel> panels;
    for (std::size_t i = 0; i < stores.size(); ++i) {
        Panel panel{stores[i], renderOptions(*stores[i], options), 0};
        if (stores.size() > 1) {
            panel.render.titleLabel = QString(QLatin1Char(char('A' + i)));
            if (i > 0)
                panel.render.legendAlike = stores[0]; // one slice name, one colour, in both runs
            if (!options.range)
                panel.render.range = ViewState::clamped({0, std::max(end + end / 50, ViewState::kMinRangeNs)});
        }
        panels.push_back(panel);
    }
    if (panels.size() > 1) {
        // One moment at one x in every panel: each name column as wide as the widest run's names need.
        int widest = 0;
        for (const Panel& panel : panels)
            widest = std::max(
                widest, arrangedLayout(*panel.store, options, *panel.render.font, panel.render.rows).naturalNameWidth);
        for (Panel& panel : panels)
            panel.render.rows.minNameWidth = widest;
    }
    for (Panel& panel : panels)
        panel.height = TimelineRenderer::naturalHeight(*panel.store, panel.render, options.width);
    return panels;
}

int totalHeight(const std::vector<Panel>& panels)
{
    int height = 0;
    for (const Panel& panel : panels)
        height += panel.height;
    return height;
}

void paintPanels(QPainter& painter, const std::vector<Panel>& panels, int width)
{
    int y = 0;
    for (const Panel& panel : panels) {
        TimelineRenderer::render(painter, QRect(0, y, width, panel.height), *panel.store, panel.render);
        y += panel.height;
    }
}

QString panelsTitle(const std::vector<Panel>& panels)
{
    QStringList titles;
    for (const Panel& panel : panels)
        titles << pictureTitle(*panel.store);
    return titles.join(QStringLiteral(" compared with "));
}

QString panelsDescription(const std::vector<Panel>& panels)
{
    QStringList descriptions;
    for (const Panel& panel : panels)
        descriptions << pictureDescription(*panel.store);
    return descriptions.join(QStringLiteral("; "));
}

QByteArray renderSvg(const std::vector<Panel>& panels, const ImageExportOptions& options)
{
    const int height = totalHeight(panels);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(QSize(options.width, height));
    // The size is written in mm, from the resolution: a browser's 96 px per inch. At the default 72 a picture asked
    // 500 px wide was shown 667 px wide.
    generator.setResolution(96);
    generator.setViewBox(QRect(0, 0, options.width, height));
    generator.setTitle(panelsTitle(panels));
    generator.setDescription(panelsDescription(panels));
    QPainter painter(&generator);
    painter.setFont(exportFont(options.fontScale));
    paintPanels(painter, panels, options.width);
    painter.end();
    return withoutNonXmlCharacters(withGenericFontFamilies(buffer.data()));
}

QByteArray renderPdf(const std::vector<Panel>& panels, const ImageExportOptions& options)
{
    const int height = totalHeight(panels);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(panelsTitle(panels));
        writer.setCreator(QStringLiteral("Threadline"));
        // One logical pixel is one point: the page is exactly the picture.
        writer.setResolution(72);
        writer.setPageSize(
            QPageSize(QSizeF(options.width, height), QPageSize::Point, QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter(&writer);
        paintPanels(painter, panels, options.width);
        painter.end();
    }
    return buffer.data();
}

QImage renderRaster(const std::vector<Panel>& panels, const ImageExportOptions& options)
{
    QImage image(static_cast<int>(std::ceil(options.width * options.scale)),
                 static_cast<int>(std::ceil(totalHeight(panels) * options.scale)), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    image.setDevicePixelRatio(options.scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paintPanels(painter, panels, options.width);
    painter.end();
    return image;
}

tl::Status validatePanels(const std::vector<const TraceStore*>& stores, const ImageExportOptions& options,
                          ExportFormat format)
{
    for (const TraceStore* store : stores) {
        if (const tl::Status valid = validateImageExport(*store, options, format); !valid)
            return valid;
    }
    if (format != ExportFormat::Png)
        return tl::success();
    const double w = std::ceil(options.width * options.scale);
    const double h = std::ceil(totalHeight(panelsFor(stores, options)) * options.scale);
    if (w > kMaxRasterSide || h > kMaxRasterSide || w * h > kMaxRasterPixels)
        return tl::Status::failure(
            QStringLiteral("a %1 x %2 pixel PNG is too large; export SVG or PDF, or lower the scale or width")
                .arg(w)
                .arg(h));
    return tl::success();
}

tl::Status exportPanels(const std::vector<const TraceStore*>& stores, const QString& path, ExportFormat format,
                        const ImageExportOptions& options)
{
    if (const tl::Status valid = validatePanels(stores, options, format); !valid.ok())
        return valid;
    const std::vector<Panel> panels = panelsFor(stores, options);
    switch (format) {
    case ExportFormat::Png: {
        const QImage image = renderRaster(panels, options);
        if (image.isNull())
            return tl::Status::failure(QStringLiteral("not enough memory to render the picture"));
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            return tl::Status::failure(QStringLiteral("cannot encode the picture as PNG"));
        return writeBytes(path, buffer.data());
    }
    case ExportFormat::Svg:
        return writeBytes(path, renderSvg(panels, options));
    case ExportFormat::Pdf:
        return writeBytes(path, renderPdf(panels, options));
    default:
        break;
    }
    return tl::Status::failure(QStringLiteral("unknown picture format"));
}

} // namespace

QFont exportFont(double fontScale)
{
    QFont font(QString::fromLatin1(kExportFontFamily));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(std::max(kMinExportTextPixels, qRound(kExportTextPixels * fontScale)));
    return font;
}

int readableLaneHeight(int requested, int current, double fontScale)
{
    // A band label and its padding: the text's full height (descenders too) and 4 pixels each side.
    const int needed = QFontMetrics(exportFont(fontScale)).height() + 8;
    return std::clamp(std::max({requested > 0 ? requested : current, kMinExportLaneHeight, needed}),
                      kMinExportLaneHeight, std::max(needed, kMaxExportLaneHeight));
}

tl::Status validateImageExport(const TraceStore& store, const ImageExportOptions& options, ExportFormat format)
{
    if (options.width < kMinExportWidth || options.width > kMaxExportWidth)
        return tl::Status::failure(QStringLiteral("width %1 is out of range %2..%3")
                                       .arg(options.width)
                                       .arg(kMinExportWidth)
                                       .arg(kMaxExportWidth));
    if (!(options.scale >= kMinExportScale && options.scale <= kMaxExportScale))
        return tl::Status::failure(QStringLiteral("scale %1 is out of range %2..%3")
                                       .arg(options.scale)
                                       .arg(kMinExportScale)
                                       .arg(kMaxExportScale));
    if (options.laneHeight != 0 &&
        (options.laneHeight < kMinExportLaneHeight || options.laneHeight > kMaxExportLaneHeight))
        return tl::Status::failure(QStringLiteral("lane height %1 is out of range %2..%3")
                                       .arg(options.laneHeight)
                                       .arg(kMinExportLaneHeight)
                                       .arg(kMaxExportLaneHeight));
    if (!(options.fontScale >= kMinExportFontScale && options.fontScale <= kMaxExportFontScale))
        return tl::Status::failure(QStringLiteral("font scale %1 is out of range %2..%3")
                                       .arg(options.fontScale)
                                       .arg(kMinExportFontScale)
                                       .arg(kMaxExportFontScale));
    if (options.lanes == ExportLanes::Selected && options.selection.isNone())
        return tl::Status::failure(QStringLiteral("no lane is selected to export"));
    if (options.range && options.range->isEmpty())
        return tl::Status::failure(QStringLiteral("the time range to export is empty"));
    if (!isPictureFormat(format))
        return tl::Status::failure(
            QStringLiteral("%1 is no picture format (use .png, .svg or .pdf)").arg(suffixFor(format)));
    if (format == ExportFormat::Png) {
        const int height = TimelineRenderer::naturalHeight(store, renderOptions(store, options), options.width);
        const double w = std::ceil(options.width * options.scale);
        const double h = std::ceil(height * options.scale);
        if (w > kMaxRasterSide || h > kMaxRasterSide || w * h > kMaxRasterPixels)
            return tl::Status::failure(
                QStringLiteral("a %1 x %2 pixel PNG is too large; export SVG or PDF, or lower the "
                               "scale or width")
                    .arg(w)
                    .arg(h));
    }
    return tl::success();
}

QImage renderTimelineImage(const TraceStore& store, const ImageExportOptions& options)
{
    if (!validateImageExport(store, options, ExportFormat::Png).ok())
        return {};
    return renderRaster(panelsFor({&store}, options), options);
}

tl::Status exportTimelineImage(const TraceStore& store, const QString& path, ExportFormat format,
                               const ImageExportOptions& options)
{
    return exportPanels({&store}, path, format, options);
}

QImage renderComparisonImage(const TraceStore& a, const TraceStore& b, const ImageExportOptions& options)
{
    if (!validatePanels({&a, &b}, options, ExportFormat::Png).ok())
        return {};
    return renderRaster(panelsFor({&a, &b}, options), options);
}

tl::Status exportComparisonImage(const TraceStore& a, const TraceStore& b, const QString& path, ExportFormat format,
                                 const ImageExportOptions& options)
{
    return exportPanels({&a, &b}, path, format, options);
}

} // namespace tl::ui
