#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "engine/schedule.h"
#include "engine/topology.h"

namespace collscope::engine {

struct AlgorithmInfo {
  std::string_view name;
  std::string_view description;
  std::vector<Collective> collectives;
  bool needs_power_of_two = false;
  TreeShape tree_shape = TreeShape::kNone;  // what the tree view draws it on
};

// One algorithm family's registration, as nccl-tests registers each test:
// what `collscope list` says about it and how it builds a schedule (called
// only for a collective it lists, with 1 <= ranks and a root in range, 0 for
// collectives without one). Each file in engine/algorithms/ ends with its
// entry, and algorithm.cpp lists the entries.
struct AlgorithmEntry {
  AlgorithmInfo info;
  std::unique_ptr<Schedule> (*build)(Collective collective, int ranks, int root);
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

// The largest p the engine builds a schedule for (pricing walks steps, so
// this is far above what a buffer simulation can hold).
inline constexpr int kMaxRanks = 1 << 24;

}  // namespace collscope::engine
