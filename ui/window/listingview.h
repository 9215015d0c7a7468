#pragma once

#include <QPlainTextEdit>

namespace tl::ui {

class PythonHighlighter;

// A scenario's Python listing: read-only, monospaced, syntax highlighted, with line numbers in a gutter
// and one highlighted line (the listing line of the selected event).
//
// Thread affinity: the GUI thread.
class ListingView : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ListingView(QWidget* parent = nullptr);

    void setListing(const QString& source);
    // Highlights 1-based `line` and scrolls it into view; 0 clears the highlight.
    void setHighlightedLine(int line);
    int highlightedLine() const { return m_line; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

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
