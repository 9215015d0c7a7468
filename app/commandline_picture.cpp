#include "commandline.h"

#include <cmath>
#include <type_traits>

namespace tl {

namespace {

// A whole or decimal number within [low, high], or the message naming the option, the range and the value.
template <class T> Result<T> number(const QString& option, const QString& text, T low, T high, const QString& kind)
{
    bool ok = false;
    const T value = std::is_integral_v<T> ? static_cast<T>(text.toInt(&ok)) : static_cast<T>(text.toDouble(&ok));
    if (!ok || !(value >= low && value <= high))
        return Result<T>::failure(
            QStringLiteral("--%1 expects %2 from %3 to %4, got '%5'").arg(option, kind).arg(low).arg(high).arg(text));
    return value;
}

} // namespace

const QCommandLineOption* CommandLine::firstPictureOption() const
{
    for (const QCommandLineOption* option : {&m_width, &m_scale, &m_laneHeight, &m_fontScale, &m_lanes}) {
        if (m_parser.isSet(*option))
            return option;
    }
    return nullptr;
}

Status CommandLine::refusePictureOptions(const QString& why) const
{
    if (const QCommandLineOption* option = firstPictureOption())
        return Status::failure(QStringLiteral("--%1 %2").arg(option->names().constLast(), why));
    return success();
}

Status CommandLine::parsePictureOptions(CommandLineRequest& request) const
{
    if (!request.isPicture())
        return refusePictureOptions(firstPictureOption() == &m_scale
                                        ? QStringLiteral("applies to .png exports only")
                                        : QStringLiteral("applies to .png, .svg and .pdf exports only"));
    const QString wholeNumber = QStringLiteral("a whole number");
    const QString aNumber = QStringLiteral("a number");
    const Result<QString> width = single(m_width);
    if (!width)
        return Status::failure(width.error());
    if (!width->isEmpty()) {
        const Result<int> value =
            number(QStringLiteral("width"), *width, kMinPictureWidth, kMaxPictureWidth, wholeNumber);
        if (!value)
            return Status::failure(value.error());
        request.width = *value;
    }
    const Result<QString> scale = single(m_scale);
    if (!scale)
        return Status::failure(scale.error());
    if (!scale->isEmpty()) {
        if (request.format != ExportFormat::Png)
            return Status::failure(QStringLiteral("--scale applies to .png exports only (SVG and PDF scale freely)"));
        const Result<double> value =
            number(QStringLiteral("scale"), *scale, kMinPictureScale, kMaxPictureScale, aNumber);
        if (!value)
            return Status::failure(value.error());
        request.scale = *value;
    }
    // Its height waits for the run; its width does not: refused before the run, not after it.
    if (request.format == ExportFormat::Png && std::ceil(request.width * request.scale) > ui::kMaxRasterSide)
        return Status::failure(QStringLiteral("a PNG %1 pixels wide (--width x --scale) is too large, at most %2; "
                                              "export SVG or PDF, or lower --scale or --width")
                                   .arg(std::ceil(request.width * request.scale))
                                   .arg(ui::kMaxRasterSide));
    const Result<QString> laneHeight = single(m_laneHeight);
    if (!laneHeight)
        return Status::failure(laneHeight.error());
    if (!laneHeight->isEmpty()) {
        const Result<int> value =
            number(QStringLiteral("lane-height"), *laneHeight, kMinLaneHeight, kMaxLaneHeight, wholeNumber);
        if (!value)
            return Status::failure(value.error());
        request.laneHeight = *value;
    }
    const Result<QString> fontScale = single(m_fontScale);
    if (!fontScale)
        return Status::failure(fontScale.error());
    if (!fontScale->isEmpty()) {
        const Result<double> value =
            number(QStringLiteral("font-scale"), *fontScale, kMinFontScale, kMaxFontScale, aNumber);
        if (!value)
            return Status::failure(value.error());
        request.fontScale = *value;
    }
    const Result<QString> lanes = single(m_lanes);
    if (!lanes)
        return Status::failure(lanes.error());
    if (*lanes == QLatin1String("visible"))
        request.lanes = ui::ExportLanes::Visible;
    else if (!lanes->isEmpty() && *lanes != QLatin1String("all"))
        return Status::failure(QStringLiteral("--lanes expects 'all' or 'visible', got '%1'").arg(*lanes));
    return success();
}

} // namespace tl
