#include "engine/scaling.h"

#include "engine/algorithm.h"

namespace collscope::engine {

std::vector<ScalingPoint> ModelScaling(Collective collective, std::string_view algorithm,
                                       const std::vector<int>& rank_counts, double bytes,
                                       const CostModel& model) {
  std::vector<ScalingPoint> points;
  for (int ranks : rank_counts) {
    BuildResult built = BuildSchedule(collective, algorithm, ranks);
    if (!built.schedule) continue;
    ScalingPoint point{ranks, PriceSchedule(*built.schedule, bytes, model).Total(), 0, 0};
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
