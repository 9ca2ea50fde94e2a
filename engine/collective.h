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

// Columns of the rank x chunk table. All collectives split the lecture's n
// bytes into p chunks of n/p; all-to-all keeps its p input blocks and p
// output blocks side by side, so it has 2p slots.
int SlotCount(Collective collective, int ranks);

// Column heading of a slot in the lecture's letters: "a", "b", …; all-to-all
// names its input and output blocks "in a" … and "out a" ….
std::string SlotName(Collective collective, int ranks, int slot);

}  // namespace collscope::engine
