#pragma once

#include "trace/event.h"

#include <QPlainTextEdit>

#include <vector>

namespace tl {
class TraceStore;
struct StoreChange;
} // namespace tl

namespace tl::ui {

class ScrollFollower;

// The console: what the program printed, one line per print() (a Python program: per line of its stdout
// and stderr) with its time and the thread that wrote it, stderr in the error colour; and an engine run's
// uncaught exceptions as threading.excepthook reports them (a Python program's are in its stderr).
// Appends a batch at a time in one edit block, and keeps the newest line in view unless the user
// scrolled up to read.
//
// Thread affinity: the GUI thread.
class ConsolePanel : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 100000;

    explicit ConsolePanel(QWidget* parent = nullptr);

    // Clears the console and shows what `store` already holds.
    void setStore(const tl::TraceStore* store);
    void appendBatch(const tl::StoreChange& change);
    int lineCount() const { return m_lines; }

protected:
    // A new palette (a theme chosen in View) shows the lines again in its colours: each keeps the colour it was
    // written in, and the light theme's grey time and thread columns were darker than the dark theme's background.
    void changeEvent(QEvent* event) override;

private:
    void appendLines(std::vector<tl::EventId> lines);

    const tl::TraceStore* m_store = nullptr;
    ScrollFollower* m_follower;
    int m_lines = 0;
};

} // namespace tl::ui
