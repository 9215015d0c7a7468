#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <cmath>

namespace tl {

// What a trace is a trace of: the lesson, its parameter values, the speed it ran at.
struct TraceMetadata {
    QString scenarioId;
    QString scenarioTitle;
    QList<QPair<QString, QVariant>> parameters; // in the scenario's declared order
    double speed = 1.0;                         // infinity: "max", every wait jumped over at once

    bool isMaxSpeed() const { return std::isinf(speed); }
    // The speed as the command line writes it: "max", or the factor ("20", "0.5").
    QString speedText() const { return isMaxSpeed() ? QStringLiteral("max") : QString::number(speed); }
};

} // namespace tl
