#include "base/osbytes.h"

namespace tl {

namespace {

constexpr char16_t kEscapeBase = 0xDC00; // a kept byte b is U+DC00 + b (b >= 0x80)

bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// The length of the valid UTF-8 sequence at bytes[at], or 0: strict, as Python's decoder is (no overlong forms,
// no surrogates, nothing past U+10FFFF).
qsizetype validSequence(QByteArrayView bytes, qsizetype at)
{
    const auto byte = [&](qsizetype i) { return static_cast<unsigned char>(bytes[at + i]); };
    const qsizetype left = bytes.size() - at;
    const unsigned char lead = byte(0);
    if (lead < 0x80)
        return 1;
    qsizetype n = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF; // the second byte's range
    if (lead >= 0xC2 && lead <= 0xDF)
        n = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (left < n || byte(1) < low || byte(1) > high)
        return 0;
    for (qsizetype i = 2; i < n; ++i) {
        if (!isContinuation(byte(i)))
            return 0;
    }
    return n;
}

// Whether text[i] is a kept byte: U+DC80..U+DCFF, and not the low half of a surrogate pair (U+10080 is D800 DC80).
bool isEscapedAt(QStringView text, qsizetype i)
{
    const char16_t c = text[i].unicode();
    return c >= kEscapeBase + 0x80 && c <= kEscapeBase + 0xFF && (i == 0 || !text[i - 1].isHighSurrogate());
}

} // namespace

QString fromOsBytes(QByteArrayView bytes)
{
    QString text;
    text.reserve(bytes.size());
    qsizetype at = 0;
    while (at < bytes.size()) {
        const qsizetype n = validSequence(bytes, at);
        if (n == 0) {
            text += QChar(char16_t(kEscapeBase + static_cast<unsigned char>(bytes[at])));
            ++at;
            continue;
        }
        text += QString::fromUtf8(bytes.sliced(at, n));
        at += n;
    }
    return text;
}

QByteArray toOsBytes(QStringView text)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    qsizetype from = 0; // the start of the run of ordinary text not yet written
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!isEscapedAt(text, i))
            continue;
        bytes += text.sliced(from, i - from).toUtf8();
        bytes += static_cast<char>(text[i].unicode() - kEscapeBase);
        from = i + 1;
    }
    bytes += text.sliced(from).toUtf8();
    return bytes;
}

bool hasEscapedBytes(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (isEscapedAt(text, i))
            return true;
    }
    return false;
}

QString shownOsText(QStringView text)
{
    QString shown;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (isEscapedAt(text, i))
            shown += QStringLiteral("\\x%1").arg(text[i].unicode() - kEscapeBase, 2, 16, QLatin1Char('0'));
        else
            shown += text[i];
    }
    return shown;
}

} // namespace tl
