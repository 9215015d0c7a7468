#include "net/openfilelimit.h"

#include <sys/resource.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace tl {

namespace {

std::uint64_t toLimit(rlim_t value)
{
    return value == RLIM_INFINITY ? OpenFileLimit::kUnlimited : static_cast<std::uint64_t>(value);
}

QString errorText(const char* call, int error)
{
    const std::string text = std::error_code(error, std::generic_category()).message();
    return QStringLiteral("cannot raise the open file limit: %1: %2")
        .arg(QLatin1String(call), QString::fromLocal8Bit(text.c_str()));
}

// The process's limits as it started: read once, by the first raise or the first ask, whichever comes first. A fact
// of the process, written once and only read after.
const OpenFileLimit& limitAtStart()
{
    static const OpenFileLimit atStart = [] {
        rlimit limit{};
        if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
            return OpenFileLimit{OpenFileLimit::kUnlimited, OpenFileLimit::kUnlimited};
        return OpenFileLimit{toLimit(limit.rlim_cur), toLimit(limit.rlim_max)};
    }();
    return atStart;
}

} // namespace

OpenFileLimit openFileLimitAtStart()
{
    return limitAtStart();
}

Result<OpenFileLimit> raiseOpenFileLimit()
{
    limitAtStart(); // read before the raise
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return Result<OpenFileLimit>::failure(errorText("getrlimit", errno));
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) != 0)
            return Result<OpenFileLimit>::failure(errorText("setrlimit", errno));
        limit = raised;
    }
    return OpenFileLimit{toLimit(limit.rlim_cur), toLimit(limit.rlim_max)};
}

} // namespace tl
