// Writes the fuzzer's seed corpus for the tracer stream parser: pysource_seeds DIR. The seeds are the
// sample stream of streambuilder.h and a few near-misses of it, so the fuzzer starts from valid framing.

#include "streambuilder.h"

#include <QDir>
#include <QFile>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: pysource_seeds DIR\n");
        return 2;
    }
    using namespace tl::streamtest;
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    const QByteArray good = sampleStream();
    const QList<QPair<QString, QByteArray>> seeds = {
        {QStringLiteral("sample.tlpy"), good},
        {QStringLiteral("no-end.tlpy"), good.left(good.size() - 25)},
        {QStringLiteral("hello-only.tlpy"), StreamBuilder().header().hello().bytes()},
        {QStringLiteral("unknown-kind.tlpy"), StreamBuilder()
                                                  .header()
                                                  .hello()
                                                  .kind(40, "lock-blocked")
                                                  .events({{1000, 0, 1, 0, 0, 0, 0, 40, 0}})
                                                  .end(1)
                                                  .bytes()},
    };
    for (const auto& [name, bytes] : seeds) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
    }
    return 0;
}
