#pragma once

#include <QStringList>

namespace tl::ui {

// The trace files opened lately, for File > Open Recent: absolute paths, newest first, no duplicates, at
// most kMax, kept in the user's settings (QSettings "threadline", key "recentTraces") so they outlive
// the window.
//
// Thread affinity: the GUI thread.
class RecentTraces {
public:
    static constexpr int kMax = 8;

    static QStringList list();
    // Puts `path` first (made absolute), dropping an older entry for it and the oldest beyond kMax.
    static void add(const QString& path);
    // Forgets `path` (a file that no longer opens).
    static void remove(const QString& path);
    static void clear();
};

} // namespace tl::ui
