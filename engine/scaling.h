#pragma once

#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "engine/cost_model.h"

namespace collscope::engine {

// nccl-tests' bus bandwidth factor: busbw = algbw x factor, so that busbw
// is comparable to the link's bandwidth whatever the rank count
// (allreduce 2(p-1)/p; reduce-scatter, all-gather, all-to-all (p-1)/p;
// broadcast, reduce 1).
double BusBandwidthFactor(Collective collective, int ranks);

struct ScalingPoint {
  int ranks = 0;
  double time_s = 0;
  double algbw_bytes_per_s = 0;  // bytes / time
  double busbw_bytes_per_s = 0;
};

// Lecture slide 9: the model's time and bandwidths of `collective` by
// `algorithm` at each rank count, for `bytes` per rank. The double binary
// tree all-reduce is priced pipelined, as NCCL runs it (pipelined_tree.h).
std::vector<ScalingPoint> ModelScaling(Collective collective, std::string_view algorithm,
                                       const std::vector<int>& rank_counts, double bytes,
                                       const CostModel& model);

// Rank counts from `first` to `last`, doubling (the x axis of NCCL's figure).
std::vector<int> DoublingRankCounts(int first, int last);

}  // namespace collscope::engine
