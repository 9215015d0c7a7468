#pragma once

#include "chrometracecontract.h"
#include "trace/event.h"

#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <cstdint>
#include <vector>

// Helpers shared by the Chrome trace export tests (tst_chrometraceexporter, tst_chrometraceformat).
namespace tl::test {

inline Event ev(std::int64_t ts, LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
                std::uint32_t c = 0, std::uint8_t flags = 0)
{
    return Event{ts, lane, 0, kind, flags, 0, a, b, c};
}

inline int countNamed(const std::vector<QJsonObject>& events, const QString& name)
{
    return static_cast<int>(
        std::count_if(events.begin(), events.end(), [&](const QJsonObject& e) { return e.value("name") == name; }));
}

inline QString violationsText(const ChromeTraceContract& contract)
{
    return contract.violations().join(QStringLiteral("\n  "));
}

} // namespace tl::test
