#include "window/statussummary.h"

#include "window/elidedlabel.h"

#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace tl::ui {

namespace {

// Bold red that reads on the window's background: #d00000 on a light one (4.9:1 on Fusion's #efefef), #ff7f7f on a
// dark one (4.9:1 on #353535, where #d00000 gave 2.1:1).
QString alertStyle(const QPalette& palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return QStringLiteral("color: %1; font-weight: bold;")
        .arg(dark ? QStringLiteral("#ff7f7f") : QStringLiteral("#d00000"));
}

QLabel* section(QWidget* parent, const QString& tip)
{
    auto* label = new QLabel(parent);
    label->setToolTip(tip);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

StatusSummary::StatusSummary(QWidget* parent)
    : QWidget(parent)
    , m_state(section(this, tr("Whether the scenario is running")))
    , m_source(section(this, QString()))
    , m_time(
          section(this, tr("Scenario time: the run's own clock, exact at every speed; it stands still while paused")))
    , m_threads(section(this, tr("Threads alive (started, not yet ended) / threads created")))
    , m_events(section(this, tr("Events recorded in the trace")))
    , m_dropped(section(this, tr("Events lost because the channel was full (none is normal)")))
    , m_queues(section(this, tr("Items in each queue now")))
    , m_deadlock(new ElidedLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(18);
    for (QLabel* l : {m_state, m_source, m_time, m_threads, m_events, m_dropped, m_queues})
        layout->addWidget(l);
    m_deadlock->setStyleSheet(alertStyle(palette()));
    // Cut short with "…" in a narrow window; the tooltip and Details have it whole.
    m_deadlock->hide();
    layout->addWidget(m_deadlock);
    layout->addStretch(1);
    refresh(nullptr, 0, RunState::Idle);
}

void StatusSummary::refresh(const TraceStore* store, std::int64_t nowTs, RunState state)
{
    const QLocale locale;
    switch (state) {
    case RunState::Idle:
        m_state->setText(tr("no run"));
        break;
    case RunState::Live:
        m_state->setText(tr("● live"));
        break;
    case RunState::Paused:
        m_state->setText(tr("❚❚ paused"));
        break;
    case RunState::Finished:
        m_state->setText(tr("■ finished"));
        break;
    case RunState::Stopped:
        m_state->setText(tr("■ stopped"));
        break;
    case RunState::CutShort:
        m_state->setText(tr("■ cut short"));
        break;
    }
    refreshSource(store);
    // A run shorter than a second (hello takes 0.3 ms) reads in ms, µs or ns, not as "0.000 s".
    const std::int64_t t = std::max<std::int64_t>(nowTs, 0);
    m_time->setText(tr("t = %1").arg(t == 0 ? QStringLiteral("0 s") : formatDuration(t)));
    std::size_t alive = 0;
    std::size_t total = 0;
    QStringList queues;
    std::uint64_t events = 0;
    std::uint64_t dropped = 0;
    if (store) {
        total = store->laneCount();
        for (std::size_t i = 0; i < total; ++i)
            alive += store->lane(static_cast<LaneId>(i)).openSpans.empty() ? 0 : 1;
        events = store->eventCount();
        dropped = store->droppedEvents();
        constexpr int kShownQueues = 4;
        for (const QueueInfo& q : store->queues()) {
            if (queues.size() == kShownQueues) {
                queues << QStringLiteral("…");
                break;
            }
            const std::uint32_t depth = q.depth.empty() ? 0 : q.depth.back().second;
            queues << (q.maxsize > 0 ? QStringLiteral("%1 %2/%3").arg(q.name).arg(depth).arg(q.maxsize)
                                     : QStringLiteral("%1 %2").arg(q.name).arg(depth));
        }
    }
    m_threads->setText(tr("%1 / %2 threads alive").arg(alive).arg(total));
    m_events->setText(tr("%1 events").arg(locale.toString(static_cast<qulonglong>(events))));
    m_dropped->setText(tr("%1 dropped").arg(locale.toString(static_cast<qulonglong>(dropped))));
    const bool red = dropped > 0;
    if (red != m_droppedRed) {
        m_droppedRed = red;
        m_dropped->setStyleSheet(red ? alertStyle(palette()) : QString());
    }
    m_queues->setText(queues.isEmpty() ? QString() : tr("queues: %1").arg(queues.join(QStringLiteral(", "))));
}

void StatusSummary::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    m_deadlock->setStyleSheet(alertStyle(palette()));
    if (m_droppedRed)
        m_dropped->setStyleSheet(alertStyle(palette()));
}

void StatusSummary::setDeadlock(const QString& sentence)
{
    m_deadlock->setFullText(sentence);
    m_deadlock->setToolTip(sentence.isEmpty() ? QString()
                                              : sentence + QStringLiteral(".\n\n") +
                                                    tr("Found the moment it formed. A certain deadlock keeps the run "
                                                       "stuck until you press Stop, as in Python; a potential one "
                                                       "may yet end."));
    m_deadlock->setVisible(!sentence.isEmpty());
}

QString StatusSummary::deadlockText() const
{
    return m_deadlock->fullText();
}

QString StatusSummary::stateText() const
{
    return m_state->text();
}

QString StatusSummary::sourceText() const
{
    return m_source->text();
}

QString StatusSummary::sourceToolTip() const
{
    return m_source->toolTip();
}

void StatusSummary::refreshSource(const TraceStore* store)
{
    QString text;
    QString tip;
    if (store) {
        const TraceMetadata& meta = store->metadata();
        if (meta.isPython()) {
            text = meta.interpreter.isEmpty() ? tr("Python") : meta.interpreter;
            QStringList lines{tr("Run in a real Python interpreter under Threadline's tracer")};
            if (!meta.executable.isEmpty())
                lines << tr("Interpreter: %1").arg(meta.executable);
            lines << (meta.module.isEmpty() ? tr("Script: %1").arg(meta.script) : tr("Module: %1").arg(meta.module));
            if (!meta.args.isEmpty())
                lines << tr("Arguments: %1").arg(meta.args.join(QLatin1Char(' ')));
            tip = lines.join(QLatin1Char('\n'));
        } else if (!meta.source.isEmpty()) {
            text = tr("C++ engine");
            tip = tr("The lesson re-created by Threadline's C++ engine, step for step as the listing");
        }
    }
    // Set only on change: this runs on every drain tick.
    if (text != m_source->text())
        m_source->setText(text);
    if (tip != m_source->toolTip())
        m_source->setToolTip(tip);
}

QString StatusSummary::timeText() const
{
    return m_time->text();
}
QString StatusSummary::threadsText() const
{
    return m_threads->text();
}
QString StatusSummary::eventsText() const
{
    return m_events->text();
}
QString StatusSummary::droppedText() const
{
    return m_dropped->text();
}
QString StatusSummary::queuesText() const
{
    return m_queues->text();
}

} // namespace tl::ui
