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

// The console: what the scenario printed, one line per print() with its time and thread, and uncaught
// exceptions as threading.excepthook reports them. Appends a batch at a time in one edit block, and
// keeps the newest line in view unless the user scrolled up to read.
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

private:
    void appendLines(std::vector<tl::EventId> lines);

    const tl::TraceStore* m_store = nullptr;
    ScrollFollower* m_follower;
    int m_lines = 0;
};

} // namespace tl::ui
