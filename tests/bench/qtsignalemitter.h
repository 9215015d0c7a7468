#pragma once

#include "trace/event.h"

#include <QObject>

namespace tl::bench {

// The sending end of the qt_signal baseline: one signal per event, carrying the Event by value.
//
// Thread affinity: lives on the thread that created it; post() may be called from any one producer
// thread (emitting a signal connected with Qt::QueuedConnection is thread-safe).
class QtSignalEmitter : public QObject {
    Q_OBJECT
public:
    void post(const tl::Event& event) { Q_EMIT eventPosted(event); }

Q_SIGNALS:
    void eventPosted(tl::Event event);
};

} // namespace tl::bench
