#include "window/consolepanel.h"

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

bool isConsoleLine(const Event& e)
{
    return e.kind == EventKind::Print || e.kind == EventKind::Error;
}

} // namespace

ConsolePanel::ConsolePanel(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
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
    std::vector<Event> lines;
    for (const Event& e : store->allEventsSorted())
        if (isConsoleLine(e))
            lines.push_back(e);
    appendLines(std::move(lines));
}

void ConsolePanel::appendBatch(std::span<const Event> batch)
{
    std::vector<Event> lines;
    for (const Event& e : batch)
        if (isConsoleLine(e))
            lines.push_back(e);
    appendLines(std::move(lines));
}

void ConsolePanel::appendLines(std::vector<Event> lines)
{
    if (lines.empty() || !m_store)
        return;
    std::stable_sort(lines.begin(), lines.end(), [](const Event& x, const Event& y) { return x.ts < y.ts; });

    QTextCharFormat meta;
    meta.setForeground(palette().color(QPalette::PlaceholderText));
    QTextCharFormat text;
    QTextCharFormat error;
    error.setForeground(QColor(0xd5, 0x5e, 0x00));

    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    for (const Event& e : lines) {
        if (m_lines > 0 || !document()->firstBlock().text().isEmpty())
            cursor.insertBlock();
        cursor.insertText(
            QStringLiteral("%1  %2  ").arg(formatTimestamp(e.ts), -12).arg(laneLabel(*m_store, e.lane), -18), meta);
        if (e.kind == EventKind::Print) {
            cursor.insertText(m_store->text(e.a), text);
        } else {
            cursor.insertText(QStringLiteral("Exception in thread %1: %2: %3")
                                  .arg(m_store->lane(e.lane).name, m_store->text(e.a), m_store->text(e.b)),
                              error);
        }
        ++m_lines;
    }
    cursor.endEditBlock();
}

} // namespace tl::ui
