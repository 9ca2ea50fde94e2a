#include "kernels/iterations.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "kernels/recording.h"

namespace collscope::kernels {

std::string RunIterations(const RecordOptions& options, const Plan& plan, int rank,
                          std::string_view what, IterationHooks& hooks) {
  const auto steps = static_cast<std::int64_t>(plan.steps.size());
  const int total = options.warmup + options.iters;
  // Fault injection counts steps over all iterations, warm-up included,
  // from 1 (backend.h).
  std::int64_t global_step = 0;
  std::string failure;
  for (int iteration = 0; iteration < total; ++iteration) {
    hooks.Fill();
    if (!hooks.GoOn(iteration, !failure.empty())) break;
    hooks.BeginIteration(iteration);
    if (options.library) {
      hooks.Library();
    } else {
      for (std::int64_t step = 1; step <= steps; ++step) {
        ++global_step;
        const Fault& fault = options.fault;
        if (fault.kind != Fault::Kind::kNone && fault.rank == rank && fault.step == global_step) {
          hooks.InjectFault(fault.kind);
          return failure;
        }
        const RankStep& work =
            plan.steps[static_cast<std::size_t>(step - 1)].ranks[static_cast<std::size_t>(rank)];
        if (!hooks.Step(iteration, step, work)) return failure;
      }
    }
    hooks.EndIteration(iteration);
    const std::string wrong = hooks.Check();
    if (!wrong.empty() && failure.empty()) {
      failure = DescribeWrongResult(wrong, iteration, what, options.collective);
      hooks.WrongResult(failure);
    }
  }
  return failure;
}

void InjectProcessFault(Fault::Kind kind) {
  if (kind == Fault::Kind::kDie) std::_Exit(3);
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace collscope::kernels
