#include "engine/collective.h"

#include <array>

#include <utility>
#include "engine/cell.h"

namespace collscope::engine {

const std::vector<Collective>& AllCollectives() {
  static const std::vector<Collective> all = {
      Collective::kAllReduce, Collective::kReduceScatter, Collective::kAllGather,
      Collective::kBroadcast, Collective::kReduce,        Collective::kScatter,
      Collective::kGather,    Collective::kAllToAll,
  };
  return all;
}

std::string_view CollectiveName(Collective collective) {
  switch (collective) {
    case Collective::kAllReduce:
      return "allreduce";
    case Collective::kReduceScatter:
      return "reducescatter";
    case Collective::kAllGather:
      return "allgather";
    case Collective::kBroadcast:
      return "broadcast";
    case Collective::kReduce:
      return "reduce";
    case Collective::kScatter:
      return "scatter";
    case Collective::kGather:
      return "gather";
    case Collective::kAllToAll:
      return "alltoall";
  }
  return "?";
}

std::optional<Collective> ParseCollective(std::string_view name) {
  static const std::array<std::pair<std::string_view, Collective>, 4> kHyphenated = {{
      {"all-reduce", Collective::kAllReduce},
      {"reduce-scatter", Collective::kReduceScatter},
      {"all-gather", Collective::kAllGather},
      {"all-to-all", Collective::kAllToAll},
  }};
  for (Collective collective : AllCollectives()) {
    if (CollectiveName(collective) == name) return collective;
  }
  for (const auto& [spelling, collective] : kHyphenated) {
    if (spelling == name) return collective;
  }
  return std::nullopt;
}

bool HasRoot(Collective collective) {
  return collective == Collective::kBroadcast || collective == Collective::kReduce ||
         collective == Collective::kScatter || collective == Collective::kGather;
}

int SlotCount(Collective collective, int ranks) {
  return collective == Collective::kAllToAll ? 2 * ranks : ranks;
}

std::string SlotName(Collective collective, int ranks, int slot) {
  if (collective != Collective::kAllToAll) return ChunkLetters(slot);
  return slot < ranks ? "in " + ChunkLetters(slot) : "out " + ChunkLetters(slot - ranks);
}

}  // namespace collscope::engine
