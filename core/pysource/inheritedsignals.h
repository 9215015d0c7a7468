#pragma once

#include <QList>

namespace tl {

// The stop signals (SIGINT, SIGTERM, SIGHUP) this process was started with ignored: SIGHUP under nohup, SIGINT as a
// background job of a shell without job control. Python leaves such a signal ignored (it installs its
// KeyboardInterrupt handler only on a SIGINT at its default), and so does Threadline: it installs no handler of its
// own on them, and the program it traces starts with them ignored too, as it would untraced.
//
// Read once, by the first call, which main() makes before any handler is installed: a fact of the process, written
// once and only read after. Thread affinity: any thread.
QList<int> stopSignalsIgnoredAtStart();

} // namespace tl
