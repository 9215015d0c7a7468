#pragma once

#include <QPlainTextEdit>

namespace tl::ui {

class PythonHighlighter;

// A Python listing (a lesson's, or a script's): monospaced, syntax highlighted, with line numbers in a
// gutter and one highlighted line (the line of the selected event). Read-only until setEditable(true)
// makes it an editor (undo and redo, the highlighter still on); isEdited() says whether its text differs
// from what setListing() gave it. A .py file dropped on the editor is not pasted: scriptDropped() hands it
// on (a read-only listing takes no drops; they reach the window).
//
// Thread affinity: the GUI thread.
class ListingView : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ListingView(QWidget* parent = nullptr);

    // Shows `source` as the new, unedited listing (the undo history goes with the old one).
    void setListing(const QString& source);
    // Highlights 1-based `line` and scrolls it into view; 0 clears the highlight.
    void setHighlightedLine(int line);
    int highlightedLine() const { return m_line; }

    void setEditable(bool editable);
    bool isEditable() const { return !isReadOnly(); }
    // The user changed the text since setListing() (or since markUnedited()).
    bool isEdited() const;
    void markUnedited();

signals:
    void scriptDropped(const QString& path);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    class Gutter;
    int gutterWidth() const;
    void paintGutter(QPaintEvent* event);
    void updateHighlight();
    bool darkPalette() const;

    PythonHighlighter* m_highlighter;
    Gutter* m_gutter;
    int m_line = 0;
};

} // namespace tl::ui
