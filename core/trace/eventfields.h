#pragma once

#include "trace/eventschema.h"

#include <QString>
#include <QVariant>

#include <vector>

namespace tl {

class TraceStore;

// One word of an event, decoded through the schema: what it is (role, key, CSV column), its value typed
// for an export (a qint64, a double number of seconds, or a QString name or text) and as shown in words.
struct EventField {
    ArgRole role = ArgRole::None;
    const char* key = nullptr;
    CsvColumn csv = CsvColumn::None;
    QVariant value;
    QString text;
    std::uint32_t word = 0; // the event's word it comes from (a lane id, a queue id, a StringId...)
};

// Whether a name or text that is empty still counts as a value: an export keeps `print("")`'s empty text
// as an arg; words leave it out.
enum class EmptyText { Omit, Keep };

// The fields of `e` that have a value, in a, b, c order, names resolved through `store`. Left out: words
// the schema gives no role, item 0 (none yet) and the item of a timed-out put or get, connection 0 (a
// listener), a timeout of kNoValue ("none"), a maxsize of 0 (unbounded), and (with EmptyText::Omit) names
// or texts that are empty.
std::vector<EventField> eventFields(const TraceStore& store, const Event& e, EmptyText empty = EmptyText::Omit);
// The field for word `slot` (0 = a, 1 = b, 2 = c), if it has a value.
std::optional<EventField> eventField(const TraceStore& store, const Event& e, int slot,
                                     EmptyText empty = EmptyText::Omit);
// The flag of `e` in words: "daemon", "timed out" ("BrokenBarrierError" for a barrier wait), "raised", "stderr", the
// socket operation; empty if none.
QString flagWord(const Event& e);

} // namespace tl
