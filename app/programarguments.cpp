#include "programarguments.h"

#include <algorithm>

namespace tl {

ProgramArguments ProgramArguments::split(const QStringList& arguments, const QSet<QString>& valueOptions)
{
    ProgramArguments out;
    qsizetype i = arguments.isEmpty() ? 0 : 1;
    auto rest = [&arguments](qsizetype from) { return from < arguments.size() ? arguments.mid(from) : QStringList(); };
    while (i < arguments.size()) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--")) {
            if (i + 1 >= arguments.size())
                out.error = QStringLiteral("-- must be followed by the script to run");
            else
                out.script = arguments[i + 1];
            out.args = rest(i + 2);
            break;
        }
        if (a == QLatin1String("-m")) {
            // As `python -m`: the module is the next argument, whatever it looks like.
            if (i + 1 >= arguments.size() || arguments[i + 1].isEmpty())
                out.error = QStringLiteral("-m needs a module name, as in: threadline -m MODULE [args...]");
            else
                out.module = arguments[i + 1];
            out.args = rest(i + 2);
            break;
        }
        if (a.size() > 2 && a.startsWith(QLatin1String("-m")) && !a.startsWith(QLatin1String("--"))) {
            out.module = a.mid(2); // `-mjson.tool`, as python takes it too
            out.args = rest(i + 1);
            break;
        }
        if (a.size() > 1 && a.startsWith(QLatin1Char('-'))) {
            // An option of Threadline's: `--name=value` carries its value; `--name value` takes the next.
            const QString name = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1).section(QLatin1Char('='), 0, 0);
            const bool takesNext = !a.contains(QLatin1Char('=')) && valueOptions.contains(name);
            i += takesNext ? 2 : 1;
            continue;
        }
        if (a.isEmpty())
            out.error = QStringLiteral("an empty argument where the script to run was expected");
        out.script = a;
        out.args = rest(i + 1);
        break;
    }
    out.own = arguments.mid(0, std::min(i, arguments.size()));
    return out;
}

} // namespace tl
