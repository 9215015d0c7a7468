// What the window's Python tests share (tst_mainwindowpython, tst_mainwindowpythonlive): a shown window whose Python
// runs use the tests' interpreter, the run timeout, and the message boxes it opened.

#pragma once

#include "support/pythontestutil.h"
#include "window/mainwindow.h"
#include "window/programcontroller.h"

#include <QList>
#include <QMessageBox>

namespace tl::ui::windowtest {

inline constexpr int kRunTimeoutMs = 60000;

// A window whose Python runs use the tests' interpreter.
struct Window {
    MainWindow w;
    Window()
    {
        w.program()->launcher().setInterpreter(pytest::testPython());
        w.show();
    }
};

// The window-modal boxes the window opened (reportError and the SyntaxError dialog).
inline QList<QMessageBox*> boxes(const MainWindow& w)
{
    return w.findChildren<QMessageBox*>();
}

} // namespace tl::ui::windowtest
