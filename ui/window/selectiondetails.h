#pragma once

#include "trace/event.h"

#include <QTextBrowser>

#include <functional>

namespace tl {
class TraceStore;
} // namespace tl

namespace tl::ui {

class ViewState;

// The details panel: what the timeline selection is (thread, state or event, start, end, duration,
// details, listing line) and the ruler measurement (start, end, duration); with nothing selected, what a
// Python run ran (script or module, arguments, interpreter, speed, problems). Rebuilt from the ViewState
// and the store whenever either changes; it holds no state of its own.
//
// Thread affinity: the GUI thread.
class SelectionDetails : public QTextBrowser {
    Q_OBJECT
public:
    explicit SelectionDetails(ViewState* state, QWidget* parent = nullptr);

    void setStore(const tl::TraceStore* store);
    // In a comparison, describes what is picked on run B's timeline (`stateB`, and `storeB()`, its store as it is
    // then) until describeRunA(): a pick on B mirrors the thread at that moment onto A, and the panel showed A's.
    void describeRunB(const ViewState* stateB, std::function<const tl::TraceStore*()> storeB);
    void describeRunA();
    // Called after the store grew: an open span's end may have arrived.
    void refresh();

private:
    QString selectionHtml() const;
    QString selectionHtml(const ViewState& state, const tl::TraceStore* store, const QString& heading) const;
    QString measurementHtml() const;
    QString runHtml() const;
    // Where the event comes from: its listing line, or, for an event of another file than the program's (a module
    // a Python script imports, TraceStore::fileOf), that file and its line, which the listing does not show.
    QString lineRow(const tl::TraceStore& store, tl::EventId id) const;

    ViewState* m_state;
    const tl::TraceStore* m_store = nullptr;
    const ViewState* m_stateB = nullptr; // describeRunB()'s, while it is described
    std::function<const tl::TraceStore*()> m_storeB;
    QString m_html; // what is shown, so that a refresh that changes nothing keeps the scroll position
};

} // namespace tl::ui
