#include "window/listingview.h"

#include "window/droppedscript.h"
#include "window/pythonhighlighter.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFontDatabase>
#include <QPainter>
#include <QTextBlock>

namespace tl::ui {

class ListingView::Gutter : public QWidget {
public:
    explicit Gutter(ListingView* view)
        : QWidget(view)
        , m_view(view)
    {
    }
    QSize sizeHint() const override { return {m_view->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_view->paintGutter(event); }

private:
    ListingView* m_view;
};

ListingView::ListingView(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_highlighter(nullptr)
    , m_gutter(new Gutter(this))
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter = new PythonHighlighter(document(), darkPalette());
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy != 0)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void ListingView::setListing(const QString& source)
{
    m_line = 0;
    setPlainText(source.isEmpty() ? tr("# No listing for this scenario.") : source);
    markUnedited();
    updateHighlight();
}

void ListingView::setEditable(bool editable)
{
    setReadOnly(!editable);
    setUndoRedoEnabled(editable);
    // setUndoRedoEnabled(false) dropped the history; what is on screen now is the base to undo to.
    setTextInteractionFlags(editable ? Qt::TextEditorInteraction
                                     : Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // The gutter's current line and the highlight stay; an editor wants its caret visible.
    if (editable)
        setFocus();
}

bool ListingView::isEdited() const
{
    return document()->isModified();
}

void ListingView::markUnedited()
{
    document()->setModified(false);
}

void ListingView::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedScript(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        QPlainTextEdit::dragEnterEvent(event);
}

void ListingView::dragMoveEvent(QDragMoveEvent* event)
{
    if (!droppedScript(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        QPlainTextEdit::dragMoveEvent(event);
}

void ListingView::dropEvent(QDropEvent* event)
{
    if (const QString path = droppedScript(event->mimeData()); !path.isEmpty()) {
        event->acceptProposedAction();
        emit scriptDropped(path);
        return;
    }
    QPlainTextEdit::dropEvent(event);
}

void ListingView::setHighlightedLine(int line)
{
    m_line = line > 0 && line <= blockCount() ? line : 0;
    updateHighlight();
    if (m_line > 0) {
        QTextCursor cursor(document()->findBlockByNumber(m_line - 1));
        setTextCursor(cursor);
        centerCursor();
    }
}

void ListingView::updateHighlight()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (m_line > 0) {
        QTextEdit::ExtraSelection s;
        const bool dark = darkPalette();
        s.format.setBackground(dark ? QColor(0x56, 0xb4, 0xe9, 90) : QColor(0xf0, 0xe4, 0x42, 140));
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(document()->findBlockByNumber(m_line - 1));
        s.cursor.clearSelection();
        selections.append(s);
    }
    setExtraSelections(selections);
    m_gutter->update();
}

bool ListingView::darkPalette() const
{
    return palette().color(QPalette::Base).lightness() < 128;
}

int ListingView::gutterWidth() const
{
    const int digits = QString::number(std::max(1, blockCount())).size();
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(2, static_cast<int>(digits));
}

void ListingView::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_gutter->setGeometry(QRect(r.left(), r.top(), gutterWidth(), r.height()));
}

void ListingView::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_highlighter) {
        // Re-highlighting marks the document modified, which would read as an edit of the listing.
        const bool edited = document()->isModified();
        m_highlighter->refreshPalette(darkPalette());
        updateHighlight();
        document()->setModified(edited);
    }
}

void ListingView::paintGutter(QPaintEvent* event)
{
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top()) {
            const int number = block.blockNumber() + 1;
            QFont f = font();
            f.setBold(number == m_line);
            painter.setFont(f);
            painter.setPen(palette().color(number == m_line ? QPalette::Text : QPalette::PlaceholderText));
            painter.drawText(0, top, m_gutter->width() - 6, height, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(number));
        }
        top += height;
        block = block.next();
    }
}

} // namespace tl::ui
