#include "engine/console.h"

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
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stream);
    std::fflush(stream);
}

} // namespace tl
