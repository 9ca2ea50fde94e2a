// Ring algorithms (lecture slides 7-8). Every rank sends to its right
// neighbour and receives from its left one; NCCL's all_reduce.h runs the same
// sequence as send, recvReduceSend..., recvReduceCopySend, recvCopySend...,
// recv.
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"

namespace collscope::engine::algorithms {

namespace {

int Mod(long long value, int p) { return static_cast<int>(((value % p) + p) % p); }

StepLoad OneSlotPerRank(std::int64_t active_ranks, bool reduce) {
  StepLoad load;
  if (active_ranks > 0) load.distinct.push_back(RankLoad{1, 1, reduce ? 1 : 0});
  load.slots_written = active_ranks;
  return load;
}

}  // namespace

std::unique_ptr<Schedule> RingReduceScatter(int p, int offset) {
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseReduceScatter; };
  // Iteration k: rank i forwards the partial sum of chunk i+offset-k; the
  // right neighbour adds its own chunk to it.
  f.emit = [p, offset](std::int64_t k, std::vector<Transfer>& out) {
    for (int i = 0; i < p; ++i) {
      int slot = Mod(i + offset - k, p);
      out.push_back({.src = i,
                     .dst = Mod(i + 1, p),
                     .src_slot = slot,
                     .dst_slot = slot,
                     .op = TransferOp::kReduce});
    }
  };
  f.uniform_load = [p](std::int64_t) { return OneSlotPerRank(p, /*reduce=*/true); };
  return MakeSchedule(p, p, p - 1, std::move(f));
}

std::unique_ptr<Schedule> RingAllGather(int p, int offset) {
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseAllGather; };
  // Rank i starts with the complete chunk i+offset and, in iteration k,
  // copies on the chunk it received in iteration k-1.
  f.emit = [p, offset](std::int64_t k, std::vector<Transfer>& out) {
    for (int i = 0; i < p; ++i) {
      int slot = Mod(i + offset - k + 1, p);
      out.push_back({.src = i, .dst = Mod(i + 1, p), .src_slot = slot, .dst_slot = slot});
    }
  };
  f.uniform_load = [p](std::int64_t) { return OneSlotPerRank(p, /*reduce=*/false); };
  return MakeSchedule(p, p, p - 1, std::move(f));
}

std::unique_ptr<Schedule> RingAllReduce(int p) {
  // Lecture slide 8: reduce-scatter leaves rank i with chunk i+1 complete,
  // and all-gather circulates the complete chunks from there.
  return Sequence(RingReduceScatter(p, /*offset=*/1), RingAllGather(p, /*offset=*/1));
}

namespace {

// A pipelined chain over the ring: the p chunks follow one another along
// the p-1 hops, so step t has hop h carry chunk t-1-h.
std::unique_ptr<Schedule> RingChain(int p, int first_rank, TransferOp op, std::string_view phase) {
  int hops = p - 1;
  std::int64_t steps = p <= 1 ? 0 : std::int64_t{p} + hops - 1;
  auto active_hops = [p, hops](std::int64_t t) {
    // hops h in [0, hops) with 0 <= t-1-h < p
    std::int64_t low = std::max<std::int64_t>(0, t - p);
    std::int64_t high = std::min<std::int64_t>(hops - 1, t - 1);
    return std::make_pair(low, high);
  };
  StepFunctions f;
  f.phase = [phase](std::int64_t) { return phase; };
  f.emit = [=](std::int64_t t, std::vector<Transfer>& out) {
    auto [low, high] = active_hops(t);
    for (std::int64_t h = low; h <= high; ++h) {
      int chunk = static_cast<int>(t - 1 - h);
      out.push_back({.src = Mod(first_rank + h, p),
                     .dst = Mod(first_rank + h + 1, p),
                     .src_slot = chunk,
                     .dst_slot = chunk,
                     .op = op});
    }
  };
  f.uniform_load = [=](std::int64_t t) {
    auto [low, high] = active_hops(t);
    StepLoad load = OneSlotPerRank(high - low + 1, /*reduce=*/false);
    // The head of the active stretch only sends; every rank after it receives
    // (and adds, in a reduction).
    if (op == TransferOp::kReduce) load.distinct.push_back(RankLoad{1, 1, 1});
    return load;
  };
  return MakeSchedule(p, p, steps, std::move(f));
}

}  // namespace

std::unique_ptr<Schedule> RingBroadcast(int p, int root) {
  // The chain starts at the root and ends at its left neighbour.
  return RingChain(p, root, TransferOp::kCopy, kPhaseBroadcast);
}

std::unique_ptr<Schedule> RingReduce(int p, int root) {
  // The chain starts at the root's right neighbour and ends at the root.
  return RingChain(p, root + 1, TransferOp::kReduce, kPhaseReduce);
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry RingAlgorithm() {
  using C = Collective;
  return {{"ring",
           "Logical ring: each rank sends to its right neighbour; allreduce is reduce-scatter "
           "then all-gather (lecture slide 8); broadcast and reduce pipeline the chunks along "
           "the ring",
           {C::kAllReduce, C::kReduceScatter, C::kAllGather, C::kBroadcast, C::kReduce}},
          [](C c, int p, int root) -> std::unique_ptr<Schedule> {
            switch (c) {
              case C::kAllReduce:
                return RingAllReduce(p);
              case C::kReduceScatter:
                return RingReduceScatter(p, /*offset=*/0);
              case C::kAllGather:
                return RingAllGather(p, /*offset=*/0);
              case C::kBroadcast:
                return RingBroadcast(p, root);
              default:
                return RingReduce(p, root);
            }
          }};
}

}  // namespace collscope::engine::algorithms
