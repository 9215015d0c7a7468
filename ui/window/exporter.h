#pragma once

#include "base/result.h"
#include "window/exportrequest.h"

#include <QObject>

#include <functional>
#include <optional>

class QWidget;

namespace tl::ui {

class LaneArrangement;
class RunController;
class TimelineWidget;
class ViewState;

// Carries out exports of the current run: pictures through exportTimelineImage(), traces through the
// core exporters (ChromeTraceExporter, CsvExporter), the picture to the clipboard. Every file is written
// atomically. exportFile() and copyImage() return their errors; the interactive entry point asks with an
// ExportDialog and shows any error in a message box, never crashing on a bad path.
//
// Thread affinity: the GUI thread (it reads the live store between two drains).
class Exporter : public QObject {
    Q_OBJECT
public:
    Exporter(RunController* runs, ViewState* state, QWidget* dialogParent);
    // The timeline's lane arrangement: pictures keep its pins, groups, hidden lanes and row height.
    void setArrangement(const LaneArrangement* arrangement) { m_arrangement = arrangement; }
    // The timeline whose rows in view a "visible lanes" picture keeps; null: the rows a fresh view shows.
    void setTimeline(const TimelineWidget* timeline) { m_timeline = timeline; }
    // The run B shown under A while comparing, else null: a picture then holds both, A above B on one time axis, as
    // `threadline A --compare B --export` draws them (a trace file is A's alone).
    void setRunB(std::function<const tl::TraceStore*()> runB) { m_runB = std::move(runB); }

    tl::Status exportFile(const ExportRequest& request);
    // The visible range as a picture (title, ruler, lanes, legend) on the clipboard.
    tl::Status copyImage();
    // Asks with a dialog (pictures first, or traces first), then exports; errors in a message box.
    void exportInteractive(std::optional<ExportFormat> format = std::nullopt);

    // What the next dialog proposes: the last request, with a file name from the scenario.
    ExportRequest proposal(std::optional<ExportFormat> format) const;

signals:
    void exported(const QString& path);

private:
    RunController* m_runs;
    ViewState* m_state;
    const LaneArrangement* m_arrangement = nullptr;
    const TimelineWidget* m_timeline = nullptr;
    QWidget* m_dialogParent;
    std::function<const tl::TraceStore*()> m_runB;
    std::optional<ExportRequest> m_last;
};

} // namespace tl::ui
