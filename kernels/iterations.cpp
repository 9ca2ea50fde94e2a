#include "kernels/iterations.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

#include "kernels/rank_stream.h"
#include "kernels/recording.h"

namespace collscope::kernels {

std::string RunIterations(const RecordOptions& options, const Plan& plan, int rank,
                          std::string_view what, IterationHooks& hooks, RankStream* stream) {
  RankStream no_stream;  // closed: every call does nothing
  RankStream& progress = stream != nullptr ? *stream : no_stream;
  const auto steps = static_cast<std::int64_t>(plan.steps.size());
  const int total = options.warmup + options.iters;
  // Fault injection counts steps over all iterations, warm-up included,
  // from 1 (backend.h).
  std::int64_t global_step = 0;
  std::string failure;
  const char* ended = "complete";
  for (int iteration = 0; iteration < total; ++iteration) {
    hooks.Fill();
    progress.Finished(iteration, 0);
    if (!hooks.GoOn(iteration, !failure.empty())) {
      ended = "stopped";
      break;
    }
    hooks.BeginIteration(iteration);
    if (options.library) {
      hooks.Library();
    } else {
      for (std::int64_t step = 1; step <= steps; ++step) {
        ++global_step;
        const Fault& fault = options.fault;
        if (fault.kind != Fault::Kind::kNone && fault.rank == rank && fault.step == global_step) {
          hooks.InjectFault(fault.kind);
          // A signal leaves the rank running; the others stop it.
          if (fault.kind != Fault::Kind::kTerm) return failure;
        }
        const RankStep& work =
            plan.steps[static_cast<std::size_t>(step - 1)].ranks[static_cast<std::size_t>(rank)];
        progress.Started(iteration, step);
        if (!hooks.Step(iteration, step, work)) {
          progress.Close("stopped");
          return failure;
        }
        progress.Finished(iteration, step);
      }
    }
    hooks.EndIteration(iteration);
    const std::string wrong = hooks.Check();
    if (!wrong.empty() && failure.empty()) {
      failure = DescribeWrongResult(wrong, iteration, what, options.collective);
      hooks.WrongResult(failure);
    }
  }
  progress.Close(ended);
  return failure;
}

void InjectProcessFault(Fault::Kind kind) {
  switch (kind) {
    case Fault::Kind::kNone:
      return;
    case Fault::Kind::kTerm:
      std::raise(SIGTERM);  // the interrupt handler notes it; the run stops itself
      return;
    case Fault::Kind::kKill:
      std::raise(SIGKILL);
      break;
    case Fault::Kind::kDie:
      std::_Exit(3);
    case Fault::Kind::kHang:
      break;
  }
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace collscope::kernels
