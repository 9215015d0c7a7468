#include "window/shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QScreen>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tl::ui {

ShortcutsDialog::ShortcutsDialog(const QString& html, QWidget* parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser(this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    m_browser->setOpenLinks(false);
    m_browser->setHtml(html);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
}

void ShortcutsDialog::showEvent(QShowEvent* event)
{
    // As tall as the table, up to most of the screen: the rest scrolls.
    const QScreen* screen = this->screen();
    const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1024, 768);
    m_browser->document()->setTextWidth(m_browser->viewport()->width());
    const int content = static_cast<int>(m_browser->document()->size().height()) + m_browser->frameWidth() * 2;
    const int chrome = height() - m_browser->height();
    resize(std::max(width(), 520), std::min(content + chrome, available.height() * 85 / 100));
    QDialog::showEvent(event);
}

} // namespace tl::ui
