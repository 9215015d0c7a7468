#include "window/pythonhighlighter.h"

namespace tl::ui {

namespace {

enum BlockState { Code = 0, InTripleDouble = 1, InTripleSingle = 2 };

QTextCharFormat charFormat(const QColor& colour, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(colour);
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

QString wordsPattern(const QStringList& words)
{
    return QStringLiteral("\\b(?:%1)\\b").arg(words.join(QLatin1Char('|')));
}

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document, bool darkBackground)
    : QSyntaxHighlighter(document)
    // A string literal with an optional prefix; escapes are skipped so \" does not end it.
    , m_stringPattern(QStringLiteral(R"((?:\b[rRbBfFuU]{1,2})?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))"))
    , m_commentPattern(QStringLiteral("#[^\\n]*"))
{
    buildRules(darkBackground);
}

void PythonHighlighter::refreshPalette(bool darkBackground)
{
    buildRules(darkBackground);
    rehighlight();
}

void PythonHighlighter::buildRules(bool dark)
{
    // Okabe–Ito hues, lighter on a dark background so that each keeps its contrast.
    const QColor keyword = dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x5a, 0x9c);
    const QColor builtin = dark ? QColor(0xcc, 0x79, 0xa7) : QColor(0x9b, 0x30, 0x6e);
    const QColor api = dark ? QColor(0xf0, 0xe4, 0x42) : QColor(0x8a, 0x5a, 0x00);
    const QColor string = dark ? QColor(0x5f, 0xd3, 0x9a) : QColor(0x00, 0x7a, 0x50);
    const QColor number = dark ? QColor(0xe6, 0x9f, 0x00) : QColor(0xb0, 0x45, 0x00);
    const QColor comment = dark ? QColor(0x9a, 0x9a, 0x9a) : QColor(0x6b, 0x6b, 0x6b);
    const QColor definition = dark ? QColor(0x8f, 0xd0, 0xff) : QColor(0x00, 0x40, 0x80);

    m_stringFormat = charFormat(string);
    m_commentFormat = charFormat(comment, false, true);
    m_rules.clear();
    m_rules.push_back({QRegularExpression(
                           wordsPattern({QStringLiteral("and"),    QStringLiteral("as"),       QStringLiteral("assert"),
                                         QStringLiteral("async"),  QStringLiteral("await"),    QStringLiteral("break"),
                                         QStringLiteral("class"),  QStringLiteral("continue"), QStringLiteral("def"),
                                         QStringLiteral("del"),    QStringLiteral("elif"),     QStringLiteral("else"),
                                         QStringLiteral("except"), QStringLiteral("finally"),  QStringLiteral("for"),
                                         QStringLiteral("from"),   QStringLiteral("global"),   QStringLiteral("if"),
                                         QStringLiteral("import"), QStringLiteral("in"),       QStringLiteral("is"),
                                         QStringLiteral("lambda"), QStringLiteral("nonlocal"), QStringLiteral("not"),
                                         QStringLiteral("or"),     QStringLiteral("pass"),     QStringLiteral("raise"),
                                         QStringLiteral("return"), QStringLiteral("try"),      QStringLiteral("while"),
                                         QStringLiteral("with"),   QStringLiteral("yield"),    QStringLiteral("None"),
                                         QStringLiteral("True"),   QStringLiteral("False")})),
                       charFormat(keyword, true)});
    m_rules.push_back(
        {QRegularExpression(wordsPattern(
             {QStringLiteral("print"), QStringLiteral("range"), QStringLiteral("len"), QStringLiteral("super"),
              QStringLiteral("self"), QStringLiteral("str"), QStringLiteral("int"), QStringLiteral("list"),
              QStringLiteral("dict"), QStringLiteral("enumerate"), QStringLiteral("sum"), QStringLiteral("isinstance"),
              QStringLiteral("Exception"), QStringLiteral("RuntimeError"), QStringLiteral("ValueError")})),
         charFormat(builtin)});
    m_rules.push_back({QRegularExpression(wordsPattern(
                           {QStringLiteral("threading"), QStringLiteral("queue"), QStringLiteral("time"),
                            QStringLiteral("socket"), QStringLiteral("concurrent"), QStringLiteral("Thread"),
                            QStringLiteral("Queue"), QStringLiteral("ThreadPoolExecutor")})),
                       charFormat(api)});
    m_rules.push_back(
        {QRegularExpression(QStringLiteral(R"(\b(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?)\b)")),
         charFormat(number)});
    m_rules.push_back({QRegularExpression(QStringLiteral(R"(^\s*@[\w.]+)")), charFormat(api)});
    m_rules.push_back(
        {QRegularExpression(QStringLiteral(R"(\b(?:def|class)\s+(\w+))")), charFormat(definition, true), 1});
}

int PythonHighlighter::highlightTripleQuotes(const QString& text)
{
    const int state = previousBlockState();
    if (state != InTripleDouble && state != InTripleSingle)
        return 0;
    const QString delimiter = state == InTripleDouble ? QStringLiteral("\"\"\"") : QStringLiteral("'''");
    const int end = text.indexOf(delimiter);
    if (end < 0) {
        setFormat(0, static_cast<int>(text.size()), m_stringFormat);
        setCurrentBlockState(state);
        return static_cast<int>(text.size());
    }
    setFormat(0, end + 3, m_stringFormat);
    return end + 3;
}

void PythonHighlighter::highlightBlock(const QString& text)
{
    setCurrentBlockState(Code);
    const int codeStart = highlightTripleQuotes(text);
    if (codeStart >= text.size())
        return;
    const QString code = text.mid(codeStart);

    for (const Rule& rule : m_rules) {
        for (auto it = rule.pattern.globalMatch(code); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            setFormat(codeStart + static_cast<int>(m.capturedStart(rule.group)),
                      static_cast<int>(m.capturedLength(rule.group)), rule.format);
        }
    }
    // Strings and comments last, and in source order, so that '#' inside a string stays a string and
    // keywords inside either lose their colour.
    int pos = 0;
    while (pos < code.size()) {
        const int triple = [&] {
            const int d = static_cast<int>(code.indexOf(QStringLiteral("\"\"\""), pos));
            const int s = static_cast<int>(code.indexOf(QStringLiteral("'''"), pos));
            return d < 0 ? s : (s < 0 ? d : std::min(d, s));
        }();
        const QRegularExpressionMatch str = m_stringPattern.match(code, pos);
        const QRegularExpressionMatch comment = m_commentPattern.match(code, pos);
        const int strAt = str.hasMatch() ? static_cast<int>(str.capturedStart()) : -1;
        const int commentAt = comment.hasMatch() ? static_cast<int>(comment.capturedStart()) : -1;
        auto earliest = [](int x, int y) { return x < 0 || (y >= 0 && y < x); };
        if (triple >= 0 && (strAt < 0 || triple <= strAt) && (commentAt < 0 || triple < commentAt)) {
            const QString delimiter = code.mid(triple, 3);
            const int end = static_cast<int>(code.indexOf(delimiter, triple + 3));
            if (end < 0) {
                setFormat(codeStart + triple, static_cast<int>(code.size()) - triple, m_stringFormat);
                setCurrentBlockState(delimiter == QLatin1String("\"\"\"") ? InTripleDouble : InTripleSingle);
                return;
            }
            setFormat(codeStart + triple, end + 3 - triple, m_stringFormat);
            pos = end + 3;
        } else if (strAt >= 0 && earliest(commentAt, strAt)) {
            setFormat(codeStart + strAt, static_cast<int>(str.capturedLength()), m_stringFormat);
            pos = strAt + static_cast<int>(str.capturedLength());
        } else if (commentAt >= 0) {
            setFormat(codeStart + commentAt, static_cast<int>(code.size()) - commentAt, m_commentFormat);
            return;
        } else {
            return;
        }
    }
}

} // namespace tl::ui
