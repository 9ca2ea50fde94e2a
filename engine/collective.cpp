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

bool Reduces(Collective collective) {
  return collective == Collective::kAllReduce || collective == Collective::kReduceScatter ||
         collective == Collective::kReduce;
}

double BusBandwidthFactor(Collective collective, int ranks) {
  double p = ranks;
  switch (collective) {
    case Collective::kAllReduce:
      return 2 * (p - 1) / p;
    case Collective::kReduceScatter:
    case Collective::kAllGather:
    case Collective::kAllToAll:
    case Collective::kScatter:
    case Collective::kGather:
      return (p - 1) / p;
    case Collective::kBroadcast:
    case Collective::kReduce:
      return 1;
  }
  return 1;
}

std::optional<SlotContent> ExpectedFinalContent(Collective collective, int ranks, int root,
                                                int rank, int slot) {
  constexpr int kAll = SlotContent::kAllRanks;
  switch (collective) {
    case Collective::kAllReduce:  // every rank, every chunk, summed over all ranks
      return SlotContent{kAll, slot};
    case Collective::kReduceScatter:  // NCCL: rank Y holds the full sum of chunk Y
      if (slot == rank) return SlotContent{kAll, slot};
      return std::nullopt;
    case Collective::kAllGather:  // NCCL: out[Y*count+i] = inY[i] on every rank
      return SlotContent{slot, 0};
    case Collective::kBroadcast:  // the root's vector on every rank
      return SlotContent{root, slot};
    case Collective::kReduce:  // the root holds the full sum of every chunk
      if (rank == root) return SlotContent{kAll, slot};
      return std::nullopt;
    case Collective::kScatter:  // rank i receives the root's block i
      if (slot == rank) return SlotContent{root, slot};
      return std::nullopt;
    case Collective::kGather:  // the root holds every rank's block, in rank order
      if (rank == root) return SlotContent{slot, 0};
      return std::nullopt;
    case Collective::kAllToAll:  // rank i's block j becomes rank j's block i
      if (slot >= ranks) return SlotContent{slot - ranks, rank};
      return std::nullopt;
  }
  return std::nullopt;
}

int SlotCount(Collective collective, int ranks) {
  return collective == Collective::kAllToAll ? 2 * ranks : ranks;
}

std::string SlotName(Collective collective, int ranks, int slot) {
  if (collective != Collective::kAllToAll) return ChunkLetters(slot);
  return slot < ranks ? "in " + ChunkLetters(slot) : "out " + ChunkLetters(slot - ranks);
}

}  // namespace collscope::engine
