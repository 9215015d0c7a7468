#include "window/pythonlauncher.h"

#include "base/outputfile.h"
#include "pysource/interpreterprobe.h"
#include "scenarios/scenario.h"

#include <QDir>
#include <QFileInfo>
#include <QIODevice>
#include <QLocale>

namespace tl::ui {

PythonLauncher::PythonLauncher() = default;

void PythonLauncher::setInterpreter(const QString& python)
{
    m_python = python.isEmpty() ? QStringLiteral("python3") : python;
}

bool PythonLauncher::wrote(const QString& path) const
{
    return m_dir && m_dir->isValid() && path.startsWith(m_dir->path() + QLatin1Char('/'));
}

QString PythonLauncher::pythonLiteral(const QVariant& value, ParameterSpec::Type type)
{
    switch (type) {
    case ParameterSpec::Type::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case ParameterSpec::Type::Int:
        return QString::number(value.toLongLong());
    case ParameterSpec::Type::Double: {
        // The shortest text that reads back as the same double, and a float in Python even when whole.
        QString text = QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
        if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')))
            text += QStringLiteral(".0");
        return text;
    }
    }
    return value.toString();
}

Result<QString> PythonLauncher::write(const QString& fileName, const QString& text)
{
    if (!m_dir)
        m_dir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("threadline-programs-XXXXXX")));
    if (!m_dir->isValid())
        return Result<QString>::failure(
            QStringLiteral("cannot make a private temporary directory: %1").arg(m_dir->errorString()));
    const QString folder = m_dir->filePath(QFileInfo(fileName).completeBaseName());
    if (!QDir().mkpath(folder))
        return Result<QString>::failure(QStringLiteral("cannot make the folder %1").arg(folder));
    const QString path = folder + QLatin1Char('/') + fileName;
    const QByteArray bytes = text.toUtf8();
    const Status written =
        writeFileAtomically(path, [&bytes](QIODevice& out) { return out.write(bytes) == bytes.size(); });
    if (!written)
        return Result<QString>::failure(written.error());
    return path;
}

Status PythonLauncher::prepare(PythonRunOptions& options)
{
    options.python = m_python;
    auto known = m_labels.constFind(m_python);
    if (known == m_labels.cend()) {
        const Result<InterpreterInfo> info = InterpreterProbe::probe(m_python);
        if (!info)
            return Status::failure(info.error());
        known = m_labels.insert(m_python, info->label());
    }
    options.metadata.interpreter = *known;
    return success();
}

Result<PythonRunOptions> PythonLauncher::lesson(const Scenario& scenario, const ParameterValues& values, double speed)
{
    using R = Result<PythonRunOptions>;
    const QString listing = scenario.listing();
    if (listing.isEmpty())
        return R::failure(QStringLiteral("the lesson %1 has no Python listing to run").arg(scenario.id));
    PythonRunOptions options;
    for (const auto& [key, value] : values.ordered()) {
        ParameterSpec::Type type = ParameterSpec::Type::Int;
        for (const ParameterSpec& spec : scenario.parameters)
            if (spec.key == key)
                type = spec.type;
        options.constants.append({key.toUpper(), pythonLiteral(value, type)});
    }
    options.metadata = TraceMetadata{scenario.id, scenario.title, values.ordered(), speed};
    options.speed = speed;
    if (const Status ready = prepare(options); !ready)
        return R::failure(ready.error());
    const Result<QString> path = write(scenario.id + QStringLiteral(".py"), listing);
    if (!path)
        return R::failure(path.error());
    options.script = *path;
    return options;
}

Result<PythonRunOptions> PythonLauncher::text(const QString& text, const QString& fileName, double speed,
                                              const TraceMetadata& metadata)
{
    using R = Result<PythonRunOptions>;
    PythonRunOptions options;
    options.metadata = metadata;
    options.speed = speed;
    if (const Status ready = prepare(options); !ready)
        return R::failure(ready.error());
    const Result<QString> path = write(fileName, text);
    if (!path)
        return R::failure(path.error());
    options.script = *path;
    return options;
}

Result<PythonRunOptions> PythonLauncher::script(const QString& path, double speed)
{
    using R = Result<PythonRunOptions>;
    PythonRunOptions options;
    options.script = QFileInfo(path).absoluteFilePath();
    options.speed = speed;
    if (const Status ready = prepare(options); !ready)
        return R::failure(ready.error());
    return options;
}

} // namespace tl::ui
