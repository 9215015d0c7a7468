#include "window/listingview.h"
#include "window/pythonhighlighter.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace tl::ui;

namespace {

// The colour the highlighter gave to the character at `column` of `line` (invalid if none).
QColor colourAt(QTextDocument& doc, int line, int column)
{
    const QTextBlock block = doc.findBlockByNumber(line);
    for (const QTextLayout::FormatRange& r : block.layout()->formats())
        if (column >= r.start && column < r.start + r.length)
            return r.format.foreground().color();
    return {};
}

} // namespace

class TestPythonHighlighter : public QObject {
    Q_OBJECT
private slots:
    void coloursTokens_data();
    void coloursTokens();
    void tripleQuotedStringsSpanLines();
    void listingHighlightsALine();
};

void TestPythonHighlighter::coloursTokens_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("sameAs"); // a token that must share the colour ("" = no colour at all)
    QTest::addColumn<int>("sameColumn");
    // `sameAs` is highlighted on a reference line to compare colours without hard-coding them.
    QTest::newRow("keyword") << "def f(): pass" << 0 << "while True: pass" << 0;
    QTest::newRow("hash inside a string stays string") << "x = '# not a comment'" << 6 << "y = 'str'" << 5;
    QTest::newRow("comment after a string") << "x = 'a'  # note" << 11 << "# comment" << 2;
    QTest::newRow("keyword inside a comment is comment") << "# while we wait" << 2 << "# comment" << 2;
    QTest::newRow("number") << "n = 42" << 4 << "m = 7" << 4;
    QTest::newRow("plain name has no colour") << "value = other" << 0 << "" << 0;
}

void TestPythonHighlighter::coloursTokens()
{
    QFETCH(QString, source);
    QFETCH(int, column);
    QFETCH(QString, sameAs);
    QFETCH(int, sameColumn);
    QTextDocument doc(source + QLatin1Char('\n') + sameAs);
    PythonHighlighter highlighter(&doc);
    highlighter.rehighlight();
    const QColor got = colourAt(doc, 0, column);
    if (sameAs.isEmpty()) {
        QVERIFY(!got.isValid());
        return;
    }
    QVERIFY(got.isValid());
    QCOMPARE(got, colourAt(doc, 1, sameColumn));
}

void TestPythonHighlighter::tripleQuotedStringsSpanLines()
{
    QTextDocument doc(QStringLiteral("s = \"\"\"first\nwhile inside\nend\"\"\"\nwhile True: pass\nt = 'x'"));
    PythonHighlighter highlighter(&doc);
    highlighter.rehighlight();
    const QColor string = colourAt(doc, 4, 4);
    QVERIFY(string.isValid());
    QCOMPARE(colourAt(doc, 0, 6), string);
    QCOMPARE(colourAt(doc, 1, 0), string); // "while" inside the string is string
    QCOMPARE(colourAt(doc, 2, 0), string);
    QVERIFY(colourAt(doc, 3, 0) != string); // code again after the closing quotes
    QVERIFY(colourAt(doc, 3, 0).isValid());
}

void TestPythonHighlighter::listingHighlightsALine()
{
    ListingView view;
    view.setListing(QStringLiteral("a = 1\nb = 2\nc = 3\n"));
    QVERIFY(view.isReadOnly());
    view.setHighlightedLine(2);
    QCOMPARE(view.highlightedLine(), 2);
    QCOMPARE(view.extraSelections().size(), 1);
    QCOMPARE(view.extraSelections().first().cursor.blockNumber(), 1);
    view.setHighlightedLine(99); // past the end: cleared
    QCOMPARE(view.highlightedLine(), 0);
    QVERIFY(view.extraSelections().isEmpty());
}

QTEST_MAIN(TestPythonHighlighter)
#include "tst_pythonhighlighter.moc"
