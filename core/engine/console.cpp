#include "engine/console.h"

namespace tl {

Console::Console(bool echo, std::FILE* out, std::FILE* err)
    : m_echo(echo)
    , m_out(out)
    , m_err(err)
{
}

void Console::print(const QString& text)
{
    if (m_echo)
        write(m_out, text.toUtf8() + '\n');
}

void Console::reportUncaught(const QByteArray& report)
{
    if (m_echo)
        write(m_err, report);
}

void Console::write(std::FILE* stream, const QByteArray& text)
{
    std::lock_guard lock(m_mutex);
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stream);
    std::fflush(stream);
}

} // namespace tl
