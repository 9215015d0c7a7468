#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

namespace tl {

// What a trace is a trace of: the lesson, its parameter values, the speed it ran at.
struct TraceMetadata {
    QString scenarioId;
    QString scenarioTitle;
    QList<QPair<QString, QVariant>> parameters; // in the scenario's declared order
    double speed = 1.0;
};

} // namespace tl
