#include "window/consolepanel.h"

#include "trace/eventschema.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"
#include "window/scrollfollower.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextCursor>

#include <algorithm>

namespace tl::ui {

namespace {

// A Python program's uncaught exceptions are in its stderr already, as Python printed them; only the
// engine's need a line of the console's own.
bool isConsoleLine(const TraceStore& store, const Event& e)
{
    return e.kind == EventKind::Print || (e.kind == EventKind::Error && !store.metadata().isPython());
}

// The line CPython's report ends with ("RuntimeError: x", or "_queue.Empty" with no message), after
// threading.excepthook's heading for a thread; an error in main has none (sys.excepthook's traceback).
QString uncaughtLine(const TraceStore& store, const Event& e)
{
    const QString type = store.text(e.a);
    const QString message = store.text(e.b);
    const QString last = message.isEmpty() ? type : QStringLiteral("%1: %2").arg(type, message);
    if (e.lane == 0)
        return last;
    return QStringLiteral("Exception in thread %1: %2").arg(store.laneName(e.lane), last);
}

} // namespace

ConsolePanel::ConsolePanel(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    // Wrapped as a terminal wraps: at 1024 px the docked console is as narrow as its time and thread columns, and a
    // line that does not fit showed none of what was printed (a user-tester).
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setMaximumBlockCount(kMaxLines);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setPlaceholderText(tr("What the scenario prints appears here."));
    m_follower = new ScrollFollower(verticalScrollBar());
}

void ConsolePanel::setStore(const TraceStore* store)
{
    m_store = store;
    clear();
    m_lines = 0;
    m_follower->setFollowing(true);
    if (!store)
        return;
    const EventView events = store->eventsByTime();
    std::vector<EventId> lines;
    for (std::size_t i = 0; i < events.size(); ++i)
        if (isConsoleLine(*store, events[i]))
            lines.push_back(events.id(i));
    appendLines(std::move(lines));
}

void ConsolePanel::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_store)
        setStore(m_store);
}

void ConsolePanel::appendBatch(const StoreChange& change)
{
    if (!m_store)
        return;
    std::vector<EventId> lines;
    for (EventId id = change.firstEvent; id < change.endEvent; ++id)
        if (isConsoleLine(*m_store, m_store->event(id)))
            lines.push_back(id);
    appendLines(std::move(lines));
}

void ConsolePanel::appendLines(std::vector<EventId> lines)
{
    if (lines.empty() || !m_store)
        return;
    std::stable_sort(lines.begin(), lines.end(),
                     [this](EventId x, EventId y) { return m_store->event(x).ts < m_store->event(y).ts; });

    QTextCharFormat meta;
    meta.setForeground(palette().color(QPalette::PlaceholderText));
    QTextCharFormat text;
    QTextCharFormat error;
    error.setForeground(QColor(0xd5, 0x5e, 0x00));

    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    for (EventId id : lines) {
        const Event& e = m_store->event(id);
        if (m_lines > 0 || !document()->firstBlock().text().isEmpty())
            cursor.insertBlock();
        cursor.insertText(
            QStringLiteral("%1  %2  ").arg(formatTimestamp(e.ts), -12).arg(m_store->laneName(e.lane), -18), meta);
        if (e.kind == EventKind::Print) {
            cursor.insertText(shownLine(m_store->text(e.a)), flagSet(e, FlagRole::Stderr) ? error : text);
        } else {
            cursor.insertText(uncaughtLine(*m_store, e), error);
        }
        ++m_lines;
    }
    cursor.endEditBlock();
    m_follower->contentAppended();
}

} // namespace tl::ui
