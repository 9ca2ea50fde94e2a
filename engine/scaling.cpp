#include "engine/scaling.h"

#include "engine/algorithm.h"
#include "engine/pipelined_tree.h"

namespace collscope::engine {

double BusBandwidthFactor(Collective collective, int ranks) {
  double p = ranks;
  switch (collective) {
    case Collective::kAllReduce:
      return 2 * (p - 1) / p;
    case Collective::kReduceScatter:
    case Collective::kAllGather:
    case Collective::kAllToAll:
    case Collective::kScatter:
    case Collective::kGather:
      return (p - 1) / p;
    case Collective::kBroadcast:
    case Collective::kReduce:
      return 1;
  }
  return 1;
}

std::vector<ScalingPoint> ModelScaling(Collective collective, std::string_view algorithm,
                                       const std::vector<int>& rank_counts, double bytes,
                                       const CostModel& model) {
  std::vector<ScalingPoint> points;
  // NCCL pipelines its double binary tree (NCCL 2.4): priced as it runs,
  // not step by step, so the plot tells the story of NCCL's figure.
  const bool pipelined_tree =
      collective == Collective::kAllReduce && algorithm == "double-binary-tree";
  for (int ranks : rank_counts) {
    ScalingPoint point{ranks, 0, 0, 0};
    if (pipelined_tree) {
      point.time_s = PipelinedDoubleBinaryTreeAllReduce(ranks, bytes, model).Total();
    } else {
      BuildResult built = BuildSchedule(collective, algorithm, ranks);
      if (!built.schedule) continue;
      point.time_s = PriceSchedule(*built.schedule, bytes, model).Total();
    }
    if (point.time_s > 0) {
      point.algbw_bytes_per_s = bytes / point.time_s;
      point.busbw_bytes_per_s = point.algbw_bytes_per_s * BusBandwidthFactor(collective, ranks);
    }
    points.push_back(point);
  }
  return points;
}

std::vector<int> DoublingRankCounts(int first, int last) {
  std::vector<int> counts;
  for (long long p = first; p <= last && p > 0; p *= 2) counts.push_back(static_cast<int>(p));
  if (counts.empty() || counts.back() != last) counts.push_back(last);
  return counts;
}

}  // namespace collscope::engine
