#include "timeline/timelinepainters.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QFontMetrics>

namespace tl::ui {

namespace {

constexpr int kSwatch = 12;
constexpr int kItemGap = 18;
constexpr int kPadding = 8;

struct LegendItem {
    QString text;
    std::optional<LaneState> state;
    EventKind marker = EventKind::Start;
};

std::vector<LegendItem> legendItems()
{
    std::vector<LegendItem> items;
    // The legend names Threadline's own states and markers; an opened file's slices and marks carry their
    // own names.
    for (int s = 0; s < static_cast<int>(LaneState::Count_); ++s) {
        if (static_cast<LaneState>(s) != LaneState::Slice)
            items.push_back({stateLabel(static_cast<LaneState>(s)), static_cast<LaneState>(s), EventKind::Start});
    }
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        if (isMarkerKind(static_cast<EventKind>(k)) && static_cast<EventKind>(k) != EventKind::Mark)
            items.push_back({markerLabel(static_cast<EventKind>(k)), std::nullopt, static_cast<EventKind>(k)});
    }
    return items;
}

// Lays the items out in rows that wrap at `width`; calls place(item, rect) for each.
template <class F> int layoutLegend(const QFontMetrics& fm, int width, F&& place)
{
    const int lineHeight = std::max(kSwatch, fm.height()) + 6;
    int x = kPadding;
    int y = kPadding;
    for (const LegendItem& item : legendItems()) {
        const int w = kSwatch + 5 + fm.horizontalAdvance(item.text);
        if (x > kPadding && x + w > width - kPadding) {
            x = kPadding;
            y += lineHeight;
        }
        place(item, QRect(x, y, w, lineHeight - 6));
        x += w + kItemGap;
    }
    return y + lineHeight + kPadding - 6;
}

} // namespace

int legendHeight(const TimelineTheme& theme, int width)
{
    return layoutLegend(QFontMetrics(theme.smallFont), width, [](const LegendItem&, const QRect&) {});
}

void paintLegend(QPainter& p, const TimelineTheme& theme, const QRect& rect)
{
    p.save();
    p.fillRect(rect, theme.header);
    p.setPen(theme.grid);
    p.drawLine(rect.topLeft(), rect.topRight());
    p.setFont(theme.smallFont);
    const QFontMetrics fm(theme.smallFont, p.device());
    layoutLegend(fm, rect.width(), [&](const LegendItem& item, const QRect& r) {
        const QRect at = r.translated(rect.topLeft());
        const QRect swatch(at.left(), at.center().y() - kSwatch / 2, kSwatch, kSwatch);
        if (item.state) {
            p.fillRect(swatch, theme.stateColor(*item.state));
        } else {
            paintMarker(p, theme, item.marker,
                        QPointF(swatch.center()) + QPointF(0.5, item.marker == EventKind::Exit ? -4 : 0.5), 1);
        }
        p.setPen(theme.text);
        p.drawText(at.adjusted(kSwatch + 5, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, item.text);
    });
    p.restore();
}

int titleHeight(const TimelineTheme& theme, const TraceStore& store)
{
    const int lines = store.metadata().parameters.isEmpty() ? 1 : 2;
    return QFontMetrics(theme.boldFont).height() + (lines - 1) * QFontMetrics(theme.smallFont).height() + 14;
}

void paintTitle(QPainter& p, const TimelineTheme& theme, const TraceStore& store, const QRect& rect)
{
    const TraceMetadata& meta = store.metadata();
    p.save();
    p.fillRect(rect, theme.header);
    QString title = meta.scenarioTitle.isEmpty() ? QStringLiteral("Threadline trace") : meta.scenarioTitle;
    if (!meta.scenarioId.isEmpty())
        title += QStringLiteral("  (%1)").arg(meta.scenarioId);
    QFont bold = theme.boldFont;
    p.setFont(bold);
    p.setPen(theme.text);
    const QFontMetrics fm(bold, p.device());
    p.drawText(QRect(rect.left() + kPadding, rect.top() + 6, rect.width() - 2 * kPadding, fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(title, Qt::ElideRight, rect.width() - 2 * kPadding));
    if (!meta.parameters.isEmpty()) {
        QStringList parts;
        for (const auto& [name, value] : meta.parameters)
            parts << QStringLiteral("%1=%2").arg(name, value.toString());
        parts << QStringLiteral("speed %1x").arg(meta.speed);
        const QFontMetrics small(theme.smallFont, p.device());
        p.setFont(theme.smallFont);
        p.setPen(theme.mutedText);
        p.drawText(
            QRect(rect.left() + kPadding, rect.top() + 6 + fm.height(), rect.width() - 2 * kPadding, small.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            small.elidedText(parts.join(QStringLiteral(", ")), Qt::ElideRight, rect.width() - 2 * kPadding));
    }
    p.restore();
}

} // namespace tl::ui
