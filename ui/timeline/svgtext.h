#pragma once

#include <QByteArray>

namespace tl::ui {

// What QSvgGenerator writes, made something every viewer opens and draws as meant: its text and its fonts.

// The family every export's fonts fall back on.
inline constexpr char kExportGenericFamily[] = "sans-serif";

// Adds the generic family to each font-family attribute of an SVG from QSvgGenerator, which names only
// the QFont's family ("DejaVu Sans" becomes "DejaVu Sans, sans-serif").
QByteArray withGenericFontFamilies(const QByteArray& svg);
// An SVG with each character XML 1.0 has no place for made U+FFFD: the control characters (U+0000 to U+001F but
// tab, line feed and carriage return) and the non-characters U+FFFE and U+FFFF. QSvgGenerator writes a thread
// named "worker\a" as it is, which no viewer then opens.
QByteArray withoutNonXmlCharacters(const QByteArray& svg);

} // namespace tl::ui
