// Recursive halving reduce-scatter: in round j every rank keeps the half of
// its slots whose bit j matches its own index and sends the other half to
// the partner that differs in bit j, which adds it (Thakur, Rabenseifner and
// Gropp 2005). Rank i ends with chunk i, NCCL's definition.
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"
#include "engine/algorithms/residue_class.h"
#include "engine/topology.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> RecursiveHalvingReduceScatterCore(int p) {
  int p2 = FloorPowerOfTwo(p);
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseReduceScatter; };
  // Before the round at distance d, rank i holds the slots = i (mod d); it
  // sends the class of its partner i^d modulo 2d.
  f.emit = [p, p2](std::int64_t step, std::vector<Transfer>& out) {
    int distance = 1 << (step - 1);
    for (int i = 0; i < p2; ++i) {
      int partner = i ^ distance;
      out.push_back(ResidueClassTransfer(i, partner, p, partner % (2 * distance), 2 * distance,
                                         TransferOp::kReduce));
    }
  };
  return MakeSchedule(p, p, CeilLog2(p2), std::move(f));
}

std::unique_ptr<Schedule> RecursiveHalvingReduceScatter(int p) {
  return Sequence(FoldIn(p, FoldData::kWholeVector), RecursiveHalvingReduceScatterCore(p),
                  FoldOut(p, FoldData::kOwnBlock));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry RecursiveHalvingAlgorithm() {
  return {{"recursive-halving",
           "Partners exchange half of what they hold each round, so rank i ends with chunk i; "
           "other p fold first",
           {Collective::kReduceScatter}},
          [](Collective, int p, int) { return RecursiveHalvingReduceScatter(p); }};
}

}  // namespace collscope::engine::algorithms
