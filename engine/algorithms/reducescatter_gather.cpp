// The lecture's transformations (slide 10), built from the parts rather
// than rewritten: reduce = reduce-scatter + gather. (Allreduce = reduce-scatter + all-gather is the
// ring itself, ring.cpp, and Rabenseifner's, rabenseifner.cpp.)
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> ReduceScatterGatherReduce(int p, int root) {
  // After the ring reduce-scatter (offset 0) rank i holds the complete
  // chunk i, which the binomial gather collects at the root.
  return Sequence(RingReduceScatter(p, /*offset=*/0), BinomialGather(p, root));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry ReduceScatterGatherAlgorithm() {
  return {{"reducescatter-gather",
           "Lecture slide 10: reduce = ring reduce-scatter + binomial gather",
           {Collective::kReduce}},
          [](Collective, int p, int root) { return ReduceScatterGatherReduce(p, root); }};
}

}  // namespace collscope::engine::algorithms
