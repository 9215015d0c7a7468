#include "perfettoreplay.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tl::test {

namespace {

qint64 nsOf(const QJsonValue& microseconds)
{
    return std::llround(microseconds.toDouble() * 1000);
}

// One X, i, s or f event as the importer sees it.
struct Read {
    qint64 ts = 0;
    qint64 dur = 0; // X only
    int index = 0;  // in the trace's events
    QChar ph;
};

} // namespace

PerfettoReplay::PerfettoReplay(const QJsonArray& events)
    : m_events(events)
{
    std::vector<Read> reads;
    for (int i = 0; i < events.size(); ++i) {
        const QJsonObject e = events[i].toObject();
        const QString ph = e.value("ph").toString();
        if (ph == "X" || ph == "i" || ph == "s" || ph == "f")
            reads.push_back({nsOf(e.value("ts")), ph == "X" ? nsOf(e.value("dur")) : 0, i, ph.front()});
    }
    std::stable_sort(reads.begin(), reads.end(), [](const Read& a, const Read& b) {
        if (a.ts != b.ts)
            return a.ts < b.ts;
        const bool ax = a.ph == 'X', bx = b.ph == 'X';
        if (ax != bx)
            return ax;
        return ax && a.dur > b.dur;
    });

    QHash<int, std::vector<Read>> stacks; // by tid, innermost last
    for (const Read& r : reads) {
        const QJsonObject e = events[r.index].toObject();
        std::vector<Read>& stack = stacks[e.value("tid").toInt()];
        const qint64 id = e.value("id").toInteger();
        if (r.ph == 's') {
            if (!stack.empty() && !m_source.contains(id))
                m_source.insert(id, stack.back().index);
            continue;
        }
        if (r.ph == 'f') {
            if (!stack.empty() && m_source.contains(id))
                m_target.insert(id, stack.back().index);
            continue;
        }
        while (!stack.empty()) {
            const Read& top = stack.back();
            const qint64 end = top.ts + top.dur;
            if (end > r.ts || (end == r.ts && top.dur == 0 && r.dur == 0))
                break;
            stack.pop_back();
        }
        if (!stack.empty() && r.ts + r.dur > stack.back().ts + stack.back().dur)
            continue; // overlaps the top without nesting: Perfetto drops it
        stack.push_back(r);
    }
}

QStringList PerfettoReplay::wrongBindings() const
{
    QMap<int, QString> threadNames;
    QMap<qint64, QJsonObject> ends;
    std::vector<QJsonObject> starts;
    for (const QJsonValue& v : m_events) {
        const QJsonObject e = v.toObject();
        if (e.value("ph") == "M" && e.value("name") == "thread_name")
            threadNames.insert(e.value("tid").toInt(), e.value("args").toObject().value("name").toString());
        else if (e.value("ph") == "s")
            starts.push_back(e);
        else if (e.value("ph") == "f")
            ends.insert(e.value("id").toInteger(), e);
    }
    const auto slice = [this](int index) { return index < 0 ? QJsonObject() : m_events[index].toObject(); };
    QStringList wrong;
    QSet<int> puts; // the put instants item flows leave: one flow each
    for (const QJsonObject& s : starts) {
        const qint64 id = s.value("id").toInteger();
        const QJsonObject f = ends.value(id);
        const QJsonObject from = slice(sourceOf(id));
        const QJsonObject to = slice(targetOf(id));
        const QJsonObject fromArgs = from.value("args").toObject();
        const QJsonObject toArgs = to.value("args").toObject();
        const auto is = [](const QJsonObject& x, const char* ph, const char* name, const QJsonObject& at) {
            return x.value("ph") == QLatin1String(ph) && x.value("name") == QLatin1String(name) &&
                   nsOf(x.value("ts")) == nsOf(at.value("ts"));
        };
        const QString kind = s.value("name").toString();
        bool right = false;
        if (kind == "start") {
            right = is(from, "i", "start", s) &&
                    fromArgs.value("target") == threadNames.value(f.value("tid").toInt()) && is(to, "X", "run", f);
        } else if (kind == "item") {
            right = is(from, "i", "put", s) && is(to, "i", "get", f) &&
                    fromArgs.value("queue") == toArgs.value("queue") &&
                    fromArgs.value("item") == toArgs.value("item") && !puts.contains(sourceOf(id));
            puts.insert(sourceOf(id));
        } else if (kind == "join") {
            right = is(from, "i", "end", s) && from.value("tid") == s.value("tid") && is(to, "i", "joined", f) &&
                    toArgs.value("target") == threadNames.value(s.value("tid").toInt());
        } else if (kind == "exit-wait") {
            right = is(from, "i", "end", s) && from.value("tid") == s.value("tid") && is(to, "i", "exit-wait-end", f);
        } else if (kind == "done") {
            // Issue 11: from a pool task's end to the end of a wait for its future, both naming the task.
            right = is(from, "i", "task.end", s) && is(to, "i", "future.done", f) &&
                    fromArgs.value("executor") == toArgs.value("executor") &&
                    fromArgs.value("task_id") == toArgs.value("task_id") && fromArgs.contains("task_id");
        } else if (kind == "release" || kind == "notify" || kind == "set" || kind == "barrier") {
            // Issue 13: from what woke the wait to its end, both naming one primitive and one wake word.
            const bool sameWake = fromArgs.value("primitive") == toArgs.value("primitive") &&
                                  fromArgs.value("wake") == toArgs.value("wake") && fromArgs.contains("wake");
            if (kind == "release")
                right = is(from, "i", "released", s) && is(to, "i", "acquired", f);
            else if (kind == "notify")
                right = (is(from, "i", "notify", s) || is(from, "i", "notify_all", s)) && is(to, "i", "cond.woken", f);
            else if (kind == "set")
                right = is(from, "i", "set", s) && is(to, "i", "event.woken", f);
            else
                right = is(from, "X", "barrier.wait", s) && is(to, "i", "barrier.passed", f);
            right = right && sameWake;
        }
        if (!right) {
            wrong << QStringLiteral("a flow (%1) that Perfetto binds from %2 to %3")
                         .arg(kind, QString::fromUtf8(QJsonDocument(from).toJson(QJsonDocument::Compact)),
                              QString::fromUtf8(QJsonDocument(to).toJson(QJsonDocument::Compact)));
        }
    }
    return wrong;
}

} // namespace tl::test
