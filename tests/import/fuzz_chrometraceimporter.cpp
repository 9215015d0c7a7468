// libFuzzer entry point for the trace importer (built by CI's fuzz job with -fsanitize=fuzzer, not here;
// tst_importcorpus replays corpus/ through it in every build). Any input must end in a store or an
// error: never a crash, a hang or an allocation beyond what the input holds.
#include "import/chrometraceimporter.h"
#include "import/traceloader.h"

#include <QBuffer>
#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    tl::Result<tl::import::ImportedTrace> trace = tl::import::importChromeTrace(buffer);
    if (trace.ok()) {
        // The store derives spans, queues and flows from what the importer made: fuzz that too.
        const tl::import::LoadedTrace loaded =
            tl::import::storeImported(std::move(trace.value()), QStringLiteral("fuzz"));
        (void)loaded.store->laneOrder();
        (void)loaded.store->eventsByTime();
    }
    return 0;
}
