#pragma once

#include <cstdint>

namespace tl::test {

// How late a woken thread may run again, in scenario time (the virtual clock runs at the real rate while
// a thread is runnable): the OS's wake-up on a loaded 2-core machine, and many times that under a
// sanitizer (76-110 ms seen under ThreadSanitizer). A wrong wake-up (a missed notify, a timeout taken
// instead) is off by seconds in these tests, so the bound still tells them apart.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
inline constexpr std::int64_t kWakeLatencyNs = 500'000'000;
#else
inline constexpr std::int64_t kWakeLatencyNs = 50'000'000;
#endif

} // namespace tl::test
