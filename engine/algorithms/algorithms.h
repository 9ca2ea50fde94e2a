#pragma once

// The algorithm families' building blocks, one family a file, for the
// families that compose them (compositions reuse the ring and the binomial
// tree, Rabenseifner's the recursive cores). Every function returns a
// schedule on p ranks with SlotCount(collective, p) slots; each family file
// ends with the registration entry (engine/algorithm.h) that names it.

#include <memory>
#include <utility>
#include <vector>

#include "engine/schedule.h"

namespace collscope::engine::algorithms {

// ring.cpp. `offset` picks which chunk rank i starts with: the lecture's
// allreduce sends chunk i first (offset 1, rank i ends with chunk i+1);
// NCCL's reduce-scatter ends with rank i holding chunk i (offset 0).
std::unique_ptr<Schedule> RingReduceScatter(int p, int offset);
std::unique_ptr<Schedule> RingAllGather(int p, int offset);
std::unique_ptr<Schedule> RingAllReduce(int p);
std::unique_ptr<Schedule> RingBroadcast(int p, int root);
std::unique_ptr<Schedule> RingReduce(int p, int root);

// binary_tree.cpp
std::unique_ptr<Schedule> BinaryTreeReduce(int p, int root);
std::unique_ptr<Schedule> BinaryTreeBroadcast(int p, int root);
std::unique_ptr<Schedule> BinaryTreeAllReduce(int p);

// double_binary_tree.cpp
std::unique_ptr<Schedule> DoubleBinaryTreeAllReduce(int p);

// binomial.cpp
std::unique_ptr<Schedule> BinomialScatter(int p, int root);
std::unique_ptr<Schedule> BinomialGather(int p, int root);
std::unique_ptr<Schedule> BinomialBroadcast(int p, int root);
std::unique_ptr<Schedule> BinomialReduce(int p, int root);

// fold.cpp: the standard fold for power-of-two algorithms on other p. With
// p2 the largest power of two <= p, extra rank p2+k pairs with rank k.
enum class FoldData {
  kWholeVector,  // every slot
  kOwnBlock,     // only slot p2+k, the extra rank's own block
};
std::unique_ptr<Schedule> FoldIn(int p, FoldData data);   // extras hand their data over
std::unique_ptr<Schedule> FoldOut(int p, FoldData data);  // partners hand results back

// recursive_doubling.cpp (cores run on ranks 0..p2-1 only)
std::unique_ptr<Schedule> RecursiveDoublingAllReduceCore(int p);
std::unique_ptr<Schedule> RecursiveDoublingAllGatherCore(int p);
std::unique_ptr<Schedule> RecursiveDoublingAllReduce(int p);
std::unique_ptr<Schedule> RecursiveDoublingAllGather(int p);

// recursive_halving.cpp
std::unique_ptr<Schedule> RecursiveHalvingReduceScatterCore(int p);
std::unique_ptr<Schedule> RecursiveHalvingReduceScatter(int p);

// rabenseifner.cpp
std::unique_ptr<Schedule> RabenseifnerAllReduce(int p);

// scatter_allgather.cpp and reducescatter_gather.cpp: the lecture's slide 10
// transformations.
std::unique_ptr<Schedule> ScatterAllGatherBroadcast(int p, int root);
std::unique_ptr<Schedule> ReduceScatterGatherReduce(int p, int root);

// pairwise.cpp
std::unique_ptr<Schedule> PairwiseAllToAll(int p);

// Sequence(a, b, c): the parts one after the other (engine/schedule.h),
// written as the lecture writes a composition.
using engine::Sequence;
template <typename... Rest>
std::unique_ptr<Schedule> Sequence(std::unique_ptr<Schedule> first, Rest... rest) {
  std::vector<std::unique_ptr<Schedule>> parts;
  parts.push_back(std::move(first));
  (parts.push_back(std::move(rest)), ...);
  return Sequence(std::move(parts));
}

}  // namespace collscope::engine::algorithms
