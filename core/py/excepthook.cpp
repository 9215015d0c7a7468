#include "py/excepthook.h"

#include "engine/runcontext.h"

namespace tl {

Escape catchEscaping(const std::function<void()>& body)
{
    try {
        body();
    } catch (const ThreadUnwind& u) {
        return Escape{std::nullopt, u.reason};
    } catch (const PyException& e) {
        return Escape{e, std::nullopt};
    } catch (const std::exception& e) {
        return Escape{PyException(QStringLiteral("Exception"), QString::fromUtf8(e.what())), std::nullopt};
    } catch (...) {
        return Escape{unknownCppException(), std::nullopt};
    }
    return Escape{};
}

void reportUncaught(ThreadState& self, const PyException& error, ErrorSite site)
{
    RunContext& run = self.run;
    run.events().emitChecked(self, EventKind::Error, run.strings().intern(error.type()),
                             run.strings().intern(error.message()));
    if (run.console().echoesErrors())
        run.console().reportUncaught(
            uncaughtReport(site, self.name, error, listingFrame(run.options().listing, self.line)));
}

} // namespace tl
