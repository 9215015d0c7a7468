#pragma once

#include "base/result.h"
#include "pysource/pythonrunoptions.h"
#include "scenarios/parameter.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace tl {
class TraceStore;
struct Scenario;
} // namespace tl

namespace tl::ui {

class LaneArrangement;
class RunController;
class TimelineWidget;
class TraceOpener;
class ViewLink;
class ViewState;

// Run B of a comparison, under the window's own run (A): its title and where it came from, and its
// timeline, as wide as A's and kept in step with it (ViewLink: one time axis from each run's start, zoom,
// pan, flows and the selection by thread name). B is a saved trace, a new engine run of a lesson (other
// parameters, say) or a CPython run of its listing; it has a RunController of its own, so a live B draws
// live as A does. Hidden until compared; Close stops B and hides it.
//
// Thread affinity: the GUI thread.
class ComparisonView : public QWidget {
    Q_OBJECT
public:
    // Which run's timeline the user picks on (MainWindow's details follow it).
    ViewLink* link() const { return m_link; }
    // `lanesA`: A's lane arrangement, whose row height B's rows follow (pins, groups and hidden lanes are
    // each run's own).
    ComparisonView(ViewState* stateA, const RunController* runsA, const LaneArrangement* lanesA,
                   QWidget* parent = nullptr);
    ~ComparisonView() override;

    // Each shows the view and replaces B. A file is read in the background (failed() says why not).
    void compareWithTrace(const QString& path);
    void compareWithRun(const tl::Scenario& scenario, const tl::ParameterValues& values, double speed);
    tl::Status compareWithPython(const tl::PythonRunOptions& options);
    // Stops B and hides the view.
    void endComparison();
    bool isComparing() const { return m_comparing; }

    // The lane finder's text, for B's lanes as for A's.
    void setLaneFilter(const QString& filter);

    RunController* runs() const { return m_runs; }
    TimelineWidget* timeline() const { return m_timeline; }
    ViewState* viewState() const { return m_state; }
    QString titleText() const;

signals:
    // B's trace is complete (its run ended or its file was read): the difference can be computed.
    void runFinished();
    void failed(const QString& error);
    void closed();

private:
    void begin();
    void refreshTitle();

    ViewState* m_state;
    LaneArrangement* m_lanes;
    RunController* m_runs;
    TraceOpener* m_opener;
    ViewLink* m_link;
    QLabel* m_title;
    QToolButton* m_close;
    bool m_comparing = false;     // shown by a compare until endComparison(), whether or not the window is
    bool m_closeIfUnread = false; // a file being read began this comparison: if it cannot be read, it ends
    TimelineWidget* m_timeline;
};

} // namespace tl::ui
