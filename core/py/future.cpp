#include "py/future.h"

#include "engine/deferredevents.h"
#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/excepthook.h"
#include "py/traceback.h"

namespace tl {

namespace {

// The Python type a task's result has, for repr(): what the engine's values stand for.
QString pythonTypeName(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return QStringLiteral("NoneType");
    case QMetaType::Bool:
        return QStringLiteral("bool");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return QStringLiteral("int");
    case QMetaType::Double:
        return QStringLiteral("float");
    case QMetaType::QString:
        return QStringLiteral("str");
    case QMetaType::QByteArray:
        return QStringLiteral("bytes");
    case QMetaType::QVariantList:
        return QStringLiteral("list");
    default:
        return QString::fromLatin1(value.typeName());
    }
}

// CPython's _invoke_callbacks: `LOGGER.exception('exception calling callback for %r', future)`.
void logCallbackError(const Future& future, const PyException& error)
{
    ThreadState* self = currentThreadState();
    if (!self || !self->run.console().echoesErrors())
        return;
    const QByteArray heading = QStringLiteral("exception calling callback for %1\n").arg(future.repr()).toUtf8();
    self->run.console().reportUncaught(heading + uncaughtReport(ErrorSite::Main, self->name, error,
                                                                listingFrame(self->run.options().listing, self->line)));
}

} // namespace

bool FutureState::settle(Status to, QVariant value, std::optional<PyException> raised, bool onlyIfPending)
{
    std::vector<DoneCallback> toRun;
    std::vector<std::weak_ptr<FutureWaiter>> toWake;
    {
        std::lock_guard lock(mutex);
        if (isDoneLocked() || (onlyIfPending && status != Status::Pending))
            return false;
        status = to;
        result = std::move(value);
        error = std::move(raised);
        done.notifyAll();
        toRun.swap(callbacks);
        toWake = waiters;
    }
    for (const auto& weak : toWake) {
        if (const auto waiter = weak.lock()) {
            std::lock_guard lock(waiter->mutex);
            waiter->finished.push_back(shared_from_this());
            waiter->changed.notifyAll();
        }
    }
    const Future self(shared_from_this());
    for (const DoneCallback& fn : toRun) {
        const Escape escape = catchEscaping([&] { fn(self); });
        if (escape.unwound)
            throw ThreadUnwind{*escape.unwound};
        if (escape.error)
            logCallbackError(self, *escape.error);
    }
    return true;
}

Future::Future(std::shared_ptr<FutureState> state)
    : m_state(std::move(state))
{
}

void Future::waitDone(FutureWaitLimit limit) const
{
    ThreadState& self = requireCurrentThread("Future.result()");
    DeferredEvents deferred(self);
    std::unique_lock lock(m_state->mutex);
    std::optional<FutureWaitTrace> trace;
    if (!m_state->isDoneLocked())
        trace.emplace(self, m_state.get(), limit);
    // A done future returns at once, whatever the limit: only a real wait has a deadline.
    const std::optional<std::int64_t> deadline = trace ? trace->deadline() : std::nullopt;
    if (!m_state->run.interrupts().wait(self, lock, m_state->done, deadline,
                                        [this] { return m_state->isDoneLocked(); })) {
        trace->timedOut();
        throw TimeoutError();
    }
    if (trace)
        trace->done(m_state->settledByLocked());
    if (m_state->status == FutureState::Status::Cancelled)
        throw CancelledError();
}

QVariant Future::result(std::optional<double> timeout) const
{
    waitDone({.timeout = timeout});
    return takeResult();
}

QVariant Future::resultBy(std::optional<std::int64_t> deadline) const
{
    waitDone({.deadline = deadline});
    return takeResult();
}

QVariant Future::takeResult() const
{
    std::lock_guard lock(m_state->mutex);
    if (m_state->error)
        throw *m_state->error;
    return m_state->result;
}

std::optional<PyException> Future::exception(std::optional<double> timeout) const
{
    waitDone({.timeout = timeout});
    std::lock_guard lock(m_state->mutex);
    return m_state->error;
}

bool Future::done() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->isDoneLocked();
}

bool Future::running() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->status == FutureState::Status::Running;
}

bool Future::cancelled() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->status == FutureState::Status::Cancelled;
}

bool Future::cancel()
{
    // Cancelled now, or before: true; running or finished: false, as CPython's.
    return m_state->settle(FutureState::Status::Cancelled, {}, std::nullopt, true) || cancelled();
}

void Future::addDoneCallback(FutureState::DoneCallback fn) const
{
    {
        std::lock_guard lock(m_state->mutex);
        if (!m_state->isDoneLocked()) {
            m_state->callbacks.push_back(std::move(fn));
            return;
        }
    }
    const Escape escape = catchEscaping([&] { fn(*this); });
    if (escape.unwound)
        throw ThreadUnwind{*escape.unwound};
    if (escape.error)
        logCallbackError(*this, *escape.error);
}

QString Future::repr() const
{
    std::lock_guard lock(m_state->mutex);
    const QString at = QStringLiteral("<Future at 0x%1 state=").arg(reinterpret_cast<quintptr>(m_state.get()), 0, 16);
    switch (m_state->status) {
    case FutureState::Status::Pending:
        return at + QStringLiteral("pending>");
    case FutureState::Status::Running:
        return at + QStringLiteral("running>");
    case FutureState::Status::Cancelled:
        return at + QStringLiteral("cancelled>");
    case FutureState::Status::Finished:
        break;
    }
    if (m_state->error)
        return at + QStringLiteral("finished raised %1>").arg(m_state->error->type().section(QLatin1Char('.'), -1));
    return at + QStringLiteral("finished returned %1>").arg(pythonTypeName(m_state->result));
}

} // namespace tl
