// Binomial trees (MPICH's scatter, gather, broadcast and reduce). Ranks are
// numbered relative to the root, v = (rank - root) mod p; in the round with
// mask m, every v that is a multiple of 2m talks to v + m. Chan et al. 2007:
// ceil(log2 p) rounds.
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"
#include "engine/topology.h"

namespace collscope::engine::algorithms {

namespace {

enum class Direction { kDown, kUp };  // away from the root, towards it

// Slots a transfer of relative ranks [v, v + m) covers: the block of slots
// owned by those ranks (absolute slot = rank), or the whole vector.
std::unique_ptr<Schedule> Binomial(int p, int root, Direction direction, bool whole_vector,
                                   TransferOp op, std::string_view phase) {
  int rounds = CeilLog2(p);
  StepFunctions f;
  f.phase = [phase](std::int64_t) { return phase; };
  f.emit = [=](std::int64_t step, std::vector<Transfer>& out) {
    // Down: the largest mask first; up: the smallest first.
    int exponent = direction == Direction::kDown ? rounds - static_cast<int>(step)
                                                 : static_cast<int>(step) - 1;
    int m = 1 << exponent;
    for (long long v = 0; v + m < p; v += 2LL * m) {
      long long far = v + m;  // the subtree root that joins in this round
      int block = static_cast<int>(std::min<long long>(m, p - far));
      int far_rank = static_cast<int>((far + root) % p);
      int near_rank = static_cast<int>((v + root) % p);
      Transfer t{.src = direction == Direction::kDown ? near_rank : far_rank,
                 .dst = direction == Direction::kDown ? far_rank : near_rank,
                 .src_slot = whole_vector ? 0 : far_rank,
                 .dst_slot = whole_vector ? 0 : far_rank,
                 .slot_count = whole_vector ? p : block,
                 .op = op};
      out.push_back(t);
    }
  };
  return MakeSchedule(p, p, rounds, std::move(f));
}

}  // namespace

std::unique_ptr<Schedule> BinomialScatter(int p, int root) {
  // The root hands half of the blocks to v = p/2, and so on down.
  return Binomial(p, root, Direction::kDown, /*whole_vector=*/false, TransferOp::kCopy,
                  kPhaseScatter);
}

std::unique_ptr<Schedule> BinomialGather(int p, int root) {
  return Binomial(p, root, Direction::kUp, /*whole_vector=*/false, TransferOp::kCopy, kPhaseGather);
}

std::unique_ptr<Schedule> BinomialBroadcast(int p, int root) {
  return Binomial(p, root, Direction::kDown, /*whole_vector=*/true, TransferOp::kCopy,
                  kPhaseBroadcast);
}

std::unique_ptr<Schedule> BinomialReduce(int p, int root) {
  return Binomial(p, root, Direction::kUp, /*whole_vector=*/true, TransferOp::kReduce,
                  kPhaseReduce);
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry BinomialAlgorithm() {
  using C = Collective;
  return {{"binomial",
           "Binomial tree: ceil(log2 p) rounds, each doubling the ranks involved",
           {C::kScatter, C::kGather, C::kBroadcast, C::kReduce},
           /*needs_power_of_two=*/false,
           TreeShape::kBinomial},
          [](C c, int p, int root) -> std::unique_ptr<Schedule> {
            switch (c) {
              case C::kScatter:
                return BinomialScatter(p, root);
              case C::kGather:
                return BinomialGather(p, root);
              case C::kBroadcast:
                return BinomialBroadcast(p, root);
              default:
                return BinomialReduce(p, root);
            }
          }};
}

}  // namespace collscope::engine::algorithms
