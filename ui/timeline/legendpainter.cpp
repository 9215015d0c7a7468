#include "timeline/timelinepainters.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QFontMetrics>
#include <QHash>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace tl::ui {

namespace {

constexpr int kSwatch = 12;
constexpr int kItemGap = 18;
constexpr int kPadding = 8;

// Another tool's slices are coloured by their names, not by a state: the legend names them, those that take the
// most time first (ties by name, so that the legend does not shift between two paints of one trace), as many as there
// are colours told apart; the rest are counted, and share a grey.
//
// With `alike` (run A's legend, this trace being B of a comparison), a colour means one name in both runs: each name
// A lists is listed in A's colour wherever B has it, however little of B's time it takes; B's other names are listed,
// the most time first, only in the colours A does not use (none when A lists eight names), the rest counted. A name
// A leaves out (its grey there) is one of B's other names.
void addSliceNames(Legend& items, const TraceStore& store, const Legend* alike)
{
    QHash<QString, std::int64_t> time;
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        for (const Span& s : store.lane(id).spans) {
            if (s.state == LaneState::Slice)
                time[store.text(s.detail)] += (s.isOpen() ? store.endTs() : s.end) - s.begin;
        }
    }
    std::vector<std::pair<QString, std::int64_t>> names(time.keyValueBegin(), time.keyValueEnd());
    std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
        return a.second > b.second || (a.second == b.second && a.first < b.first);
    });

    QHash<QString, QColor> colourOf; // the names listed, with their colours
    std::vector<QColor> taken;       // A's colours, and those given here
    for (const LegendItem& item : alike ? *alike : Legend{}) {
        if (item.kind != LegendItem::Kind::Slice)
            continue;
        taken.push_back(item.colour);
        if (time.contains(item.sliceName))
            colourOf.insert(item.sliceName, item.colour);
    }
    for (const auto& [name, ns] : names) {
        if (colourOf.contains(name))
            continue;
        const std::optional<QColor> colour = TimelineTheme::freeSliceColor(name, taken);
        if (!colour)
            break; // every colour has its name: the rest are counted
        colourOf.insert(name, *colour);
        taken.push_back(*colour);
    }

    std::size_t listed = 0;
    for (const auto& [name, ns] : names) { // in order of time, A's names among the others
        if (!colourOf.contains(name))
            continue;
        items.push_back({LegendItem::Kind::Slice, sliceLabel(name), LaneState::Slice, EventKind::Start,
                         colourOf.value(name), name});
        ++listed;
    }
    const std::size_t more = names.size() - listed;
    if (more > 0)
        items.push_back({LegendItem::Kind::More,
                         more == 1 ? QObject::tr("and 1 more name") : QObject::tr("and %1 more names").arg(more)});
}

} // namespace

bool UsedKinds::add(const Event& e)
{
    bool added = false;
    if (schemaOf(e.kind).span == SpanEffect::Open) {
        if (const std::optional<LaneState> state = spanStateOf(e))
            added = !std::exchange(states[std::size_t(*state)], true);
    }
    if (isMarkerKind(e.kind))
        added = !std::exchange(markers[std::size_t(markerKindOf(e))], true) || added;
    return added;
}

UsedKinds usedKindsOf(const TraceStore& store)
{
    UsedKinds used;
    for (EventId id = 0; id < store.eventCount(); ++id)
        used.add(store.event(id));
    return used;
}

namespace {

// The lifetime track always comes first after running: it is on every picture with a thread. `used` null: every
// state and marker kind.
Legend legendOf(const UsedKinds* used, const TraceStore* store, const Legend* alike)
{
    Legend items;
    // Threadline's own states and markers; another tool's slices by their names. Its marks carry their own names,
    // each told where it is drawn.
    for (int s = 0; s < static_cast<int>(LaneState::Count_); ++s) {
        const auto state = static_cast<LaneState>(s);
        if (state == LaneState::Slice) {
            if (used && store && used->states[std::size_t(s)])
                addSliceNames(items, *store, alike);
            continue;
        }
        if (!used || used->states[std::size_t(s)])
            items.push_back({LegendItem::Kind::State, stateLabel(state), state});
        if (state == LaneState::Running && (!used || used->states[0]))
            items.push_back({LegendItem::Kind::Lifetime, QObject::tr("alive (lifetime)")});
    }
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        const auto kind = static_cast<EventKind>(k);
        if (isMarkerKind(kind) && kind != EventKind::Mark && (!used || used->markers[std::size_t(k)]))
            items.push_back({LegendItem::Kind::Marker, markerLabel(kind), LaneState::Running, kind});
    }
    return items;
}

} // namespace

Legend legendOf(const UsedKinds& used)
{
    return legendOf(&used, nullptr, nullptr);
}

Legend legendOf(const TraceStore* store, const Legend* alike)
{
    if (!store)
        return legendOf(nullptr, nullptr, alike);
    const UsedKinds used = usedKindsOf(*store);
    return legendOf(&used, store, alike);
}

namespace {

// A slice's name may be a whole call signature: the legend shows at most this much of it.
constexpr int kMaxNameWidth = 220;

// The words of an item as the legend shows them.
QString shownText(const QFontMetrics& fm, const LegendItem& item)
{
    return item.kind == LegendItem::Kind::Slice ? fm.elidedText(item.text, Qt::ElideRight, kMaxNameWidth) : item.text;
}

// Where an item's words begin: after its swatch (the names left out have one too, in their grey).
constexpr int kTextOffset = kSwatch + 5;

// Lays the items out in rows that wrap at `width`; calls place(item, rect) for each.
template <class F> int layoutLegend(const QFontMetrics& fm, int width, const Legend& items, F&& place)
{
    const int lineHeight = std::max(kSwatch, fm.height()) + 6;
    int x = kPadding;
    int y = kPadding;
    if (items.empty())
        return 0;
    for (const LegendItem& item : items) {
        const int w = kTextOffset + fm.horizontalAdvance(shownText(fm, item));
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

QStringList legendTexts(const Legend& legend)
{
    QStringList texts;
    for (const LegendItem& item : legend)
        texts << item.text;
    return texts;
}

QHash<QString, QColor> sliceColoursOf(const Legend& legend)
{
    QHash<QString, QColor> colours;
    for (const LegendItem& item : legend) {
        if (item.kind == LegendItem::Kind::Slice)
            colours.insert(item.sliceName, item.colour);
    }
    return colours;
}

int legendHeight(const TimelineTheme& theme, int width, const Legend& legend)
{
    return layoutLegend(QFontMetrics(theme.smallFont), width, legend, [](const LegendItem&, const QRect&) {});
}

void paintLegend(QPainter& p, const TimelineTheme& theme, const QRect& rect, const Legend& legend)
{
    p.save();
    p.fillRect(rect, theme.header);
    p.setPen(theme.grid);
    p.drawLine(rect.topLeft(), rect.topRight());
    p.setFont(theme.smallFont);
    const QFontMetrics fm(theme.smallFont, p.device());
    layoutLegend(fm, rect.width(), legend, [&](const LegendItem& item, const QRect& r) {
        const QRect at = r.translated(rect.topLeft());
        const QRect swatch(at.left(), at.center().y() - kSwatch / 2, kSwatch, kSwatch);
        if (item.kind == LegendItem::Kind::State) {
            p.fillRect(swatch, theme.stateColor(item.state));
        } else if (item.kind == LegendItem::Kind::Slice) {
            p.fillRect(swatch, item.colour);
        } else if (item.kind == LegendItem::Kind::More) {
            p.fillRect(swatch, theme.lifetime); // the names left out share one grey (sliceColourOf)
        } else if (item.kind == LegendItem::Kind::Lifetime) {
            p.fillRect(QRect(swatch.left(), swatch.bottom() - 3, swatch.width(), 3), theme.lifetime);
        } else if (item.kind == LegendItem::Kind::Marker) {
            paintMarker(p, theme, item.marker,
                        QPointF(swatch.center()) + QPointF(0.5, item.marker == EventKind::Exit ? -4 : 0.5), 1, 4.5);
        }
        p.setPen(theme.text);
        p.drawText(at.adjusted(kTextOffset, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, shownText(fm, item));
    });
    p.restore();
}

int titleHeight(const TimelineTheme& theme, const TraceStore& store)
{
    const int lines = store.metadata().parameters.isEmpty() ? 1 : 2;
    return QFontMetrics(theme.boldFont).height() + (lines - 1) * QFontMetrics(theme.smallFont).height() + 14;
}

QString runTitle(const TraceMetadata& meta, const QString& label)
{
    QString title = meta.scenarioTitle.isEmpty() ? QStringLiteral("Threadline trace") : meta.scenarioTitle;
    // A lesson's id, which --scenario takes, after its title, whatever the title's words (a reviewer compared "A Lock:
    // ...  (lock)" with "A race: ..." and no id), in the engine or in CPython, run here or read back; a script's
    // title is its file's name, or its module's, already.
    const QString program = meta.script.isEmpty() ? meta.module : meta.script.section(QLatin1Char('/'), -1);
    if (!meta.scenarioId.isEmpty() && (program.isEmpty() || !title.contains(program)))
        title += QStringLiteral("  (%1)").arg(meta.scenarioId);
    if (meta.stopped)
        title += QStringLiteral("  \u2014 stopped before its end");
    else if (meta.cutShort)
        title += QStringLiteral("  \u2014 cut short: its file ends before the trace does");
    if (!label.isEmpty())
        title = QStringLiteral("%1:  %2").arg(label, title);
    return title;
}

void paintTitle(QPainter& p, const TimelineTheme& theme, const TraceStore& store, const QRect& rect,
                const QString& label)
{
    const TraceMetadata& meta = store.metadata();
    p.save();
    p.fillRect(rect, theme.header);
    const QString title = runTitle(meta, label);
    QFont bold = theme.boldFont;
    p.setFont(bold);
    p.setPen(theme.text);
    const QFontMetrics fm(bold, p.device());
    p.drawText(QRect(rect.left() + kPadding, rect.top() + 6, rect.width() - 2 * kPadding, fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip,
               fm.elidedText(title, Qt::ElideRight, rect.width() - 2 * kPadding));
    if (!meta.parameters.isEmpty()) {
        QStringList parts;
        for (const auto& [name, value] : meta.parameters)
            parts << QStringLiteral("%1=%2").arg(name, value.toString());
        parts << (meta.isMaxSpeed() ? QStringLiteral("speed max") : QStringLiteral("speed %1x").arg(meta.speed));
        const QFontMetrics small(theme.smallFont, p.device());
        p.setFont(theme.smallFont);
        p.setPen(theme.mutedText);
        // Not clipped to the line: an underscore sits at or under the font's descent, and a rect exactly
        // small.height() tall cut it off at 1x ("foo_seconds" read "foo seconds").
        p.drawText(
            QRect(rect.left() + kPadding, rect.top() + 6 + fm.height(), rect.width() - 2 * kPadding, small.height()),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip,
            small.elidedText(parts.join(QStringLiteral(", ")), Qt::ElideRight, rect.width() - 2 * kPadding));
    }
    p.restore();
}

} // namespace tl::ui
