#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "engine/cost_model.h"

namespace collscope::engine {

struct ScalingPoint {
  int ranks = 0;
  double time_s = 0;
  double algbw_bytes_per_s = 0;  // bytes / time
  double busbw_bytes_per_s = 0;
  CostBreakdown cost;  // time_s in its alpha, beta and gamma parts
};

// One point of every sweep (against p, against n): the model's time and
// bandwidths of `collective` by `algorithm` on `ranks` ranks for `bytes` per
// rank. nullopt, with the reason in *error when given, when the algorithm
// refuses that p.
std::optional<ScalingPoint> ModelPoint(Collective collective, std::string_view algorithm, int ranks,
                                       double bytes, const CostModel& model,
                                       std::string* error = nullptr);

// Lecture slide 9: the model's time and bandwidths of `collective` by
// `algorithm` at each rank count, for `bytes` per rank (the rank counts the
// algorithm refuses are left out). The double binary tree all-reduce is
// priced pipelined, as NCCL runs it (pipelined_tree.h).
std::vector<ScalingPoint> ModelScaling(Collective collective, std::string_view algorithm,
                                       const std::vector<int>& rank_counts, double bytes,
                                       const CostModel& model);

// Rank counts from `first` to `last`, doubling (the x axis of NCCL's figure).
std::vector<int> DoublingRankCounts(int first, int last);

}  // namespace collscope::engine
