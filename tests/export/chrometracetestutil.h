#pragma once

#include "chrometracecontract.h"
#include "support/testevent.h"

#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <cstdint>
#include <vector>

// Helpers shared by the Chrome trace export tests (tst_chrometraceexporter, tst_chrometraceformat).
namespace tl::test {

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
