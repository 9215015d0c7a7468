#pragma once

#include "trace/tracestore.h"

#include <memory>

namespace tl::test {

// Records a small real run at high speed: MainThread starts a producer, a daemon consumer and a
// sleeper; the producer puts four items on a bounded queue "jobs", the consumer gets, sleeps, prints
// and calls task_done; main joins the producer and the sleeper, then the queue. The consumer is cut at
// exit while blocked in get.
std::unique_ptr<TraceStore> recordSmallRun();

} // namespace tl::test
