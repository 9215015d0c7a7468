#include "scenarios/scenario.h"

#include <QFile>

namespace tl {

QString Scenario::listing() const
{
    QFile file(QStringLiteral(":/listings/%1.py").arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

const Scenario* findScenario(const QString& id)
{
    for (const Scenario& s : allScenarios())
        if (s.id == id)
            return &s;
    return nullptr;
}

} // namespace tl
