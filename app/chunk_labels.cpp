#include "app/chunk_labels.h"

#include <cmath>
#include <cstdint>

#include "engine/cell.h"

namespace collscope::cli {

namespace {

std::string Length(std::int64_t elements, int element_bytes) {
  if (elements == 0) return "empty";
  return std::to_string(elements * element_bytes) + " B";
}

}  // namespace

std::optional<engine::ChunkSplit> SplitOfBytes(double bytes, int ranks, int element_bytes) {
  if (!(bytes >= 1) || bytes > 9e15 || std::floor(bytes) != bytes) return std::nullopt;
  return engine::ChunkSplit::OfBytes(static_cast<std::int64_t>(bytes), ranks, element_bytes);
}

std::string ChunkSizeNote(engine::Collective collective, int ranks, double bytes, int slot,
                          int element_bytes) {
  const auto split = SplitOfBytes(bytes, ranks, element_bytes);
  if (!split || split->Even()) return "";
  if (collective == engine::Collective::kAllToAll && slot >= ranks) {
    return "output block from rank " + std::to_string(slot - ranks) +
           ": as long as the row's own chunk (its rank's letter)";
  }
  const engine::ElementRange range = split->Range(slot);
  std::string note =
      "chunk " + engine::ChunkLetters(slot) + ": " + Length(range.count, element_bytes);
  if (range.count > 0) {
    note += " (elements " + std::to_string(range.first) + ".." +
            std::to_string(range.first + range.count - 1) + ")";
  }
  return note;
}

std::string ChunkSizesLine(engine::Collective collective, int ranks, double bytes,
                           int element_bytes) {
  const auto split = SplitOfBytes(bytes, ranks, element_bytes);
  if (!split || split->Even()) return "";
  std::string line = "chunk lengths:";
  for (int first = 0; first < ranks;) {
    const std::int64_t count = split->Range(first).count;
    int last = first;
    while (last + 1 < ranks && split->Range(last + 1).count == count) ++last;
    line += std::string(first == 0 ? " " : ", ") + engine::ChunkLetters(first) +
            (last > first ? "-" + engine::ChunkLetters(last) : "") + " " +
            Length(count, element_bytes);
    first = last + 1;
  }
  if (collective == engine::Collective::kAllToAll) {
    line += " (an output block is as long as its row's own chunk)";
  }
  return line;
}

}  // namespace collscope::cli
