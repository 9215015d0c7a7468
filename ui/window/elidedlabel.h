#pragma once

#include <QLabel>

namespace tl::ui {

// A one-line label that, given less room than its text needs, shows the text cut short with "…": a bare cut
// ("interval=0.2" read "inte", a deadlock sentence lost its last thread) reads as if that were all. It asks its
// whole text's width, and takes less when its layout has less to give.
//
// Thread affinity: the GUI thread.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    QString fullText() const { return m_fullText; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void elide();
    int widthFor(const QString& text) const;

    QString m_fullText;
};

} // namespace tl::ui
