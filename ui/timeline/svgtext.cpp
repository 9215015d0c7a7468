#include "timeline/svgtext.h"

namespace tl::ui {

QByteArray withoutNonXmlCharacters(const QByteArray& svg)
{
    // Byte by byte: no byte of a multi-byte UTF-8 sequence is below 0x80, and U+FFFE and U+FFFF are the only
    // characters whose encoding starts EF BF BE or EF BF BF.
    auto controlAt = [&](qsizetype i) {
        const char c = svg[i];
        return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
    };
    auto nonCharacterAt = [&](qsizetype i) {
        return i + 2 < svg.size() && svg[i] == '\xEF' && svg[i + 1] == '\xBF' &&
               (svg[i + 2] == '\xBE' || svg[i + 2] == '\xBF');
    };
    QByteArray out;
    qsizetype copied = 0; // svg[0, copied) is in `out`
    for (qsizetype i = 0; i < svg.size(); ++i) {
        const qsizetype length = controlAt(i) ? 1 : nonCharacterAt(i) ? 3 : 0;
        if (length == 0)
            continue;
        if (out.isEmpty())
            out.reserve(svg.size() + 64);
        out.append(svg.constData() + copied, i - copied).append("\xEF\xBF\xBD"); // U+FFFD
        i += length - 1;
        copied = i + 1;
    }
    if (copied == 0)
        return svg;
    return out.append(svg.constData() + copied, svg.size() - copied);
}

QByteArray withGenericFontFamilies(const QByteArray& svg)
{
    static const QByteArray kAttribute("font-family=\"");
    const QByteArray generic = QByteArray(", ") + kExportGenericFamily;
    QByteArray out;
    out.reserve(svg.size() + svg.size() / 50);
    qsizetype from = 0;
    for (qsizetype at = svg.indexOf(kAttribute); at >= 0; at = svg.indexOf(kAttribute, from)) {
        const qsizetype valueStart = at + kAttribute.size();
        const qsizetype valueEnd = svg.indexOf('"', valueStart);
        if (valueEnd < 0)
            break;
        const QByteArray value = svg.mid(valueStart, valueEnd - valueStart);
        if (value == "Sans Serif") {
            // Qt's own name for its default font, which no viewer knows: the generic family it stands for.
            out.append(svg.constData() + from, valueStart - from);
            out.append(kExportGenericFamily);
        } else {
            out.append(svg.constData() + from, valueEnd - from);
            if (!value.contains(kExportGenericFamily))
                out.append(generic);
        }
        from = valueEnd;
    }
    out.append(svg.constData() + from, svg.size() - from);
    return out;
}

} // namespace tl::ui
