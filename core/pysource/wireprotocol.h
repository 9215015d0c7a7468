#pragma once

#include <cstddef>
#include <cstdint>

// The stream that Threadline's Python tracer (resources/python/_threadline_tracer) writes to the fd that
// PythonSource passes it. Version 1. All integers little-endian.
//
//   stream  := header record*
//   header  := "TLPY" u16 version u16 reserved(0)                                    8 bytes
//   record  := u8 type, u32 length, payload[length]            length <= kMaxRecordBytes
//
// Records, by type:
//   1 HELLO   once, first: key/value pairs, each `u32 n, n bytes UTF-8` twice. Keys: implementation
//             ("CPython"), version ("3.11.2"), pid, speed (the speed factor, "20.0"), clock_zero_ns
//             (CLOCK_MONOTONIC ns of scenario time 0), executable, cwd, script or module, one
//             `arg` per program argument, in order, and emitter ("c": the tracer's C speedups recorded
//             the events, "python": its Python functions did). Unknown keys are ignored.
//   2 KIND    u8 code, then the kind's name (the rest): Threadline's stable names of trace/event.h
//             ("thread-created", "put", ...). Events name kinds by code; every code is defined
//             before its first event. A name this Threadline does not know (a newer tracer's) makes
//             its events skipped and counted, never misread.
//   3 STRING  u32 id (>= 1), then the text (the rest, UTF-8): an interned string, sent once, before
//             any event that names it. Id 0 is the empty string.
//   4 EVENTS  n x 32 bytes: i64 ts (the tracer's clock, below), u32 lane, u32 a, u32 b, u32 c, u32 file
//             (string id of the user file, 0 if none), u16 line, u8 kind code, u8 flags. a, b, c and
//             flags mean what trace/event.h says for the kind; string-valued fields are string ids.
//             Scenario time is (ts - clock_zero_ns) * speed. Print's flags: kPrintStderr (EventFlag::Stderr).
//             An item-value follows its put, with ts, file and line 0 (the put's are its own); with flags
//             kItemNumber (EventFlag::Number) its c is the item itself, a signed 32-bit number, not a string id.
//   5 END     u64 events sent, u64 events left out because they came after the exit moment (a
//             daemon thread still running), then the reason (the rest): "exit", "os._exit(3)".
//             Nothing follows it. A stream without END was cut short (killed, crashed).
// Other types are skipped, so that a newer tracer may add records an older reader ignores.
//
// The tracer's clock is CLOCK_MONOTONIC ns less the time the run spent paused before the reading (it
// stands still while paused), so scenario time leaves pauses out; with no pause it is CLOCK_MONOTONIC.
//
// The control channel, the other way: Threadline passes the tracer one end of a stream socket as
// `--control-fd M` (PythonSource: fd 4) and writes ASCII lines on it: "pause" (every traced thread
// stops at its next traced call, the clock stands still) and "resume". Unknown lines are ignored. Its
// end of file resumes the run for good. The tracer reads it every few milliseconds and never answers.
namespace tl::wire {

inline constexpr char kMagic[4] = {'T', 'L', 'P', 'Y'};
inline constexpr std::uint16_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 8;
inline constexpr std::size_t kRecordHeadBytes = 5;
inline constexpr std::size_t kEventBytes = 32;
inline constexpr std::uint32_t kMaxRecordBytes = 64u << 20;

enum class RecordType : std::uint8_t { Hello = 1, Kind = 2, String = 3, Events = 4, End = 5 };

// Print event flag: the line was written to stderr (else stdout); trace/event.h's EventFlag::Stderr.
inline constexpr std::uint8_t kPrintStderr = 1;
// Item-value event flag: c is the item, a whole number; trace/event.h's EventFlag::Number.
inline constexpr std::uint8_t kItemNumber = 1;

} // namespace tl::wire
