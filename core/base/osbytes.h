#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace tl {

// The bytes of a command-line argument as text, and back, losing none: UTF-8, with each byte that is not
// part of valid UTF-8 kept as the lone surrogate U+DC80 + byte, as Python's os.fsdecode does (PEP 383's
// surrogateescape). QString::fromLocal8Bit put U+FFFD there: a script's argument "a\xffb" reached it as
// "a\ufffdb" traced, where untraced Python hands it "a\udcffb", whose bytes are the ones given.
QString fromOsBytes(QByteArrayView bytes);
QByteArray toOsBytes(QStringView text);
// Whether `text` holds a byte fromOsBytes kept as a surrogate: as a file name it cannot be opened through Qt,
// whose file names are UTF-8.
bool hasEscapedBytes(QStringView text);
// `text` for a message: each kept byte as \xNN, as Python's repr() shows it.
QString shownOsText(QStringView text);

} // namespace tl
