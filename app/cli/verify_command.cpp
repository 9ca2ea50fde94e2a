// collscope verify: simulate a schedule and check the final buffers against
// the collective's definition. Exit 0 iff correct.
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/schedule_request.h"
#include "engine/verify.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: collscope verify -c COLLECTIVE [-a ALGORITHM] -p RANKS [--root R]

Runs the schedule on symbolic buffers and checks the result against the
collective's definition (NCCL's for reduce-scatter and all-gather, the
lecture's for the rest). Exit code 0 when correct, 1 when not, 2 for bad
input or a p whose buffers would not fit in 2 GiB.

Example: collscope verify -c reducescatter -a recursive-halving -p 12
)";

int RunVerify(const std::vector<std::string>& argv) {
  Args::Spec spec;
  AddScheduleFlags(spec);
  Args args = Args::Parse("verify", argv, spec);
  ScheduleRequest request = BuildRequestedSchedule(args);
  CheckSimulationFits(args, request);
  engine::VerifyResult result =
      engine::VerifySchedule(*request.schedule, request.collective, request.root);
  if (!result.ok) {
    std::cout << "wrong: " << request.Describe() << ": " << result.message << "\n";
    return kExitFailed;
  }
  std::cout << "ok: " << request.Describe() << " (" << request.schedule->StepCount()
            << " steps) ends as the definition says\n";
  return kExitOk;
}

}  // namespace

Command VerifyCommand() {
  return {"verify", "check that a schedule's final buffers match the collective's definition",
          kUsage, RunVerify};
}

}  // namespace collscope::cli
