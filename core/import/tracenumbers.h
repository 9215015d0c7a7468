#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tl::import {

// Numbers as a Chrome trace writes them, read from their JSON text. Pure functions.

// Microseconds ("1234.567", "17", "1.5e3", "-0.25") as nanoseconds: exact whenever the text has at most
// three decimals once its exponent is counted (as Threadline's exports write), else rounded half away
// from zero like Perfetto's llround(us * 1000). nullopt for text that is no number or a value beyond
// +-9.2e15 microseconds (int64 nanoseconds).
std::optional<std::int64_t> microsToNanos(std::string_view text);
// A whole number >= 0 that fits 32 bits ("7", "7.0", "7e0"); nullopt otherwise.
std::optional<std::uint32_t> wholeU32(std::string_view text);
// Any JSON number as a double; nullopt for text that is no number.
std::optional<double> number(std::string_view text);
// A flow id as Perfetto reads it: a JSON number, or a string of hex digits ("0x1f" or "1f").
std::optional<std::uint64_t> flowId(std::string_view text, bool isString);

} // namespace tl::import
