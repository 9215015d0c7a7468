#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

// The architecture as the source tree states it. The build already refuses a header of a layer a library
// does not link (each layer's include root holds that layer alone); this test states the layers in one
// table and checks what the build cannot: that every include of a layer header names its layer (a bare
// "tracestore.h" next to the file would compile), that no include climbs out with "..", that a file's
// layer is its folder, and that core includes no Qt header beyond Qt Core and Qt Concurrent.
class tst_Layers : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void includesNameTheirLayerAndRespectTheArrows();
    void coreUsesQtCoreOnly();

private:
    // layer -> the layers its files may include (itself too)
    const QMap<QString, QSet<QString>> m_allowed{
        {"base", {"base"}},
        {"trace", {"base", "trace"}},
        {"engine", {"base", "trace", "engine"}},
        {"py", {"base", "trace", "engine", "py"}},
        {"net", {"base", "trace", "engine", "py", "net"}},
        {"scenarios", {"base", "trace", "engine", "py", "net", "scenarios"}},
        {"export", {"base", "trace", "export"}},
        {"pysource", {"base", "trace", "pysource"}},
        {"import", {"base", "trace", "import"}},
        {"stats", {"base", "trace", "stats"}},
        {"timeline", {"base", "trace", "timeline"}},
        {"window",
         {"base", "trace", "engine", "py", "net", "scenarios", "export", "pysource", "import", "stats", "timeline",
          "window"}},
    };
    // folder (relative to the source root) -> layer
    const QMap<QString, QString> m_folders{
        {"core/base", "base"},     {"core/trace", "trace"},       {"core/engine", "engine"},
        {"core/py", "py"},         {"core/net", "net"},           {"core/scenarios", "scenarios"},
        {"core/export", "export"}, {"core/pysource", "pysource"}, {"core/import", "import"},
        {"core/stats", "stats"},   {"ui/timeline", "timeline"},   {"ui/window", "window"},
    };
    QSet<QString> m_layerHeaders; // "trace/tracestore.h", ... as they must be included
    QSet<QString> m_bareHeaders;  // "tracestore.h", ...
    QString m_root;
};

void tst_Layers::initTestCase()
{
    m_root = QStringLiteral(THREADLINE_SOURCE_DIR);
    for (auto it = m_folders.cbegin(); it != m_folders.cend(); ++it) {
        QDirIterator files(m_root + QLatin1Char('/') + it.key(), {QStringLiteral("*.h")}, QDir::Files);
        while (files.hasNext()) {
            const QString name = QFileInfo(files.next()).fileName();
            m_layerHeaders.insert(it.value() + QLatin1Char('/') + name);
            m_bareHeaders.insert(name);
        }
    }
    QVERIFY(m_layerHeaders.contains(QStringLiteral("trace/tracestore.h")));
}

void tst_Layers::includesNameTheirLayerAndRespectTheArrows()
{
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s+\"([^\"]+)\""),
                                            QRegularExpression::MultilineOption);
    QStringList problems;
    int files = 0;
    for (const QString& top :
         {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app"), QStringLiteral("tests")}) {
        QDirIterator it(m_root + QLatin1Char('/') + top, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = path.mid(m_root.size() + 1);
            const QString folder = QFileInfo(relative).path();
            const QString layer = m_folders.value(folder);
            if (top != QLatin1String("tests") && top != QLatin1String("app") && layer.isEmpty()) {
                problems << QStringLiteral("%1: a source outside every layer folder").arg(relative);
                continue;
            }
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            ++files;
            for (auto match = include.globalMatch(text); match.hasNext();) {
                const QString name = match.next().captured(1);
                if (name.contains(QStringLiteral("..")))
                    problems << QStringLiteral("%1: includes \"%2\" through ..").arg(relative, name);
                else if (!name.contains(QLatin1Char('/')) && m_bareHeaders.contains(name) && !layer.isEmpty())
                    problems
                        << QStringLiteral("%1: includes layer header \"%2\" without its layer").arg(relative, name);
                else if (name.contains(QLatin1Char('/')) && m_layerHeaders.contains(name) && !layer.isEmpty() &&
                         !m_allowed.value(layer).contains(name.section(QLatin1Char('/'), 0, 0)))
                    problems << QStringLiteral("%1 (%2) includes \"%3\" against the arrows").arg(relative, layer, name);
            }
        }
    }
    QVERIFY(files > 100);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_Layers::coreUsesQtCoreOnly()
{
    const QString qtHeaders = QLibraryInfo::path(QLibraryInfo::HeadersPath);
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s+<(Q[A-Za-z]+)>"),
                                            QRegularExpression::MultilineOption);
    QStringList problems;
    QDirIterator it(m_root + QStringLiteral("/core"), {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        for (auto match = include.globalMatch(text); match.hasNext();) {
            const QString header = match.next().captured(1);
            const bool core = QFileInfo::exists(qtHeaders + QStringLiteral("/QtCore/") + header) ||
                              QFileInfo::exists(qtHeaders + QStringLiteral("/QtConcurrent/") + header);
            if (!core)
                problems << QStringLiteral("%1: <%2> is not Qt Core or Qt Concurrent")
                                .arg(path.mid(m_root.size() + 1), header);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(tst_Layers)
#include "tst_layers.moc"
