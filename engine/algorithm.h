#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "engine/schedule.h"

namespace collscope::engine {

struct AlgorithmInfo {
  std::string_view name;
  std::string_view description;
  std::vector<Collective> collectives;
  bool needs_power_of_two = false;
};

// Every algorithm family and the collectives it implements.
const std::vector<AlgorithmInfo>& Algorithms();
const AlgorithmInfo* FindAlgorithm(std::string_view name);
bool Supports(const AlgorithmInfo& algorithm, Collective collective);

// The algorithm the lecture's cost table prices (docs/engine.md).
std::string_view DefaultAlgorithm(Collective collective);

struct BuildResult {
  std::unique_ptr<Schedule> schedule;
  std::string error;  // set when schedule is null
};

// Builds the schedule of `collective` by `algorithm` on `ranks` ranks.
// Errors (unknown pair, ranks < 1, root out of range) come back as text.
BuildResult BuildSchedule(Collective collective, std::string_view algorithm, int ranks,
                          int root = 0);

// The largest p the engine accepts at all (pricing walks steps, so this is
// far above what a buffer simulation can hold).
inline constexpr int kMaxRanks = 1 << 24;

}  // namespace collscope::engine
