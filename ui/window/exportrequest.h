#pragma once

#include "base/exportformat.h"
#include "timeline/imageexport.h"

#include <QFileInfo>
#include <QString>

namespace tl::ui {

// One export the user asked for in the window: what to write, where, and for pictures how.
struct ExportRequest {
    ExportFormat format = ExportFormat::Png;
    QString path;
    bool wholeRun = true; // pictures: the whole run, or the timeline's visible range
    int width = 1600;     // pictures: logical pixels
    double scale = 1.0;   // PNG: 1x or 2x
    bool showFlows = true;
    int laneHeight = 0;     // pictures: 0 keeps the timeline's, never below readable
    double fontScale = 1.0; // pictures: text size over the default
    ExportLanes lanes = ExportLanes::All;
    // Pictures: the selected event or lane drawn highlighted, as on screen. Off by default: a picture for a slide
    // has no selection ring in it unless asked for.
    bool markSelection = false;

    bool isPicture() const { return isPictureFormat(format); }
    // The file written: path, with the format's suffix appended when it has another or none.
    QString writtenPath() const
    {
        const QString suffix = suffixFor(format);
        return QFileInfo(path).suffix().toLower() == suffix ? path : path + QLatin1Char('.') + suffix;
    }
};

} // namespace tl::ui
