// The lecture's transformations (slide 10), built from the parts rather
// than rewritten: broadcast = scatter + all-gather. (Allreduce = reduce-scatter + all-gather is the
// ring itself, ring.cpp, and Rabenseifner's, rabenseifner.cpp.)
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> ScatterAllGatherBroadcast(int p, int root) {
  // After the binomial scatter rank i holds the root's block i, which is
  // exactly where the ring all-gather (offset 0) expects it.
  return Sequence(BinomialScatter(p, root), RingAllGather(p, /*offset=*/0));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry ScatterAllGatherAlgorithm() {
  return {{"scatter-allgather",
           "Lecture slide 10: broadcast = binomial scatter + ring all-gather",
           {Collective::kBroadcast}},
          [](Collective, int p, int root) { return ScatterAllGatherBroadcast(p, root); }};
}

}  // namespace collscope::engine::algorithms
