// Responsiveness of the real main window while a large lesson runs live (a benchmark that reports
// numbers, not a test: it asserts nothing about speed).
//   bench_liveui [workers] [clients]        (pool-queue; defaults 1000 and 2000)
// A 1 ms QTimer on the GUI thread records the gap between its ticks: a gap is how long the window could
// not react to input (draining the channel, updating the models, painting). The baseline, in the same
// run, is the same window idle for as long. Run it offscreen: QT_QPA_PLATFORM=offscreen.
#include "scenarios/scenario.h"
#include "trace/tracestore.h"
#include "window/mainwindow.h"
#include "window/runcontroller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct Gaps {
    std::vector<double> ms;
    double percentile(double p) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size())))];
    }
    double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
};

// Runs the event loop until `done()` or `limitMs`, recording the gaps between 1 ms timer ticks.
template <typename Done> Gaps measure(int limitMs, const Done& done)
{
    Gaps gaps;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QEventLoop loop;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.ms.push_back(double(now - last) / 1e6);
        last = now;
        if (done() || clock.elapsed() > limitMs)
            loop.quit();
    });
    tick.start(1);
    loop.exec();
    return gaps;
}

void report(const char* what, const Gaps& g)
{
    std::printf("%-34s ticks %6zu   median %6.2f ms   p99 %7.2f ms   max %7.2f ms\n", what, g.ms.size(),
                g.percentile(0.5), g.percentile(0.99), g.max());
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QString workers = QString::number(argc > 1 ? std::atoi(argv[1]) : 1000);
    const QString clients = QString::number(argc > 2 ? std::atoi(argv[2]) : 2000);
    const tl::Scenario* scenario = tl::findScenario(QStringLiteral("pool-queue"));
    const QList<QPair<QString, QString>> overrides{{QStringLiteral("workers"), workers},
                                                   {QStringLiteral("clients"), clients}};
    const auto values = tl::resolveParameters(scenario->parameters, overrides);
    if (!values) {
        std::fprintf(stderr, "bench_liveui: %s\n", qPrintable(values.error()));
        return 2;
    }
    tl::ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QElapsedTimer wall;
    wall.start();
    const Gaps idle = measure(3000, [] { return false; });

    if (!window.launch(scenario->id, *values, 1.0))
        return 1;
    wall.restart();
    const Gaps live = measure(600'000, [&] { return !window.runs()->isRunning(); });
    const double runSeconds = double(wall.elapsed()) / 1000;
    const tl::TraceStore& store = *window.runs()->store();
    std::printf("pool-queue, %s workers, %s clients: %zu threads, %llu events, %.1f s wall, %llu dropped\n",
                qPrintable(workers), qPrintable(clients), store.laneCount(),
                static_cast<unsigned long long>(store.eventCount()), runSeconds,
                static_cast<unsigned long long>(store.droppedEvents()));
    report("idle window (baseline)", idle);
    report("while the lesson runs live", live);
    return 0;
}
