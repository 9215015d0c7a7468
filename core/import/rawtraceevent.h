#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tl::import {

// One element of a Chrome trace's traceEvents as the SAX reader saw it: the fields Threadline reads, as
// the text they were written with (numbers too, so that a time is converted to nanoseconds exactly, never
// through a double), and its top-level args. A reused buffer: the reader clears it between events
// without giving back its memory, so reading millions of events allocates only for the longest one.
struct RawTraceEvent {
    enum class Type : std::uint8_t { Absent, String, Number, Bool, Null, Object, Array };
    struct Field {
        Type type = Type::Absent;
        std::string text; // a string's text, a number's digits, "true"/"false"
        bool isSet() const { return type != Type::Absent; }
        void clear()
        {
            type = Type::Absent;
            text.clear();
        }
    };
    struct Arg {
        std::string key;
        Field value;
    };

    std::uint64_t index = 0;  // its position in traceEvents, from 0
    std::uint64_t offset = 0; // the byte of its '{' in the JSON text (after inflating a .gz)
    Field ph, name, cat, ts, dur, pid, tid, id, bindId, flowIn, flowOut, bp, scope;
    std::vector<Arg> args; // [0, argCount) are this event's
    std::size_t argCount = 0;

    void clear()
    {
        for (Field* f : {&ph, &name, &cat, &ts, &dur, &pid, &tid, &id, &bindId, &flowIn, &flowOut, &bp, &scope})
            f->clear();
        argCount = 0;
    }
    // The arg named `key`, or nullptr.
    const Field* arg(std::string_view key) const
    {
        for (std::size_t i = 0; i < argCount; ++i) {
            if (args[i].key == key)
                return &args[i].value;
        }
        return nullptr;
    }
};

// Where the reader hands each event; the importer's assembler implements it.
class RawEventSink {
public:
    virtual ~RawEventSink() = default;
    // False stops reading (a limit was reached); the reader then reports the sink's reason.
    virtual bool event(const RawTraceEvent& e) = 0;
};

} // namespace tl::import
