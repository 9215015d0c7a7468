#pragma once

#include "trace/event.h"
#include "trace/lanestate.h"
#include "trace/tracestore.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace tl::ui {

// The smallest text an exported picture carries, in logical pixels: readable on a projected slide.
inline constexpr int kMinExportTextPixels = 11;

// The timeline's colours and fonts, derived from a QPalette so the picture reads on light and dark
// desktops. State colours follow the Okabe–Ito palette (distinguishable with the common colour-vision
// deficiencies); on a dark palette they are kept, but the neutral colours around them follow the
// palette. A value type: build one per frame or per palette change.
struct TimelineTheme {
    bool dark = false;
    QColor background; // the plot
    QColor alternate;  // every other lane
    QColor header;     // ruler and name column
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor highlight; // selection
    QColor flow;      // arrows, unselected
    QColor nowLine;
    QColor measure;
    QColor counterFill;
    QColor counterLine;
    QColor lifetime; // a thread's lifetime track, and another tool's slices the legend leaves out: neutral, never a
                     // state colour nor a listed slice's
    std::array<QColor, static_cast<std::size_t>(LaneState::Count_)> states; // one per state: set all in fromPalette
    QFont font;
    QFont smallFont;
    QFont boldFont;

    static TimelineTheme fromPalette(const QPalette& palette, const QFont& font);

    QColor stateColor(LaneState state) const { return states[static_cast<std::size_t>(state)]; }
    // A slice of another tool (LaneState::Slice) by its name: the same name always gets the same colour, in
    // every file and run (a fixed hash of the text, not of a string id), from a palette kept apart from the
    // state colours so that a foreign slice never reads as a Threadline state.
    static QColor sliceColor(QStringView name);
    // How many slice colours there are, all told apart.
    static constexpr std::size_t kSliceColors = 8;
    // A colour for each of `names` (one trace's, the most shown first): the first kSliceColors all different, each
    // its own sliceColor() unless a name before it took that one (then the first free); the rest their own.
    static std::vector<QColor> distinctSliceColors(const QStringList& names);
    // The colour a name gets beside the `taken` ones: its own sliceColor() if free, else the first free after it in
    // the palette; none when all kSliceColors are taken.
    static std::optional<QColor> freeSliceColor(QStringView name, const std::vector<QColor>& taken);
    // Black or white, whichever reads better on `fill`.
    static QColor textOn(const QColor& fill);
    QColor markerColor(EventKind kind) const;
};

} // namespace tl::ui
