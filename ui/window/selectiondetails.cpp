#include "window/selectiondetails.h"

#include "timeline/timelinedescribe.h"
#include "timeline/viewstate.h"
#include "trace/deadlocktext.h"
#include "trace/eventtext.h"
#include "trace/tracemetadata.h"
#include "trace/tracestore.h"

namespace tl::ui {

namespace {

QString row(const QString& key, const QString& value)
{
    // The key never wraps (a narrow panel broke "Interpreter" after its "e"): the value takes what is left.
    return QStringLiteral("<tr><td style='padding-right:12px; color:gray; white-space:nowrap'>%1</td><td>%2</td></tr>")
        .arg(key.toHtmlEscaped(), value.toHtmlEscaped());
}

} // namespace

SelectionDetails::SelectionDetails(ViewState* state, QWidget* parent)
    : QTextBrowser(parent)
    , m_state(state)
{
    setOpenLinks(false);
    setPlaceholderText(
        tr("Click a band or a marker on the timeline, or a row of the event list, to see it "
           "here. Drag on the ruler of a finished or paused run to scrub; Shift+drag measures a time range."));
    connect(m_state, &ViewState::selectionChanged, this, &SelectionDetails::refresh);
    connect(m_state, &ViewState::measurementChanged, this, &SelectionDetails::refresh);
}

void SelectionDetails::setStore(const TraceStore* store)
{
    m_store = store;
    refresh();
}

QString SelectionDetails::lineRow(const TraceStore& store, EventId id) const
{
    const Event& e = store.event(id);
    if (e.line == 0)
        return {};
    const StringId file = store.fileOf(id);
    if (file != 0 && store.text(file) != store.metadata().script)
        return row(tr("Source"), QStringLiteral("%1, line %2").arg(store.text(file)).arg(e.line));
    return row(tr("Listing line"), QString::number(e.line));
}

void SelectionDetails::refresh()
{
    const QString html = selectionHtml() + measurementHtml() + runHtml();
    if (html == m_html)
        return;
    m_html = html;
    setHtml(html);
}

void SelectionDetails::describeRunB(const ViewState* stateB, std::function<const TraceStore*()> storeB)
{
    if (m_stateB != stateB) {
        if (m_stateB)
            disconnect(m_stateB, nullptr, this, nullptr);
        connect(stateB, &ViewState::selectionChanged, this, &SelectionDetails::refresh);
    }
    m_stateB = stateB;
    m_storeB = std::move(storeB);
    refresh();
}

void SelectionDetails::describeRunA()
{
    if (m_stateB)
        disconnect(m_stateB, nullptr, this, nullptr);
    m_stateB = nullptr;
    m_storeB = nullptr;
    refresh();
}

QString SelectionDetails::selectionHtml() const
{
    if (m_stateB)
        return selectionHtml(*m_stateB, m_storeB(), tr("Selection in run B"));
    return selectionHtml(*m_state, m_store, tr("Selection"));
}

QString SelectionDetails::selectionHtml(const ViewState& state, const TraceStore* store, const QString& heading) const
{
    const Selection sel = state.selection();
    if (!store || sel.isNone() || sel.lane >= store->laneCount())
        return {};
    const LaneInfo& lane = store->lane(sel.lane);
    QString rows = row(tr("Thread"), laneLabel(*store, sel.lane));
    if (!lane.target.isEmpty())
        rows += row(tr("Target"), lane.target);
    if (const Span* selected = selectedSpan(*store, sel)) {
        const Span& span = *selected;
        // A thread's run span is its whole life, which its waits are drawn over: the green bands clicked are the
        // stretches between them, and it was running only their sum (Statistics' figure).
        const bool run = span.state == LaneState::Running && span.depth == 0;
        const std::int64_t running = run ? uncoveredTime(lane, span, store->endTs()) : 0;
        const std::int64_t whole = (span.isOpen() ? store->endTs() : span.end) - span.begin;
        const bool waits = run && running < whole;
        rows += row(tr("State"), waits ? tr("its run, from its start to its end") : stateDescription(span.state));
        rows += row(tr("Start"), formatTimestamp(span.begin));
        if (span.isOpen()) {
            rows += row(tr("End"), tr("still open"));
        } else {
            rows += row(tr("End"), formatTimestamp(span.end));
            rows += row(tr("Duration"), formatDuration(span.end - span.begin));
        }
        if (waits)
            rows += row(tr("Running"), tr("%1 of it, the bands between its other states").arg(formatDuration(running)));
        if (span.state == LaneState::Slice) {
            // Another tool's slice is its name (and its category): said as such, not as a detail of a state.
            rows += row(tr("Name"), sliceLabel(store->text(span.detail)));
            if (store->contains(span.opening) && store->event(span.opening).b != 0)
                rows += row(tr("Category"), store->text(store->event(span.opening).b));
        } else if (const QString detail = spanDetails(*store, lane, span); !detail.isEmpty()) {
            rows += row(tr("Details"), detail);
        }
        if (store->contains(span.opening))
            rows += lineRow(*store, span.opening);
    } else if (const Event* event = sel.kind == Selection::Kind::Event ? selectedEvent(*store, sel) : nullptr) {
        const Event& e = *event;
        rows += row(tr("Event"), eventName(e.kind));
        rows += row(tr("Time"), formatTimestamp(e.ts));
        if (const QString detail = eventDetails(*store, e); !detail.isEmpty())
            rows += row(tr("Details"), detail);
        if (const QString cycle = deadlockSentenceOf(*store, e); !cycle.isEmpty())
            rows += row(e.kind == EventKind::Stall ? tr("Stall") : tr("Cycle"), cycle);
        rows += lineRow(*store, sel.event);
    } else {
        return {};
    }
    return QStringLiteral("<b>%1</b><table>%2</table>").arg(heading, rows);
}

QString SelectionDetails::runHtml() const
{
    // With nothing selected, a Python run says what ran: the program, its arguments, the interpreter.
    if (!m_store || !m_state->selection().isNone() || !m_store->metadata().isPython())
        return {};
    const TraceMetadata& meta = m_store->metadata();
    QString rows = meta.module.isEmpty() ? row(tr("Script"), meta.script) : row(tr("Module"), meta.module);
    if (!meta.args.isEmpty())
        rows += row(tr("Arguments"), meta.args.join(QLatin1Char(' ')));
    rows += row(tr("Interpreter"),
                meta.interpreter.isEmpty() ? meta.executable : tr("%1 (%2)").arg(meta.interpreter, meta.executable));
    rows += row(tr("Speed"), tr("%1x").arg(meta.speed));
    for (const QString& problem : meta.problems)
        rows += row(tr("Problem"), problem);
    return QStringLiteral("<p><b>%1</b><table>%2</table></p><p style='color:gray'>%3</p>")
        .arg(tr("Run"), rows, placeholderText().toHtmlEscaped());
}

QString SelectionDetails::measurementHtml() const
{
    const std::optional<TimeRange> m = m_state->measurement();
    if (!m)
        return {};
    const QString rows = row(tr("Start"), formatTimestamp(m->from)) + row(tr("End"), formatTimestamp(m->to)) +
                         row(tr("Duration"), formatDuration(m->duration()));
    return QStringLiteral("<p><b>%1</b><table>%2</table></p>").arg(tr("Measurement"), rows);
}

} // namespace tl::ui
