#include "engine/algorithm.h"

#include <functional>

#include "engine/algorithms/algorithms.h"

namespace collscope::engine {

namespace {

using Builder = std::function<std::unique_ptr<Schedule>(Collective, int ranks, int root)>;

struct Entry {
  AlgorithmInfo info;
  Builder build;
};

using C = Collective;
namespace a = algorithms;

const std::vector<Entry>& Registry() {
  static const std::vector<Entry> entries = {
      {{"ring",
        "Logical ring: each rank sends to its right neighbour; allreduce is reduce-scatter "
        "then all-gather (lecture slide 8); broadcast and reduce pipeline the chunks along "
        "the ring",
        {C::kAllReduce, C::kReduceScatter, C::kAllGather, C::kBroadcast, C::kReduce}},
       [](C c, int p, int root) -> std::unique_ptr<Schedule> {
         switch (c) {
           case C::kAllReduce:
             return a::RingAllReduce(p);
           case C::kReduceScatter:
             return a::RingReduceScatter(p, /*offset=*/0);
           case C::kAllGather:
             return a::RingAllGather(p, /*offset=*/0);
           case C::kBroadcast:
             return a::RingBroadcast(p, root);
           default:
             return a::RingReduce(p, root);
         }
       }},
      {{"tree",
        "NCCL's binary tree: reduce up to the root, broadcast down, the whole vector on "
        "each edge",
        {C::kAllReduce, C::kReduce, C::kBroadcast}},
       [](C c, int p, int root) -> std::unique_ptr<Schedule> {
         if (c == C::kAllReduce) return a::BinaryTreeAllReduce(p);
         if (c == C::kReduce) return a::BinaryTreeReduce(p, root);
         return a::BinaryTreeBroadcast(p, root);
       }},
      {{"double-binary-tree",
        "NCCL 2.4's two complementary binary trees, each reducing and broadcasting half "
        "of the vector",
        {C::kAllReduce}},
       [](C, int p, int) { return a::DoubleBinaryTreeAllReduce(p); }},
      {{"binomial",
        "Binomial tree: ceil(log2 p) rounds, each doubling the ranks involved",
        {C::kScatter, C::kGather, C::kBroadcast, C::kReduce}},
       [](C c, int p, int root) -> std::unique_ptr<Schedule> {
         switch (c) {
           case C::kScatter:
             return a::BinomialScatter(p, root);
           case C::kGather:
             return a::BinomialGather(p, root);
           case C::kBroadcast:
             return a::BinomialBroadcast(p, root);
           default:
             return a::BinomialReduce(p, root);
         }
       }},
      {{"recursive-doubling",
        "Partners 1, 2, 4 ... apart exchange and double what they hold; other p fold "
        "the extra ranks in first",
        {C::kAllGather, C::kAllReduce}},
       [](C c, int p, int) {
         return c == C::kAllGather ? a::RecursiveDoublingAllGather(p)
                                   : a::RecursiveDoublingAllReduce(p);
       }},
      {{"recursive-halving",
        "Partners exchange half of what they hold each round, so rank i ends with chunk i; "
        "other p fold first",
        {C::kReduceScatter}},
       [](C, int p, int) { return a::RecursiveHalvingReduceScatter(p); }},
      {{"rabenseifner",
        "Recursive halving reduce-scatter, then recursive doubling all-gather",
        {C::kAllReduce}},
       [](C, int p, int) { return a::RabenseifnerAllReduce(p); }},
      {{"scatter-allgather",
        "Lecture slide 10: broadcast = binomial scatter + ring all-gather",
        {C::kBroadcast}},
       [](C, int p, int root) { return a::ScatterAllGatherBroadcast(p, root); }},
      {{"reducescatter-gather",
        "Lecture slide 10: reduce = ring reduce-scatter + binomial gather",
        {C::kReduce}},
       [](C, int p, int root) { return a::ReduceScatterGatherReduce(p, root); }},
      {{"pairwise",
        "Pairwise exchange: in step k rank i sends to i+k, receives from i-k",
        {C::kAllToAll}},
       [](C, int p, int) { return a::PairwiseAllToAll(p); }},
  };
  return entries;
}

const Entry* FindEntry(std::string_view name) {
  for (const Entry& entry : Registry()) {
    if (entry.info.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

const std::vector<AlgorithmInfo>& Algorithms() {
  static const std::vector<AlgorithmInfo> infos = [] {
    std::vector<AlgorithmInfo> list;
    for (const Entry& entry : Registry()) list.push_back(entry.info);
    return list;
  }();
  return infos;
}

const AlgorithmInfo* FindAlgorithm(std::string_view name) {
  const Entry* entry = FindEntry(name);
  return entry ? &entry->info : nullptr;
}

bool Supports(const AlgorithmInfo& algorithm, Collective collective) {
  for (Collective c : algorithm.collectives) {
    if (c == collective) return true;
  }
  return false;
}

std::string_view DefaultAlgorithm(Collective collective) {
  // docs/engine.md: the algorithm that the lecture's cost table prices.
  switch (collective) {
    case C::kScatter:
    case C::kGather:
      return "binomial";
    case C::kBroadcast:
      return "scatter-allgather";
    case C::kReduce:
      return "reducescatter-gather";
    case C::kAllToAll:
      return "pairwise";
    default:
      return "ring";
  }
}

BuildResult BuildSchedule(Collective collective, std::string_view algorithm, int ranks, int root) {
  const Entry* entry = FindEntry(algorithm);
  if (entry == nullptr) return {nullptr, "unknown algorithm '" + std::string(algorithm) + "'"};
  if (!Supports(entry->info, collective)) {
    return {nullptr, "algorithm '" + std::string(algorithm) + "' does not implement " +
                         std::string(CollectiveName(collective))};
  }
  if (ranks < 1 || ranks > kMaxRanks) {
    return {nullptr, "ranks must be between 1 and " + std::to_string(kMaxRanks) + ", got " +
                         std::to_string(ranks)};
  }
  if (root < 0 || root >= ranks) {
    return {nullptr, "root must be a rank in 0.." + std::to_string(ranks - 1) + ", got " +
                         std::to_string(root)};
  }
  return {entry->build(collective, ranks, HasRoot(collective) ? root : 0), ""};
}

}  // namespace collscope::engine
