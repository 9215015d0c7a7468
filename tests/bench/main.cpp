// threadline-bench: benchmark programs that print their figures as one JSON object on stdout (progress on
// stderr). Not a test: timing claims live here, never in CTest.
//
//   threadline-bench channel [--runs N] [--events N] [--qt-events N]
//   threadline-bench python [--runs N] [--pairs N] [--threads N] [--python PATH] [--no-lessons]
//   threadline-bench import [--runs N] [--events N]

#include "channelbench.h"
#include "importbench.h"
#include "pythonbench.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

int usage()
{
    std::fputs("usage: threadline-bench channel [--runs N] [--events N] [--qt-events N]\n"
               "       threadline-bench python [--runs N] [--pairs N] [--threads N] [--python PATH] [--no-lessons]\n"
               "       threadline-bench import [--runs N] [--events N]\n",
               stderr);
    return 2;
}

bool parseCount(const char* text, long minimum, long& value)
{
    char* end = nullptr;
    value = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && value >= minimum && value <= 100'000'000;
}

int runPython(int argc, char** argv)
{
    tl::bench::PythonBenchOptions options;
    for (int i = 2; i < argc; ++i) {
        const std::string_view flag = argv[i];
        long value = 0;
        if (flag == "--no-lessons") {
            options.lessons = false;
            continue;
        }
        if (i + 1 >= argc)
            return usage();
        if (flag == "--python")
            options.python = QString::fromLocal8Bit(argv[++i]);
        else if (!parseCount(argv[i + 1], 1, value))
            return usage();
        else if (flag == "--runs")
            options.runs = int(value), ++i;
        else if (flag == "--pairs")
            options.pairs = int(value), ++i;
        else if (flag == "--threads")
            options.threads = int(value), ++i;
        else
            return usage();
    }
    const std::string json = tl::bench::PythonBench(options).run();
    if (json.empty()) {
        std::fputs("threadline-bench: a Python run failed; no figures printed\n", stderr);
        return 1;
    }
    std::printf("%s\n", json.c_str());
    return 0;
}

int runImport(int argc, char** argv)
{
    tl::bench::ImportBenchOptions options;
    for (int i = 2; i < argc; i += 2) {
        const std::string_view flag = argv[i];
        long value = 0;
        if (i + 1 >= argc || !parseCount(argv[i + 1], 1, value))
            return usage();
        if (flag == "--runs")
            options.runs = int(value);
        else if (flag == "--events")
            options.events = value;
        else
            return usage();
    }
    const std::string json = tl::bench::ImportBench(options).run();
    if (json.empty())
        return 1;
    std::printf("%s\n", json.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // The qt_signal baseline runs a QEventLoop on its consumer thread, which needs an application object.
    QCoreApplication app(argc, argv);
    if (argc >= 2 && std::string_view(argv[1]) == "python")
        return runPython(argc, argv);
    if (argc >= 2 && std::string_view(argv[1]) == "import")
        return runImport(argc, argv);
    if (argc < 2 || std::string_view(argv[1]) != "channel")
        return usage();

    tl::bench::ChannelBenchOptions options;
    for (int i = 2; i < argc; i += 2) {
        const std::string_view flag = argv[i];
        long value = 0;
        if (i + 1 >= argc || !parseCount(argv[i + 1], 1, value))
            return usage();
        if (flag == "--runs")
            options.runs = int(value);
        else if (flag == "--events")
            options.eventsPerProducer = std::uint32_t(value);
        else if (flag == "--qt-events")
            options.qtEventsPerProducer = std::uint32_t(value);
        else
            return usage();
    }

    const std::string json = tl::bench::ChannelBench(options).run();
    if (json.empty()) {
        std::fputs("threadline-bench: a variant lost or reordered events; no figures printed\n", stderr);
        return 1;
    }
    std::printf("%s\n", json.c_str());
    return 0;
}
