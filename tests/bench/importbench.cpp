#include "importbench.h"

#include "import/chrometraceimporter.h"
#include "import/chrometracereader.h"
#include "import/traceinput.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <simdjson.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace tl::bench {

namespace {

// Resident memory now and at its peak, in KiB, from /proc/self/status.
long statusKiB(const char* field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::string(field).size()));
    }
    return -1;
}

// Writes the trace: per thread a stack of calls; each X is written when its call returns (children before
// parents, as VizTracer writes them), with ts and dur in microseconds with three decimals.
bool generate(const QString& path, long events, std::uint64_t& bytes)
{
    std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "w");
    if (!f)
        return false;
    std::fputs("{\"traceEvents\":[\n", f);
    constexpr int kThreads = 8;
    std::uint64_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return seed >> 33;
    };
    std::vector<std::int64_t> now(kThreads, 1000000);
    std::vector<std::vector<std::pair<std::int64_t, int>>> stacks(kThreads); // (begin ns, function)
    long written = 0;
    bool first = true;
    auto put = [&](const std::string& text) {
        if (!first)
            std::fputs(",\n", f);
        first = false;
        std::fputs(text.c_str(), f);
        ++written;
    };
    char buf[256];
    auto us = [&buf](std::int64_t ns) {
        std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ns / 1000),
                      static_cast<long long>(ns % 1000));
        return std::string(buf);
    };
    while (written < events) {
        const int t = static_cast<int>(next() % kThreads);
        auto& stack = stacks[static_cast<std::size_t>(t)];
        now[static_cast<std::size_t>(t)] += static_cast<std::int64_t>(next() % 5000);
        const std::int64_t ts = now[static_cast<std::size_t>(t)];
        const auto r = next() % 100;
        if (r < 1) {
            put("{\"pid\":4242,\"tid\":" + std::to_string(t) + ",\"ts\":" + us(ts) +
                 ",\"ph\":\"C\",\"name\":\"memory\",\"args\":{\"rss\":" + std::to_string(next() % 100000) + "}}");
        } else if (r < 3) {
            put("{\"pid\":4242,\"tid\":" + std::to_string(t) + ",\"ts\":" + us(ts) +
                 ",\"ph\":\"i\",\"s\":\"t\",\"name\":\"log\",\"cat\":\"INSTANT\",\"args\":{\"msg\":\"step " +
                 std::to_string(next() % 1000) + "\"}}");
        } else if (stack.size() < 12 && (stack.empty() || r < 55)) {
            stack.emplace_back(ts, static_cast<int>(next() % 200));
        } else {
            const auto [begin, fn] = stack.back();
            stack.pop_back();
            put("{\"pid\":4242,\"tid\":" + std::to_string(t) + ",\"ts\":" + us(begin) + ",\"dur\":" + us(ts - begin) +
                 ",\"name\":\"function_" + std::to_string(fn) + " (/src/app/module" + std::to_string(fn % 17) +
                 ".py:" + std::to_string(fn * 3 + 1) + ")\",\"ph\":\"X\",\"cat\":\"FEE\"}");
        }
    }
    std::fputs("\n],\"viztracer_metadata\":{\"version\":\"0.16.0\"}}\n", f);
    bytes = static_cast<std::uint64_t>(std::ftell(f));
    return std::fclose(f) == 0;
}

// Counts events and sums their ts text lengths, so that no reader can skip a field unseen.
class CountingSink : public import::RawEventSink {
public:
    bool event(const import::RawTraceEvent& e) override
    {
        ++count;
        check += e.ph.text.size() + e.name.text.size() + e.ts.text.size() + e.dur.text.size() + e.pid.text.size() +
                 e.tid.text.size();
        return true;
    }
    long count = 0;
    std::size_t check = 0;
};

long rapidjsonSax(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    import::TraceInput input(file);
    CountingSink sink;
    const import::ReadOutcome out = import::ChromeTraceReader::read(input, sink);
    return out.ok && sink.check > 0 ? sink.count : -1;
}

long simdjsonOnDemand(const QString& path)
{
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path.toStdString()).get(json))
        return -1;
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    if (parser.iterate(json).get(doc))
        return -1;
    long count = 0;
    std::size_t check = 0;
    simdjson::ondemand::array events;
    if (doc["traceEvents"].get_array().get(events))
        return -1;
    for (auto element : events) {
        simdjson::ondemand::object e;
        if (element.get_object().get(e))
            return -1;
        // Fields in any order, as a trace may write them.
        for (auto field : e) {
            std::string_view key;
            if (field.unescaped_key().get(key))
                return -1;
            if (key == "ph" || key == "name") {
                std::string_view s;
                if (!field.value().get_string().get(s))
                    check += s.size();
            } else if (key == "ts" || key == "dur" || key == "pid" || key == "tid") {
                double d = 0;
                if (!field.value().get_double().get(d))
                    check += 1;
            }
        }
        ++count;
    }
    return check > 0 ? count : -1;
}

long qjsonDocument(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    long count = 0;
    std::size_t check = 0;
    for (const QJsonValue& v : doc.object().value(QLatin1String("traceEvents")).toArray()) {
        const QJsonObject e = v.toObject();
        check += static_cast<std::size_t>(e.value(QLatin1String("ph")).toString().size() +
                                          e.value(QLatin1String("name")).toString().size());
        check += e.value(QLatin1String("ts")).toDouble() > 0;
        check += e.value(QLatin1String("dur")).toDouble() >= 0;
        check += e.value(QLatin1String("pid")).toInt() + e.value(QLatin1String("tid")).toInt() >= 0;
        ++count;
    }
    return check > 0 ? count : -1;
}

long threadlineImport(const QString& path)
{
    const auto trace = import::importChromeTraceFile(path);
    return trace.ok() ? static_cast<long>(trace->events.size()) : -1;
}

struct Sample {
    double seconds = 0;
    long peakKiB = 0;
    long count = -1;
};

// Runs `variant` in a forked child: its wall time, its peak resident memory above what it started with.
Sample inChild(const std::function<long()>& variant)
{
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        std::ofstream("/proc/self/clear_refs") << "5"; // resets VmHWM to the current RSS
        const long before = statusKiB("VmRSS:");
        const auto start = std::chrono::steady_clock::now();
        const long count = variant();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        Sample s{seconds, statusKiB("VmHWM:") - before, count};
        const ssize_t n = write(fds[1], &s, sizeof s);
        _exit(n == sizeof s ? 0 : 1);
    }
    close(fds[1]);
    Sample s;
    const ssize_t n = read(fds[0], &s, sizeof s);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return n == sizeof s ? s : Sample{};
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

std::string ImportBench::run()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.json"));
    std::uint64_t bytes = 0;
    std::fprintf(stderr, "import: writing %ld events...\n", m_options.events);
    if (!dir.isValid() || !generate(path, m_options.events, bytes)) {
        std::fputs("threadline-bench: cannot write the trace\n", stderr);
        return {};
    }
    const std::vector<std::pair<std::string, std::function<long()>>> variants{
        {"rapidjson_sax", [&] { return rapidjsonSax(path); }},
        {"simdjson_ondemand", [&] { return simdjsonOnDemand(path); }},
        {"qjsondocument", [&] { return qjsonDocument(path); }},
        {"threadline_import", [&] { return threadlineImport(path); }},
    };
    std::map<std::string, std::vector<double>> seconds;
    std::map<std::string, std::vector<double>> peak;
    std::map<std::string, long> counts;
    for (int r = 0; r < m_options.runs; ++r) {
        for (const auto& [name, variant] : variants) {
            std::fprintf(stderr, "import: run %d %s...\n", r + 1, name.c_str());
            const Sample s = inChild(variant);
            if (s.count < 0) {
                std::fprintf(stderr, "threadline-bench: %s failed\n", name.c_str());
                return {};
            }
            seconds[name].push_back(s.seconds);
            peak[name].push_back(static_cast<double>(s.peakKiB));
            counts[name] = s.count;
        }
    }
    std::ostringstream json;
    json << "{\"bench\":\"import\",\"events\":" << m_options.events << ",\"file_mb\":" << bytes / 1e6
         << ",\"runs\":" << m_options.runs << ",\"variants\":{";
    bool firstVariant = true;
    for (const auto& [name, variant] : variants) {
        const double s = median(seconds[name]);
        json << (firstVariant ? "" : ",") << "\"" << name << "\":{\"seconds\":" << s
             << ",\"mb_per_s\":" << bytes / 1e6 / s << ",\"peak_mb\":" << median(peak[name]) / 1024.0
             << ",\"count\":" << counts[name] << "}";
        firstVariant = false;
    }
    json << "}}";
    return json.str();
}

} // namespace tl::bench
