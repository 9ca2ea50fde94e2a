#pragma once

#include <memory>
#include <string>

#include "app/cli/args.h"
#include "engine/collective.h"
#include "engine/schedule.h"

namespace collscope::cli {

// What -c, -a, -p and --root ask for, checked flag by flag so an error
// names the flag and the value, and the schedule built from it.
struct ScheduleRequest {
  engine::Collective collective;
  std::string algorithm;
  int ranks = 0;
  int root = 0;
  std::unique_ptr<engine::Schedule> schedule;

  // "allreduce by ring on 5 ranks" (", root 2" where a root applies).
  std::string Describe() const;
};

// The flags every schedule command takes, for Args::Spec.
void AddScheduleFlags(Args::Spec& spec);

ScheduleRequest BuildRequestedSchedule(const Args& args);  // throws UsageError

// Refuses (UsageError) a p whose symbolic buffers would not fit in memory.
void CheckSimulationFits(const Args& args, const ScheduleRequest& request);

}  // namespace collscope::cli
