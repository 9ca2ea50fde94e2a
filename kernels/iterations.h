#pragma once

// The loop every backend runs, written once: warm-up and measured iterations,
// each filling this rank's buffer with the test pattern, asking whether to go
// on, running the schedule's steps (or the library's own collective) and
// checking the result against the collective's definition. A backend says
// how through the hooks; the skeleton owns the order, the step count that
// fault injection (COLLSCOPE_RECORD_FAULT) counts, and the wrong-result line.

#include <cstdint>
#include <string>
#include <string_view>

#include "kernels/backend.h"
#include "kernels/plan.h"

namespace collscope::kernels {

class IterationHooks {
 public:
  virtual ~IterationHooks() = default;
  // The test pattern into this rank's buffer, before the iteration.
  virtual void Fill() = 0;
  // Every rank agrees to run `iteration` (`failed`: this rank found a wrong
  // result before); false stops the run before it.
  virtual bool GoOn(int iteration, bool failed) = 0;
  // Before the iteration's first step (its start time).
  virtual void BeginIteration(int iteration) = 0;
  // One step of the schedule on this rank; false: the rank must stop now
  // (a peer timed out, a signal arrived).
  virtual bool Step(int iteration, std::int64_t step, const RankStep& work) = 0;
  // The library's own collective instead of the steps (--library).
  virtual void Library() = 0;
  // After the iteration's last step (its end time).
  virtual void EndIteration(int iteration) = 0;
  // "" or the first wrong element of this rank's buffer.
  virtual std::string Check() = 0;
  // The first wrong result this rank found, as DescribeWrongResult's line.
  virtual void WrongResult(const std::string& /*line*/) {}
  // Fault injection (tests only): stop answering at this step. A process
  // per rank never returns from it; a thread per rank returns, and the
  // rank's loop ends.
  virtual void InjectFault(Fault::Kind kind) = 0;
};

class RankStream;

// Runs options.warmup + options.iters iterations of `plan` on `rank`.
// `what` names who ran the collective in a wrong-result line (the algorithm,
// "the MPI library's", "NCCL's"). Returns that line for this rank's first
// wrong result, "" when every iteration verified. `stream` (may be null)
// hears where the rank is before and after every step, and is closed when
// the loop ends by itself (not when an injected fault ends it).
std::string RunIterations(const RecordOptions& options, const Plan& plan, int rank,
                          std::string_view what, IterationHooks& hooks,
                          RankStream* stream = nullptr);

// InjectFault for a backend with a process per rank (mpi, nccl): a death
// exits at once (code 3), a hang sleeps for ever, so the peers' step
// timeout is what ends the job, a kill sends this process SIGKILL (what the
// out-of-memory killer or a lost node does: no handler runs), a term sends
// it SIGTERM and the run goes on to stop at the next iteration.
void InjectProcessFault(Fault::Kind kind);

}  // namespace collscope::kernels
