#pragma once

#include <QString>

#include <stdexcept>

namespace tl {

// A Python exception raised by a primitive: a type name ("RuntimeError", "_queue.Empty", ...) and a
// message, exactly as CPython's traceback prints them. Scenario code may catch it; if it escapes a thread's
// run(), the thread reports it like threading.excepthook (an Error event) and ends.
class PyException : public std::runtime_error {
public:
    PyException(QString type, QString message)
        : std::runtime_error(message.toStdString())
        , m_type(std::move(type))
        , m_message(std::move(message))
    {
    }
    const QString& type() const { return m_type; }
    const QString& message() const { return m_message; }

private:
    QString m_type;
    QString m_message;
};

#define TL_PY_EXCEPTION(Class, PyName)                                                                                 \
    class Class : public PyException {                                                                                 \
    public:                                                                                                            \
        explicit Class(QString message = {})                                                                           \
            : PyException(QStringLiteral(PyName), std::move(message))                                                  \
        {                                                                                                              \
        }                                                                                                              \
    };

TL_PY_EXCEPTION(RuntimeError, "RuntimeError")
TL_PY_EXCEPTION(ValueError, "ValueError")
TL_PY_EXCEPTION(OverflowError, "OverflowError")
TL_PY_EXCEPTION(TimeoutError, "TimeoutError")
TL_PY_EXCEPTION(QueueEmpty, "_queue.Empty") // queue.Empty is the C module's class
TL_PY_EXCEPTION(QueueFull, "queue.Full")
TL_PY_EXCEPTION(CancelledError, "concurrent.futures._base.CancelledError")
TL_PY_EXCEPTION(OSError, "OSError")
TL_PY_EXCEPTION(BrokenBarrierError, "threading.BrokenBarrierError")
#undef TL_PY_EXCEPTION

// What a thread body reports for an exception that is not a std::exception (`throw 42;`). Python's
// excepthook prints any exception's type; C++ cannot name an unknown one, so it is an internal error.
inline PyException unknownCppException()
{
    return PyException(QStringLiteral("SystemError"), QStringLiteral("unknown C++ exception"));
}
} // namespace tl
