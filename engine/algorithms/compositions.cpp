// The lecture's transformations (slide 10), built from the parts rather
// than rewritten: broadcast = scatter + all-gather, reduce = reduce-scatter
// + gather. (Allreduce = reduce-scatter + all-gather is the ring itself,
// ring.cpp, and Rabenseifner's, rabenseifner.cpp.)
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> ScatterAllGatherBroadcast(int p, int root) {
  // After the binomial scatter rank i holds the root's block i, which is
  // exactly where the ring all-gather (offset 0) expects it.
  std::vector<std::unique_ptr<Schedule>> parts;
  parts.push_back(BinomialScatter(p, root));
  parts.push_back(RingAllGather(p, /*offset=*/0));
  return Sequence(std::move(parts));
}

std::unique_ptr<Schedule> ReduceScatterGatherReduce(int p, int root) {
  // After the ring reduce-scatter (offset 0) rank i holds the complete
  // chunk i, which the binomial gather collects at the root.
  std::vector<std::unique_ptr<Schedule>> parts;
  parts.push_back(RingReduceScatter(p, /*offset=*/0));
  parts.push_back(BinomialGather(p, root));
  return Sequence(std::move(parts));
}

}  // namespace collscope::engine::algorithms
