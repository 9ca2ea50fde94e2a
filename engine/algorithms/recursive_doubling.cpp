// Recursive doubling: in round j every rank exchanges with the rank whose
// index differs in one bit, doubling what it holds (Thakur, Rabenseifner and
// Gropp 2005). log2(p) rounds for a power of two; other p fold first.
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"
#include "engine/algorithms/residue_class.h"
#include "engine/topology.h"

namespace collscope::engine::algorithms {

std::unique_ptr<Schedule> RecursiveDoublingAllReduceCore(int p) {
  int p2 = FloorPowerOfTwo(p);
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseExchange; };
  // Round j: partners 2^(j-1) apart swap whole vectors and both add.
  f.emit = [p, p2](std::int64_t step, std::vector<Transfer>& out) {
    int distance = 1 << (step - 1);
    for (int i = 0; i < p2; ++i) {
      out.push_back({.src = i,
                     .dst = i ^ distance,
                     .src_slot = 0,
                     .dst_slot = 0,
                     .slot_count = p,
                     .op = TransferOp::kReduce});
    }
  };
  return MakeSchedule(p, p, CeilLog2(p2), std::move(f));
}

std::unique_ptr<Schedule> RecursiveDoublingAllGatherCore(int p) {
  int p2 = FloorPowerOfTwo(p);
  int rounds = CeilLog2(p2);
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseAllGather; };
  // Before a round at distance d, rank i holds the slots = i (mod 2d); it
  // sends them to i^d and receives the class of i^d, leaving i (mod d).
  // Largest distance first, so a power-of-two p sends 1, 2, 4 ... blocks.
  f.emit = [p, p2, rounds](std::int64_t step, std::vector<Transfer>& out) {
    int distance = 1 << (rounds - step);
    for (int i = 0; i < p2; ++i) {
      out.push_back(ResidueClassTransfer(i, i ^ distance, p, i % (2 * distance), 2 * distance,
                                         TransferOp::kCopy));
    }
  };
  return MakeSchedule(p, p, rounds, std::move(f));
}

std::unique_ptr<Schedule> RecursiveDoublingAllReduce(int p) {
  return Sequence(FoldIn(p, FoldData::kWholeVector), RecursiveDoublingAllReduceCore(p),
                  FoldOut(p, FoldData::kWholeVector));
}

std::unique_ptr<Schedule> RecursiveDoublingAllGather(int p) {
  return Sequence(FoldIn(p, FoldData::kOwnBlock), RecursiveDoublingAllGatherCore(p),
                  FoldOut(p, FoldData::kWholeVector));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry RecursiveDoublingAlgorithm() {
  using C = Collective;
  return {{"recursive-doubling",
           "Partners 1, 2, 4 ... apart exchange and double what they hold; other p fold "
           "the extra ranks in first",
           {C::kAllGather, C::kAllReduce}},
          [](C c, int p, int) {
            return c == C::kAllGather ? RecursiveDoublingAllGather(p)
                                      : RecursiveDoublingAllReduce(p);
          }};
}

}  // namespace collscope::engine::algorithms
