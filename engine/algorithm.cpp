#include "engine/algorithm.h"

namespace collscope::engine {

// The registry. Each family file in engine/algorithms/ ends with its entry
// (name, collectives, builder, tree shape); this list, in the order `collscope
// list` shows them, is the only other place a family is named. Adding an
// algorithm is one new file ending in `AlgorithmEntry <Name>Algorithm()` and
// one line here.
#define COLLSCOPE_ALGORITHM_FAMILIES(FAMILY) \
  FAMILY(Ring)                               \
  FAMILY(BinaryTree)                         \
  FAMILY(DoubleBinaryTree)                   \
  FAMILY(Binomial)                           \
  FAMILY(RecursiveDoubling)                  \
  FAMILY(RecursiveHalving)                   \
  FAMILY(Rabenseifner)                       \
  FAMILY(ScatterAllGather)                   \
  FAMILY(ReduceScatterGather)                \
  FAMILY(Pairwise)                           \
  /* a new family: one line above this one */

namespace algorithms {
#define COLLSCOPE_DECLARE_FAMILY(family) AlgorithmEntry family##Algorithm();
COLLSCOPE_ALGORITHM_FAMILIES(COLLSCOPE_DECLARE_FAMILY)
#undef COLLSCOPE_DECLARE_FAMILY
}  // namespace algorithms

namespace {

const std::vector<AlgorithmEntry>& Registry() {
  static const std::vector<AlgorithmEntry> entries = {
#define COLLSCOPE_LIST_FAMILY(family) algorithms::family##Algorithm(),
      COLLSCOPE_ALGORITHM_FAMILIES(COLLSCOPE_LIST_FAMILY)
#undef COLLSCOPE_LIST_FAMILY
  };
  return entries;
}

const AlgorithmEntry* FindEntry(std::string_view name) {
  for (const AlgorithmEntry& entry : Registry()) {
    if (entry.info.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

const std::vector<AlgorithmInfo>& Algorithms() {
  static const std::vector<AlgorithmInfo> infos = [] {
    std::vector<AlgorithmInfo> list;
    for (const AlgorithmEntry& entry : Registry()) list.push_back(entry.info);
    return list;
  }();
  return infos;
}

const AlgorithmInfo* FindAlgorithm(std::string_view name) {
  const AlgorithmEntry* entry = FindEntry(name);
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
  using C = Collective;
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
  const AlgorithmEntry* entry = FindEntry(algorithm);
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
