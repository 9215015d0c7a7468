#include "pysource/inheritedsignals.h"

#include <signal.h>

namespace tl {

QList<int> stopSignalsIgnoredAtStart()
{
    static const QList<int> ignored = [] {
        QList<int> found;
        for (const int number : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction now {};
            if (::sigaction(number, nullptr, &now) == 0 && now.sa_handler == SIG_IGN)
                found << number;
        }
        return found;
    }();
    return ignored;
}

} // namespace tl
