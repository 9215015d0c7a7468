#include "window/viewlink.h"

#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/runcontroller.h"

#include <optional>

namespace tl::ui {

namespace {

// The moment a selection stands for: its event's, or the middle of its span (its start while open), so
// that a long sleep picked on one run finds what the other run did during it, not just as it began.
std::optional<std::int64_t> selectedTs(const TraceStore& store, const Selection& selection)
{
    if (selection.isNone() || !store.contains(selection.event))
        return std::nullopt;
    const std::int64_t ts = store.event(selection.event).ts;
    if (selection.kind != Selection::Kind::Span)
        return ts;
    const Span* span = store.spanOpenedBy(selection.lane, selection.event);
    return span && !span->isOpen() ? span->begin + (span->end - span->begin) / 2 : ts;
}

std::optional<LaneId> laneNamed(const TraceStore& store, const QString& name)
{
    for (std::size_t i = 0; i < store.laneCount(); ++i) {
        if (store.laneName(static_cast<LaneId>(i)) == name)
            return static_cast<LaneId>(i);
    }
    return std::nullopt;
}

// The innermost span of `lane` at `ts` (spans are sorted by begin and nested); none if the lane was not
// alive then.
Selection spanAt(const TraceStore& store, LaneId lane, std::int64_t ts)
{
    const Span* innermost = nullptr;
    for (const Span& span : store.lane(lane).spans) {
        if (span.begin > ts)
            break;
        if (span.isOpen() || span.end > ts || (span.begin == ts && span.end == ts))
            innermost = &span;
    }
    return innermost ? Selection::ofSpan(lane, innermost->opening) : Selection{};
}

} // namespace

ViewLink::ViewLink(ViewState* a, const RunController* runsA, ViewState* b, const RunController* runsB, QObject* parent)
    : QObject(parent)
    , m_a(a)
    , m_b(b)
    , m_runsA(runsA)
    , m_runsB(runsB)
{
    // setRange() and setFlowsVisible() signal only a real change, so each mirror stops after one step.
    m_b->setRange(m_a->range());
    m_b->setFlowsVisible(m_a->flowsVisible());
    connect(m_a, &ViewState::rangeChanged, m_b, [this] { m_b->setRange(m_a->range()); });
    connect(m_b, &ViewState::rangeChanged, m_a, [this] { m_a->setRange(m_b->range()); });
    connect(m_a, &ViewState::flowsVisibleChanged, m_b, &ViewState::setFlowsVisible);
    connect(m_b, &ViewState::flowsVisibleChanged, m_a, &ViewState::setFlowsVisible);
    connect(m_a, &ViewState::selectionChanged, m_b, [this] {
        if (!m_mirroring)
            emit picked(false);
        mirrorAtoB();
    });
    connect(m_b, &ViewState::selectionChanged, m_a, [this] {
        if (!m_mirroring)
            emit picked(true);
        if (m_runsA && m_runsB)
            mirrorSelection(*m_b, m_runsB->store(), *m_a, m_runsA->store());
    });
}

void ViewLink::mirrorAtoB()
{
    if (m_runsA && m_runsB)
        mirrorSelection(*m_a, m_runsA->store(), *m_b, m_runsB->store());
}

void ViewLink::mirrorSelection(const ViewState& from, const TraceStore* fromStore, ViewState& to,
                               const TraceStore* toStore)
{
    if (m_mirroring || !fromStore || !toStore)
        return;
    m_mirroring = true;
    const Selection picked = from.selection();
    Selection mirrored;
    if (const std::optional<std::int64_t> ts = selectedTs(*fromStore, picked)) {
        if (const std::optional<LaneId> lane = laneNamed(*toStore, fromStore->laneName(picked.lane)))
            mirrored = spanAt(*toStore, *lane, *ts);
    }
    to.setSelection(mirrored);
    m_mirroring = false;
}

} // namespace tl::ui
