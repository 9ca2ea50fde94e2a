// Pairwise exchange all-to-all: in step k rank i sends its block i+k to rank
// i+k and receives block i from rank i-k, p-1 steps for any p (MPICH's
// algorithm for long messages). Slots 0..p-1 are each rank's input blocks,
// p..2p-1 its output blocks.
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> PairwiseAllToAll(int p) {
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseExchange; };
  f.emit = [p](std::int64_t k, std::vector<Transfer>& out) {
    for (int i = 0; i < p; ++i) {
      // A rank's own block moves to its output in the first step, locally.
      if (k == 1) out.push_back({.src = i, .dst = i, .src_slot = i, .dst_slot = p + i});
      if (p == 1) continue;
      int peer = static_cast<int>((i + k) % p);
      out.push_back({.src = i, .dst = peer, .src_slot = peer, .dst_slot = p + i});
    }
  };
  f.uniform_load = [p](std::int64_t k) {
    StepLoad load;
    if (p > 1) load.distinct.push_back(RankLoad{1, 1, 0});
    load.slots_written = (p > 1 ? p : 0) + (k == 1 ? p : 0);
    return load;
  };
  return MakeSchedule(p, 2 * p, p > 1 ? p - 1 : 1, std::move(f));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry PairwiseAlgorithm() {
  return {{"pairwise",
           "Pairwise exchange: in step k rank i sends to i+k, receives from i-k",
           {Collective::kAllToAll}},
          [](Collective, int p, int) { return PairwiseAllToAll(p); }};
}

}  // namespace collscope::engine::algorithms
