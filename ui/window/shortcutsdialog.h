#pragma once

#include <QDialog>

class QTextBrowser;

namespace tl::ui {

// Help > Keyboard Shortcuts: the table of shortcuts, in a browser that scrolls, in a dialog no taller than the
// screen it opens on (a message box grew to the table's height, 1590 px, and put its Close button off a 1000 px
// screen).
//
// Thread affinity: the GUI thread.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QString& html, QWidget* parent = nullptr);

    QTextBrowser* browser() const { return m_browser; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    QTextBrowser* m_browser;
};

} // namespace tl::ui
