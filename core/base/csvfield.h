#pragma once

#include <QString>

namespace tl {

// One field of a CSV row as Threadline writes it (the event export, `--stats`, Copy as CSV), pure:
// - quoted as RFC 4180 says when it holds a comma, a quote or a line break, its quotes doubled;
// - text that a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage return,
//   and is not a plain number such as "-5") gets a leading apostrophe, as OWASP advises against CSV injection.
//   Thread names, queue items and printed lines are the traced program's: opening the file must not run them.
QString csvField(const QString& field);

} // namespace tl
