#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace tl::ui {

// Colours Python source: keywords, builtins, the threading/queue API, strings (triple-quoted ones across
// lines), f-string braces, numbers, comments, decorators and the names after def/class. Colours are
// picked for the document's palette, light or dark; call refreshPalette() when it changes.
//
// Thread affinity: the GUI thread (it works on a QTextDocument).
class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit PythonHighlighter(QTextDocument* document, bool darkBackground = false);

    void refreshPalette(bool darkBackground);

protected:
    void highlightBlock(const QString& text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        QTextCharFormat format;
        int group = 0;
    };
    void buildRules(bool dark);
    // Colours a triple-quoted string that starts or continues in this block; returns where code resumes.
    int highlightTripleQuotes(const QString& text);

    std::vector<Rule> m_rules;
    QTextCharFormat m_stringFormat;
    QTextCharFormat m_commentFormat;
    QRegularExpression m_stringPattern;
    QRegularExpression m_commentPattern;
};

} // namespace tl::ui
