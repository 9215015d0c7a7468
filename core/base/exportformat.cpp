#include "base/exportformat.h"

#include <QFileInfo>

#include <array>

namespace tl {

namespace {

struct FormatRow {
    ExportFormat format;
    const char* suffix;
    bool picture;
};

constexpr std::array<FormatRow, 5> kFormats{{
    {ExportFormat::ChromeJson, "json", false},
    {ExportFormat::Csv, "csv", false},
    {ExportFormat::Png, "png", true},
    {ExportFormat::Svg, "svg", true},
    {ExportFormat::Pdf, "pdf", true},
}};

constexpr bool rowsFollowTheEnum()
{
    for (std::size_t i = 0; i < kFormats.size(); ++i) {
        if (static_cast<std::size_t>(kFormats[i].format) != i)
            return false;
    }
    return static_cast<std::size_t>(ExportFormat::Pdf) + 1 == kFormats.size();
}
static_assert(rowsFollowTheEnum(), "kFormats needs one row per ExportFormat, in the enum's order");

const QString kKnown = QStringLiteral("use .json, .csv, .png, .svg or .pdf");

} // namespace

QString suffixFor(ExportFormat format)
{
    return QString::fromLatin1(kFormats[static_cast<std::size_t>(format)].suffix);
}

bool isPictureFormat(ExportFormat format)
{
    return kFormats[static_cast<std::size_t>(format)].picture;
}

Result<ExportFormat> exportFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const FormatRow& row : kFormats) {
        if (suffix == QLatin1String(row.suffix))
            return row.format;
    }
    if (suffix.isEmpty())
        return Result<ExportFormat>::failure(
            QStringLiteral("cannot export '%1': no file suffix; %2").arg(path, kKnown));
    return Result<ExportFormat>::failure(
        QStringLiteral("cannot export '%1': unknown format '.%2'; %3").arg(path, suffix, kKnown));
}

} // namespace tl
