// libFuzzer entry point for the tracer stream parser: the bytes as one stream, fed in chunks whose sizes
// the input's first byte picks. Build with -fsanitize=fuzzer,address and run on tests/pysource/corpus.

#include "pysource/streamparser.h"
#include "trace/stringtable.h"

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    tl::StringTable strings;
    tl::StreamParser parser(strings);
    std::vector<tl::Event> events;
    std::vector<tl::StringId> files;
    const std::size_t chunk = size > 0 ? std::size_t{data[0]} + 1 : 1;
    for (std::size_t at = 0; at < size;) {
        const std::size_t n = size - at < chunk ? size - at : chunk;
        if (!parser.feed(reinterpret_cast<const char*>(data) + at, n, events, files))
            break;
        at += n;
    }
    parser.finish();
    return 0;
}
