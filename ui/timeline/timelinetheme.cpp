#include "timeline/timelinetheme.h"

#include <algorithm>
#include <optional>

namespace tl::ui {

namespace {

// Okabe & Ito (2008), "Color Universal Design".
const QColor kOrange(0xE6, 0x9F, 0x00);
const QColor kSkyBlue(0x56, 0xB4, 0xE9);
const QColor kBluishGreen(0x00, 0x9E, 0x73);
const QColor kYellow(0xF0, 0xE4, 0x42);
const QColor kBlue(0x00, 0x72, 0xB2);
const QColor kVermillion(0xD5, 0x5E, 0x00);
const QColor kReddishPurple(0xCC, 0x79, 0xA7);

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

TimelineTheme TimelineTheme::fromPalette(const QPalette& palette, const QFont& font)
{
    TimelineTheme t;
    const QColor base = palette.color(QPalette::Base);
    t.dark = base.lightnessF() < 0.5;
    t.background = base;
    t.text = palette.color(QPalette::Text);
    t.alternate = mix(base, t.text, 0.04);
    t.header = palette.color(QPalette::Window);
    t.mutedText = mix(t.text, base, 0.4);
    t.grid = mix(base, t.text, 0.12);
    t.highlight = palette.color(QPalette::Highlight);
    t.flow = mix(base, t.text, 0.55);
    t.nowLine = kVermillion;
    t.measure = t.dark ? kYellow : kBlue;
    t.counterLine = t.dark ? kSkyBlue : kBlue;
    t.counterFill = t.counterLine;
    t.counterFill.setAlphaF(0.3f);
    t.lifetime = mix(base, t.text, 0.45);

    const QColor grey = t.dark ? QColor(0x8C, 0x8C, 0x8C) : QColor(0x99, 0x99, 0x99);
    auto set = [&t](LaneState s, QColor c) { t.states[static_cast<std::size_t>(s)] = c; };
    set(LaneState::Running, kBluishGreen);
    set(LaneState::Task, mix(kBluishGreen, QColor(Qt::white), 0.45));
    set(LaneState::Sleeping, kSkyBlue);
    set(LaneState::BlockedGet, kOrange);
    set(LaneState::BlockedPut, kVermillion);
    set(LaneState::Joining, kReddishPurple);
    set(LaneState::QueueJoin, kYellow);
    set(LaneState::ExitWait, grey);
    // A start() waits for another thread, as a join does: the join's hue, toward vermillion (the mix at
    // least 60 from every state and slice colour, tst_timelinetheme).
    set(LaneState::Starting, mix(kReddishPurple, kVermillion, 0.4));
    // A wait for a future waits for a pool task's result as a get waits for an item: the get's hue, darker.
    set(LaneState::FutureWait, mix(kOrange, QColor(Qt::black), 0.4));
    // Socket I/O: one hue, four lightnesses, so the family reads as one and the operations still differ.
    set(LaneState::Accept, kBlue);
    set(LaneState::Recv, mix(kBlue, QColor(Qt::black), 0.3));
    set(LaneState::Send, mix(kBlue, QColor(Qt::white), 0.3));
    set(LaneState::Connect, mix(kBlue, QColor(Qt::white), 0.55));
    // The synchronization waits: darker or mixed Okabe & Ito hues, each at least 60 (RGB distance) from every
    // other state and slice colour (tst_timelinetheme), so that a lock wait never reads as a queue wait.
    set(LaneState::Acquire, mix(kVermillion, QColor(Qt::black), 0.6));
    set(LaneState::CondWait, mix(kYellow, kReddishPurple, 0.5));
    set(LaneState::EventWait, mix(kBluishGreen, kYellow, 0.5));
    set(LaneState::BarrierWait, mix(kBlue, QColor(Qt::black), 0.6));
    // A slice's own colour comes from its name (sliceColor); this one stands for slices as a whole.
    set(LaneState::Slice, sliceColor(u"slice"));

    t.font = font;
    t.smallFont = font;
    // A font sized in pixels (the exports') keeps its small text at kMinExportTextPixels or more.
    if (font.pixelSize() > 0)
        t.smallFont.setPixelSize(std::max(kMinExportTextPixels, qRound(font.pixelSize() * 0.85)));
    else
        t.smallFont.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.85));
    t.boldFont = font;
    t.boldFont.setBold(true);
    return t;
}

namespace {

// Eight hues (from ColorBrewer and d3's category20b) each at least 70 apart (RGB distance) from every state
// colour and 57 from each other: a slice never reads as a Threadline state, nor two slices as one.
const std::array<QColor, TimelineTheme::kSliceColors>& slicePalette()
{
    static const std::array<QColor, TimelineTheme::kSliceColors> palette{
        QColor(0xFF, 0xFF, 0xB3), QColor(0xFC, 0xCD, 0xE5), QColor(0x84, 0x3C, 0x39), QColor(0x63, 0x79, 0x39),
        QColor(0x6A, 0x3D, 0x9A), QColor(0xCC, 0xEB, 0xC5), QColor(0xBD, 0x9E, 0x39), QColor(0x33, 0xA0, 0x2C)};
    return palette;
}

std::size_t slicePaletteIndex(QStringView name)
{
    // FNV-1a over the UTF-16 code units: fixed, unlike qHash, which is seeded per process.
    std::uint32_t hash = 2166136261u;
    for (const QChar c : name)
        hash = (hash ^ c.unicode()) * 16777619u;
    return hash % TimelineTheme::kSliceColors;
}

} // namespace

QColor TimelineTheme::sliceColor(QStringView name)
{
    // Eight hues (from ColorBrewer and d3's category20b) each at least 70 apart (RGB distance) from every state
    // colour and 57 from each other: a slice never reads as a Threadline state, nor two slices as one.
    return slicePalette()[slicePaletteIndex(name)];
}

std::vector<QColor> TimelineTheme::distinctSliceColors(const QStringList& names)
{
    std::vector<QColor> colors;
    colors.reserve(static_cast<std::size_t>(names.size()));
    for (const QString& name : names)
        colors.push_back(freeSliceColor(name, colors).value_or(sliceColor(name)));
    return colors;
}

std::optional<QColor> TimelineTheme::freeSliceColor(QStringView name, const std::vector<QColor>& taken)
{
    const auto& palette = slicePalette();
    std::size_t i = slicePaletteIndex(name);
    for (std::size_t n = 0; n < kSliceColors; ++n, i = (i + 1) % kSliceColors) {
        if (std::find(taken.begin(), taken.end(), palette[i]) == taken.end())
            return palette[i];
    }
    return std::nullopt;
}

QColor TimelineTheme::textOn(const QColor& fill)
{
    const double luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return luminance > 0.45 ? QColor(Qt::black) : QColor(Qt::white);
}

QColor TimelineTheme::markerColor(EventKind kind) const
{
    switch (kind) {
    case EventKind::Start: // starts sit on green run bands: the text colour stands out
        return text;
    case EventKind::PutDone:
        return kVermillion;
    case EventKind::GetDone:
        return kOrange;
    case EventKind::TaskDone:
        return kYellow;
    case EventKind::Print:
        return text;
    case EventKind::Error:
        return QColor(0xD0, 0x10, 0x10);
    case EventKind::DaemonStopped:
        return kReddishPurple;
    case EventKind::Stopped:
        return grid.darker(200);
    case EventKind::Exit:
        return text;
    // The synchronization markers take the colour of the wait they end or cause.
    case EventKind::Acquired:
    case EventKind::Released:
        return stateColor(LaneState::Acquire);
    case EventKind::Notify:
    case EventKind::NotifyAll:
        return stateColor(LaneState::CondWait);
    case EventKind::EventSet:
    case EventKind::EventClear:
        return stateColor(LaneState::EventWait);
    case EventKind::BarrierBroken:
        return QColor(0xD0, 0x10, 0x10); // an error's red: the waiters raise BrokenBarrierError
    case EventKind::TimerFired:
        return kYellow;
    case EventKind::TimerCancelled:
        return grid.darker(200);
    case EventKind::Deadlock:
    case EventKind::Stall:
        return QColor(0xD0, 0x10, 0x10); // an error's red: the cycle, or the stall, never ends by itself
    default:
        return mutedText;
    }
}

} // namespace tl::ui
