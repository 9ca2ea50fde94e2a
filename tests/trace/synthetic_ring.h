#pragma once

#include <cstdint>

#include "trace/model.h"

// The synthetic ring allreduce that the trace tests and bench/trace_bench
// fill traces with. Header-only, so the benchmark needs no test library.
namespace collscope::trace::testing {

// One ring-allreduce run of `bytes` float32s; the caller adds the steps and
// sets t_end_ns.
inline Run RingRun(std::int64_t bytes, int iteration, std::int64_t t_start_ns) {
  Run run;
  run.collective = "allreduce";
  run.algorithm = "ring";
  run.bytes = bytes;
  run.dtype = "float32";
  run.iteration = iteration;
  run.t_start_ns = t_start_ns;
  return run;
}

// Rank `rank`'s event of ring step `step` (1 .. 2(p-1)): it sends to the
// next rank and receives from the previous one, chunk (rank - step) mod p,
// reduce-scatter for the first p-1 steps. The caller sets the times.
inline StepEvent RingStepEvent(int ranks, int step, int rank, std::int64_t run_bytes,
                               std::uint16_t reduce_scatter, std::uint16_t all_gather) {
  StepEvent e;
  e.step = step;
  e.rank = rank;
  e.phase = step < ranks ? reduce_scatter : all_gather;
  e.send_to = (rank + 1) % ranks;
  e.recv_from = (rank + ranks - 1) % ranks;
  e.slot = ((rank - step) % ranks + ranks) % ranks;
  e.bytes = run_bytes / ranks;
  return e;
}

}  // namespace collscope::trace::testing
