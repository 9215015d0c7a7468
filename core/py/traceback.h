#pragma once

#include "py/errors.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tl {

struct ListingText;

// One frame of a Python traceback: `File "hello.py", line 14, in <module>` and the source line under it.
struct TracebackFrame {
    QString file;
    int line = 0;
    QString function; // "<module>" at the top level, else the enclosing def's (or class's) name
    QString source;   // the line's text, stripped, as traceback prints it
    int caretStart = 0; // the columns (in `source`) under which CPython 3.11 draws ^ markers; none if empty
    int caretLength = 0;
};

// The listing's frame for `line`: its enclosing function found by indentation, as CPython's code objects
// name it. nullopt when the run has no listing or the line is not in it.
std::optional<TracebackFrame> listingFrame(const ListingText& listing, int line);

// The exception's last line as traceback.format_exception_only() writes it: "Type: message", or "Type"
// alone when the message is empty (`raise queue.Empty` prints "_queue.Empty", no colon).
QString exceptionOnlyText(const PyException& error);

// What CPython prints for an exception that escaped a thread (threading.excepthook: "Exception in thread
// NAME:" first) or the main module (sys.excepthook: no such line), with the listing's frame if there is
// one. The frames inside Python's own library (threading.py, queue.py) are left out: the engine has none,
// and their line numbers depend on the Python build.
enum class ErrorSite { Thread, Main };
QByteArray uncaughtReport(ErrorSite site, const QString& threadName, const PyException& error,
                          const std::optional<TracebackFrame>& frame);

} // namespace tl
