#pragma once

#include <QWidget>

#include <cstdint>

class QLabel;

namespace tl {
class TraceStore;
}

namespace tl::ui {

class ElidedLabel;

// The status bar's live summary: what runs the program (the C++ engine, or the interpreter and version of
// a Python run: "CPython 3.11.2", with the executable, script and arguments as its tooltip), scenario time,
// threads alive / total, events recorded, dropped events (red when any) and the depth of each queue. Recomputed on each
// drain tick from the store alone: O(lanes + queues), never O(events). A deadlock, once the window has found
// one, is named in red at the end, until the next run.
//
// Thread affinity: the GUI thread.
class StatusSummary : public QWidget {
    Q_OBJECT
public:
    explicit StatusSummary(QWidget* parent = nullptr);

    // CutShort: a trace file that ends before the trace is closed (a crashed writer's), drawn as far as it goes.
    enum class RunState { Idle, Live, Paused, Finished, Stopped, CutShort };
    void refresh(const tl::TraceStore* store, std::int64_t nowTs, RunState state);
    QString stateText() const;
    QString sourceText() const;
    QString sourceToolTip() const;

    QString timeText() const;
    QString threadsText() const;
    QString eventsText() const;
    QString droppedText() const;
    QString queuesText() const;
    bool droppedShownInRed() const { return m_droppedRed; }
    // The deadlock sentence to show ("Deadlock: Thread-1 holds a and waits for b; ..."); empty: none.
    void setDeadlock(const QString& sentence);
    QString deadlockText() const;

protected:
    void changeEvent(QEvent* event) override; // the theme: the red is redone for the new background

private:
    void refreshSource(const tl::TraceStore* store);

    QLabel* m_state;
    QLabel* m_source;
    QLabel* m_time;
    QLabel* m_threads;
    QLabel* m_events;
    QLabel* m_dropped;
    QLabel* m_queues;
    ElidedLabel* m_deadlock;
    bool m_droppedRed = false;
};

} // namespace tl::ui
