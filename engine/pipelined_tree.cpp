#include "engine/pipelined_tree.h"

#include <algorithm>

#include "engine/topology.h"

namespace collscope::engine {

CostBreakdown PipelinedDoubleBinaryTreeAllReduce(int ranks, double bytes, const CostModel& model) {
  CostBreakdown cost;
  if (ranks <= 1) return cost;
  const double depth = CeilLog2(ranks);
  // A chunk cannot be larger than the half a tree carries.
  const double chunk = std::min(kTreeChunkBytes, bytes / 2);
  cost.latency_s = 2 * depth * (model.alpha_s + chunk * model.beta_s_per_byte);
  cost.bandwidth_s = 2 * bytes * model.beta_s_per_byte;
  cost.compute_s = bytes * model.gamma_s_per_byte;
  return cost;
}

}  // namespace collscope::engine
