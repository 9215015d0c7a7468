// Frame-time benchmark for the timeline widget (not a test: it asserts nothing about speed).
//   bench_timeline [lanes] [sleepsPerLane]
// Builds a synthetic trace (each sleep is two events), then times paint frames into an offscreen image,
// changing the range before each so every frame rebuilds the visible lanes' geometry, as zooming does.
#include "synthetictrace.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

double medianMs(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int lanes = argc > 1 ? std::atoi(argv[1]) : 200;
    const int sleeps = argc > 2 ? std::atoi(argv[2]) : 5000;
    const std::int64_t end = 60'000'000'000; // a minute of scenario time

    QElapsedTimer timer;
    timer.start();
    auto store = tl::test::syntheticTrace(lanes, sleeps, end, 1'000'000);
    std::printf("trace: %zu lanes, %llu events, built in %lld ms\n", store->laneCount(),
                static_cast<unsigned long long>(store->eventCount()), static_cast<long long>(timer.elapsed()));

    tl::ui::ViewState state;
    tl::ui::TimelineWidget widget(&state);
    widget.resize(1600, 900);
    timer.restart();
    widget.setStore(store.get());
    std::printf("setStore (index build): %lld ms\n", static_cast<long long>(timer.elapsed()));

    QImage image(widget.size(), QImage::Format_ARGB32_Premultiplied);
    struct Case {
        const char* name;
        tl::ui::TimeRange a;
        tl::ui::TimeRange b;
    };
    const Case cases[] = {
        {"whole run (everything folded)", {0, end}, {1, end + 1}},
        {"one second (spans a few px wide)", {30'000'000'000, 31'000'000'000}, {30'000'000'001, 31'000'000'001}},
        {"ten ms (few spans, labels)", {30'000'000'000, 30'010'000'000}, {30'000'000'001, 30'010'000'001}},
    };
    for (const Case& c : cases) {
        std::vector<double> rebuild;
        std::vector<double> replay;
        for (int i = 0; i < 21; ++i) {
            state.setRange(i % 2 ? c.a : c.b);
            QPainter p(&image);
            timer.restart();
            widget.render(&p);
            rebuild.push_back(timer.nsecsElapsed() / 1e6);
            timer.restart();
            widget.render(&p);
            replay.push_back(timer.nsecsElapsed() / 1e6);
        }
        std::printf("%-36s rebuild+paint %7.2f ms   cached paint %7.2f ms\n", c.name, medianMs(rebuild),
                    medianMs(replay));
    }
    return 0;
}
