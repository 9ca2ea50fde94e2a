#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::engine {

// The eight collectives of the lecture (slide 6).
enum class Collective {
  kAllReduce,
  kReduceScatter,
  kAllGather,
  kBroadcast,
  kReduce,
  kScatter,
  kGather,
  kAllToAll,
};

const std::vector<Collective>& AllCollectives();

// Canonical command-line name: "allreduce", "reducescatter", ...
std::string_view CollectiveName(Collective collective);

// Accepts canonical and hyphenated names ("all-reduce", "reduce-scatter").
std::optional<Collective> ParseCollective(std::string_view name);

// Broadcast, reduce, scatter and gather have a root rank.
bool HasRoot(Collective collective);

// Allreduce, reduce-scatter and reduce add what the ranks hold (a cell is
// complete once it holds the sum over all p ranks); the others only move it.
bool Reduces(Collective collective);

// nccl-tests' bus bandwidth factor (doc/PERFORMANCE.md and each test's GetBw,
// docs/sources.md §1.3): busbw = algbw x factor, so that busbw is comparable
// to the link's bandwidth whatever the rank count (allreduce 2(p-1)/p;
// reduce-scatter, all-gather, all-to-all, scatter, gather (p-1)/p;
// broadcast, reduce 1).
double BusBandwidthFactor(Collective collective, int ranks);

// What a slot holds: chunk `chunk` of rank `rank`'s input, or the sum of
// that chunk over every rank (rank == kAllRanks); nothing when chunk < 0.
struct SlotContent {
  static constexpr int kAllRanks = -1;
  int rank = 0;
  int chunk = -1;
};

// What `slot` of `rank` holds after the collective, by its definition:
// NCCL's for reduce-scatter (rank Y ends with the full sum of chunk Y) and
// all-gather (out[Y*count+i] = inY[i] on every rank), the lecture's (slide
// 6) for the rest; nullopt for slots the definition leaves unspecified.
// The buffer simulation's verification and the recorder's check both ask
// this.
std::optional<SlotContent> ExpectedFinalContent(Collective collective, int ranks, int root,
                                                int rank, int slot);

// Columns of the rank x chunk table. All collectives split the lecture's n
// bytes into p chunks of n/p; all-to-all keeps its p input blocks and p
// output blocks side by side, so it has 2p slots.
int SlotCount(Collective collective, int ranks);

// Column heading of a slot in the lecture's letters: "a", "b", …; all-to-all
// names its input and output blocks "in a" … and "out a" ….
std::string SlotName(Collective collective, int ranks, int slot);

}  // namespace collscope::engine
