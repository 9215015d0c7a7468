#pragma once

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace tl {
class TraceStore;
}

namespace tl::ui {

class ViewState;

// The "State at t" panel: under the scrub playhead, every thread's state in words (running line N,
// sleeping until t, blocked in get on q, ended) with the time it has been so, and every queue's depth
// and items (tl::stats::stateAt). It follows the playhead; with none it says how to place one.
//
// Thread affinity: the GUI thread.
class StateAtPanel : public QWidget {
    Q_OBJECT
public:
    explicit StateAtPanel(ViewState* state, QWidget* parent = nullptr);

    void setStore(const tl::TraceStore* store);
    // Recompute for the current playhead (it moved, or the store it reads grew while paused).
    void refresh();

    QLabel* heading() const { return m_heading; }
    QTreeWidget* tree() const { return m_tree; }
    // The panel's rows as text, one per line: "Thread-1 (foo)\tsleeping until 4.000000 s\t1.000 s".
    QStringList rows() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitColumns();

    ViewState* m_state;
    const tl::TraceStore* m_store = nullptr;
    QLabel* m_heading;
    QTreeWidget* m_tree;
};

} // namespace tl::ui
