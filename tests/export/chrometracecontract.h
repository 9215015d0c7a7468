#pragma once

#include "trace/tracestore.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <vector>

// Checks a Chrome trace export against the contract of issue 3, rule by rule, against the store it was
// written from. Every broken rule becomes one line of violations(), so a failing test says what broke.
// Times are compared as Perfetto reads them: llround(microseconds * 1000) nanoseconds, which must be the
// store's own. Also keeps the parsed events, grouped, for tests that assert more.
namespace tl::test {

class PerfettoReplay;

class ChromeTraceContract {
public:
    ChromeTraceContract(const QByteArray& json, const TraceStore& store);

    const QStringList& violations() const { return m_violations; }
    const QJsonObject& document() const { return m_root; }
    // Events of phase `ph` (and name, if given), in file order.
    std::vector<QJsonObject> events(const QString& ph, const QString& name = {}) const;
    // The tid of the lane whose thread_name is `name`, or -1.
    int tidOf(const QString& threadName) const;

private:
    void checkTimeFormat(const QByteArray& json);
    void checkTopLevel(const TraceStore& store);
    void checkMetadata(const TraceStore& store);
    void checkSpans();
    void checkInstants();
    void checkCounters(const TraceStore& store);
    void checkFlows(const TraceStore& store);
    void checkDevToolsBindings(const PerfettoReplay& perfetto);
    void fail(const QString& rule, const QJsonObject& event = {});
    bool insideSpan(int tid, qint64 ns) const;

    QJsonObject m_root;
    QJsonArray m_events;
    QStringList m_violations;
    QStringList m_laneNames; // the thread_name args.name of every lane
    QStringList m_queueKeys; // counter keys
};

} // namespace tl::test
