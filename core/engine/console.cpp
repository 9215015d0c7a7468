#include "engine/console.h"

#include <cerrno>

namespace tl {

Console::Console(bool echoPrints, bool echoErrors, std::FILE* out, std::FILE* err)
    : m_echoPrints(echoPrints)
    , m_echoErrors(echoErrors)
    , m_out(out)
    , m_err(err)
{
}

void Console::print(const QString& text)
{
    if (m_echoPrints)
        write(m_out, text.toUtf8() + '\n');
}

void Console::reportUncaught(const QByteArray& report)
{
    if (m_echoErrors)
        write(m_err, report);
}

void Console::write(std::FILE* stream, const QByteArray& text)
{
    std::lock_guard lock(m_mutex);
    const auto size = static_cast<std::size_t>(text.size());
    if ((std::fwrite(text.constData(), 1, size, stream) == size && std::fflush(stream) == 0) ||
        !m_writeFailure.isEmpty())
        return;
    const int error = errno;
    if (error == EPIPE)
        return; // the reader went away (`| head -1`): it had what it wanted, and the run is no worse for it
    m_writeFailure =
        QStringLiteral("cannot write to %1: %2")
            .arg(stream == m_out ? QStringLiteral("stdout") : QStringLiteral("stderr"), qt_error_string(error));
}

QString Console::writeFailure() const
{
    std::lock_guard lock(m_mutex);
    return m_writeFailure;
}

} // namespace tl
