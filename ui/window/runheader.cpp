#include "window/runheader.h"

#include "window/elidedlabel.h"

#include "trace/tracemetadata.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace tl::ui {

namespace {

// A colour per state that reads on light and dark backgrounds (Okabe-Ito).
QString stateColor(StatusSummary::RunState state)
{
    switch (state) {
    case StatusSummary::RunState::Live:
        return QStringLiteral("#009E73");
    case StatusSummary::RunState::Paused:
        return QStringLiteral("#E69F00");
    case StatusSummary::RunState::Stopped:
    case StatusSummary::RunState::CutShort:
        return QStringLiteral("#D55E00");
    default:
        return QStringLiteral("#0072B2");
    }
}

} // namespace

QString runStateWord(StatusSummary::RunState state)
{
    switch (state) {
    case StatusSummary::RunState::Idle:
        return {};
    case StatusSummary::RunState::Live:
        return QObject::tr("live");
    case StatusSummary::RunState::Paused:
        return QObject::tr("paused");
    case StatusSummary::RunState::Finished:
        return QObject::tr("finished");
    case StatusSummary::RunState::Stopped:
        return QObject::tr("stopped");
    case StatusSummary::RunState::CutShort:
        return QObject::tr("cut short");
    }
    return {};
}

QString runParametersText(const TraceMetadata& metadata)
{
    QStringList parts;
    for (const auto& [key, value] : metadata.parameters)
        parts << QStringLiteral("%1=%2").arg(key, value.toString());
    QString text = parts.join(QStringLiteral(", "));
    const QString speed = metadata.isMaxSpeed() ? QObject::tr("max speed") : QStringLiteral("%1x").arg(metadata.speed);
    return text.isEmpty() ? speed : QStringLiteral("%1 · %2").arg(text, speed);
}

RunHeader::RunHeader(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_detail(new ElidedLabel(this))
    , m_state(new QLabel(this))
    , m_finder(new QLineEdit(this))
{
    m_finder->setPlaceholderText(tr("Find lanes by name…"));
    m_finder->setClearButtonEnabled(true);
    m_finder->setAccessibleName(tr("Find lanes by name"));
    m_finder->setMaximumWidth(260);
    m_finder->setMinimumWidth(m_finder->fontMetrics().horizontalAdvance(m_finder->placeholderText()) + 40);
    m_finder->hide();
    QFont bold = font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long detail is cut at the header's edge, with "…" (the header's tooltip says it whole): asking its full
    // width, it squeezed the Find box to four letters and narrowed the side panels.
    m_detail->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_state->setTextFormat(Qt::RichText);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_title);
    layout->addSpacing(12);
    layout->addWidget(m_detail, 1);
    layout->addWidget(m_finder);
    layout->addSpacing(8);
    layout->addWidget(m_state);
    setAccessibleName(tr("Run on screen"));
    clear();
}

void RunHeader::show(const TraceMetadata& metadata, StatusSummary::RunState state)
{
    const QFileInfo file(metadata.file);
    if (metadata.isAnotherToolsTrace()) {
        // Another tool's trace: named by its file once; it has no parameters or speed to tell.
        m_title->setText(file.fileName());
        m_detail->setFullText(tr("a Chrome trace, in %1").arg(QDir::toNativeSeparators(file.absolutePath())));
    } else {
        const QString& id = metadata.scenarioId;
        // A script's title names its file already ("prog.py in CPython 3.11.2"): said once.
        m_title->setText(metadata.scenarioTitle.isEmpty() ? id
                         : metadata.scenarioTitle.contains(id)
                             ? metadata.scenarioTitle
                             : QStringLiteral("%1 — %2").arg(id, metadata.scenarioTitle));
        QString detail = metadata.file.isEmpty()
                             ? runParametersText(metadata)
                             : QStringLiteral("%1 · %2").arg(file.fileName(), runParametersText(metadata));
        // A lesson run in CPython looked like the engine's run of it: what ran it is said, where the title does not.
        if (metadata.isPython() && !metadata.interpreter.isEmpty() && !m_title->text().contains(metadata.interpreter))
            detail += tr(" · in %1").arg(metadata.interpreter);
        m_detail->setFullText(detail);
    }
    const QString word = runStateWord(state);
    m_state->setText(word.isEmpty() ? QString()
                                    : QStringLiteral("<b style='color:%1'>● %2</b>").arg(stateColor(state), word));
    m_state->setAccessibleName(word);
    setToolTip(tr("The run the timeline shows: %1 (%2), %3").arg(m_title->text(), m_detail->fullText(), word));
}

void RunHeader::clear()
{
    m_title->setText(tr("No run yet"));
    m_detail->setFullText(tr("pick a lesson to run it"));
    m_state->clear();
}

QString RunHeader::titleText() const
{
    return m_title->text();
}

QString RunHeader::detailText() const
{
    return m_detail->fullText();
}

QString RunHeader::shownDetailText() const
{
    return m_detail->text();
}

QString RunHeader::stateText() const
{
    return m_state->accessibleName();
}

} // namespace tl::ui
