#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

// The fuzzer's seed corpus through its entry point (fuzz_chrometraceimporter.cpp), in every build: the
// entry point keeps compiling, and each seed loads or fails cleanly, quickly.
class TestImportCorpus : public QObject {
    Q_OBJECT

private slots:
    void everySeedLoadsOrFailsCleanly();
};

void TestImportCorpus::everySeedLoadsOrFailsCleanly()
{
    QDirIterator it(QStringLiteral(THREADLINE_IMPORT_CORPUS), QDir::Files);
    int seeds = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                        static_cast<std::size_t>(bytes.size())),
                 0);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(f.fileName()));
        ++seeds;
    }
    QVERIFY(seeds >= 10);
}

QTEST_GUILESS_MAIN(TestImportCorpus)
#include "tst_importcorpus.moc"
