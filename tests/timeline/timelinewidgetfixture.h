#pragma once

#include "recordedtrace.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"

#include <QTest>

#include <cstdint>
#include <memory>
#include <utility>

namespace tl::test {

// The fixture of the widget tests (tst_timelinewidget, tst_timelinepaint): a recorded small run shown
// in a 1000x420 TimelineWidget, offscreen, fitted to the whole run. The store lives for the test case;
// the widget and its view state are made fresh for each test function. GUI thread only. A test class
// derives from it (after QObject) and calls these from its initTestCase(), init() and cleanup() slots;
// the QVERIFYs in here fail the slot that called them.
class TimelineWidgetFixture {
protected:
    void recordStore()
    {
        m_store = recordSmallRun();
        QCOMPARE(m_store->laneCount(), std::size_t(4));
    }

    void showWidget()
    {
        m_state = std::make_unique<ui::ViewState>();
        m_widget = std::make_unique<ui::TimelineWidget>(m_state.get());
        m_widget->resize(1000, 420);
        m_widget->setStore(m_store.get());
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        m_widget->fitAll();
    }

    void closeWidget()
    {
        m_widget.reset();
        m_state.reset();
    }

    double xOf(std::int64_t ts) const
    {
        const QRect plot = m_widget->plotRect();
        return ui::timeToX(ts, m_state->range(), plot.left(), plot.width());
    }
    std::int64_t timeAt(double x) const
    {
        const QRect plot = m_widget->plotRect();
        return ui::xToTime(x, m_state->range(), plot.left(), plot.width());
    }

    // A sleeping span of the "sleeper" lane: no nested span covers it.
    std::pair<LaneId, std::uint32_t> sleeperSleep() const
    {
        for (LaneId id = 0; id < m_store->laneCount(); ++id) {
            if (m_store->lane(id).name != QStringLiteral("sleeper"))
                continue;
            const auto& spans = m_store->lane(id).spans;
            for (std::uint32_t i = 0; i < spans.size(); ++i) {
                if (spans[i].state == LaneState::Sleeping)
                    return {id, i};
            }
        }
        return {0, 0};
    }

    std::unique_ptr<TraceStore> m_store;
    std::unique_ptr<ui::ViewState> m_state;
    std::unique_ptr<ui::TimelineWidget> m_widget;
};

} // namespace tl::test
