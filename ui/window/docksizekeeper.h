#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSize>
#include <QVariantMap>

class QDockWidget;
class QMainWindow;

namespace tl::ui {

// Gives the docks back their sizes when the window grows again. QMainWindow takes room from its docks as it
// shrinks and gives all it gains to the central widget as it grows: a window made small once (a projector's
// 1024 x 700, then back) kept its panels squeezed, Scenarios' names cut, until View > Reset Layout.
//
// A dock's wanted size is the one the user last gave it (a separator dragged with the mouse) or the layout
// set (remember(): the first layout, Reset Layout, a restored one), with the window's size then. When the
// window grows, each visible docked panel smaller than it wants gets that size back, scaled by how much
// smaller the window still is than it was then, so that the panels keep their share of a window of any size.
class DockSizeKeeper : public QObject {
    Q_OBJECT
public:
    DockSizeKeeper(QMainWindow* window, QList<QDockWidget*> docks);

    // The docks' sizes as laid out now are the wanted ones; later, once the layout has been applied.
    void remember();
    void rememberLater();
    // As rememberLater(), for the docks with no wanted size yet: the first show keeps the sizes restored().
    void rememberUnknownLater();
    // The wanted sizes, by dock name, to be given back in a later session: a window closed small saved a squeezed
    // layout, and without them the next session's window grown again kept its panels squeezed.
    QVariantMap saved() const;
    void restore(const QVariantMap& saved);
    // The window's size changed (its resizeEvent, its layout applied): a window that grew gives sizes back.
    void windowResized(QSize from, QSize to);

    QSize wanted(const QDockWidget* dock) const { return m_wanted.value(dock).dock; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Wanted {
        QSize dock;
        QSize window; // the window's size then
    };
    void rememberDocks(bool unknownOnly);
    void giveBack(Qt::Orientation orientation);
    // The wanted size along `orientation`, scaled by how much smaller the window is now than it was then.
    int scaled(const Wanted& wanted, Qt::Orientation orientation) const;

    QMainWindow* m_window;
    QList<QDockWidget*> m_docks;
    QHash<const QDockWidget*, Wanted> m_wanted;
    bool m_givingBack = false;
};

} // namespace tl::ui
