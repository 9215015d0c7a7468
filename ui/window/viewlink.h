#pragma once

#include <QObject>
#include <QPointer>

namespace tl {
class TraceStore;
}

namespace tl::ui {

class RunController;
class ViewState;

// Keeps two runs' timelines in step, for a comparison: one time range (zoom and pan, each run from its own
// start at 0), one flows toggle, and one selection as far as the runs share it. Picking an event, or a span
// (at its middle), on one timeline selects, on the other, the lane of the same thread name at that moment
// (the span it is in then); a name the other run lacks, or a moment its thread was not alive, clears it.
//
// Thread affinity: the GUI thread.
class ViewLink : public QObject {
    Q_OBJECT
public:
    // The runs' stores are read from `runsA` and `runsB` when a selection is mirrored, so a new run on
    // either side needs nothing more. Takes `b` to `a`'s range at once.
    ViewLink(ViewState* a, const RunController* runsA, ViewState* b, const RunController* runsB,
             QObject* parent = nullptr);

    // B's selection from A's (a new run B has come; its old selection named the old run's lanes).
    void mirrorAtoB();

signals:
    // A selection made on A's timeline (onB false) or on B's, not mirrored from the other.
    void picked(bool onB);

private:
    void mirrorSelection(const ViewState& from, const tl::TraceStore* fromStore, ViewState& to,
                         const tl::TraceStore* toStore);

    ViewState* m_a;
    ViewState* m_b;
    QPointer<const RunController> m_runsA; // QPointer: the window's teardown may delete either first
    QPointer<const RunController> m_runsB;
    bool m_mirroring = false; // a mirrored selection must not mirror back
};

} // namespace tl::ui
