#pragma once

#include <QObject>

class QScrollBar;

namespace tl::ui {

// Keeps a scroll bar at its end while content is appended (a live log, a growing list), until the user
// scrolls away; scrolling back to the end resumes following. It listens to rangeChanged, so it follows
// even when the range grows after a deferred layout (a horizontal scroll bar appearing, lazy text
// layout). Only user actions (drag, wheel, keys, clicks) change whether it follows.
//
// Thread affinity: the GUI thread.
class ScrollFollower : public QObject {
    Q_OBJECT
public:
    explicit ScrollFollower(QScrollBar* bar);

    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    // Content was just appended: while following, goes to the end once the pending layout has run. A wrapped
    // QPlainTextEdit lays its new lines out lazily, and its range then grows without rangeChanged.
    void contentAppended();

private:
    QScrollBar* m_bar;
    bool m_following = true;
};

} // namespace tl::ui
