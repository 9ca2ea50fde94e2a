// Rabenseifner's allreduce: recursive halving reduce-scatter followed by
// recursive doubling all-gather, the same two parts the ring uses but in
// log2(p) rounds each (Rabenseifner 2004).
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> RabenseifnerAllReduce(int p) {
  return Sequence(FoldIn(p, FoldData::kWholeVector), RecursiveHalvingReduceScatterCore(p),
                  RecursiveDoublingAllGatherCore(p), FoldOut(p, FoldData::kWholeVector));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry RabenseifnerAlgorithm() {
  return {{"rabenseifner",
           "Recursive halving reduce-scatter, then recursive doubling all-gather",
           {Collective::kAllReduce}},
          [](Collective, int p, int) { return RabenseifnerAllReduce(p); }};
}

}  // namespace collscope::engine::algorithms
