#include "engine/scaling.h"

#include "engine/algorithm.h"
#include "engine/pipelined_tree.h"

namespace collscope::engine {
namespace {

ScalingPoint PointOf(Collective collective, int ranks, double bytes, const CostBreakdown& cost) {
  ScalingPoint point;
  point.ranks = ranks;
  point.cost = cost;
  point.time_s = cost.Total();
  if (point.time_s > 0) {
    point.algbw_bytes_per_s = bytes / point.time_s;
    point.busbw_bytes_per_s = point.algbw_bytes_per_s * BusBandwidthFactor(collective, ranks);
  }
  return point;
}

}  // namespace

std::optional<ScalingPoint> ModelPoint(Collective collective, std::string_view algorithm, int ranks,
                                       double bytes, const CostModel& model, std::string* error) {
  BuildResult built = BuildSchedule(collective, algorithm, ranks);
  if (!built.schedule) {
    if (error != nullptr) *error = built.error;
    return std::nullopt;
  }
  return PointOf(collective, ranks, bytes, PriceSchedule(*built.schedule, bytes, model));
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
    if (pipelined_tree) {
      points.push_back(PointOf(collective, ranks, bytes,
                               PipelinedDoubleBinaryTreeAllReduce(ranks, bytes, model)));
    } else if (auto point = ModelPoint(collective, algorithm, ranks, bytes, model)) {
      points.push_back(*point);
    }
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
