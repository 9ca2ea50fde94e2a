// Rabenseifner's allreduce: recursive halving reduce-scatter followed by
// recursive doubling all-gather, the same two parts the ring uses but in
// log2(p) rounds each (Rabenseifner 2004).
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> RabenseifnerAllReduce(int p) {
  std::vector<std::unique_ptr<Schedule>> parts;
  parts.push_back(FoldIn(p, FoldData::kWholeVector));
  parts.push_back(RecursiveHalvingReduceScatterCore(p));
  parts.push_back(RecursiveDoublingAllGatherCore(p));
  parts.push_back(FoldOut(p, FoldData::kWholeVector));
  return Sequence(std::move(parts));
}

}  // namespace collscope::engine::algorithms
