#pragma once

#include <QString>

#include <string>

namespace tl::bench {

struct PythonBenchOptions {
    QString python = QStringLiteral("python3");
    int runs = 3;
    int pairs = 200'000;  // queue put/get pairs and lock acquire/release pairs
    int threads = 10'000; // thread start/join pairs
    bool lessons = true;
};

// threadline-bench python: the same small programs run untraced (`python3 prog.py`) and traced
// (PythonSource, the path the app takes) in one run, interleaved, medians of `runs`:
// - queue: put/get pairs on a queue.Queue; lock: uncontended acquire/release pairs on a
//   threading.Lock; thread: start/join pairs. Each program times its own loop (perf_counter), so
//   the interpreter's and the tracer's start-up stay out: us_added_per_pair is (traced - untraced) loop
//   time per pair, us_added_per_op half that (a pair is two traced operations), ratio their quotient;
//   untraced_us_per_pair_range and traced_us_per_pair_range the fastest and slowest run, per pair.
// - lessons: each listing, its sleeps shortened (the same copy runs both ways), timed from spawn to
//   exit: the ratio of traced to untraced wall time, start-up included.
// Every traced run is checked: its stream complete, no event lost; else no figures. "emitter" says what
// recorded the events: the tracer's C speedups ("c") or its Python functions ("python": an interpreter the
// speedups were not built for). With "c", every traced run is made a second time with a copy of the tracer
// without them, in the same rounds, and "python_emitter" holds those figures against the same untraced runs.
class PythonBench {
public:
    explicit PythonBench(PythonBenchOptions options);
    // The JSON object, or an empty string if a run failed (the reason on stderr).
    std::string run();

private:
    PythonBenchOptions m_options;
};

} // namespace tl::bench
