#include "engine/chunk_split.h"

#include <algorithm>

namespace collscope::engine {

ChunkSplit::ChunkSplit(std::int64_t elements, int chunks)
    : elements_(std::max<std::int64_t>(0, elements)),
      chunks_(std::max(1, chunks)),
      largest_((elements_ + chunks_ - 1) / chunks_) {}

std::optional<ChunkSplit> ChunkSplit::OfBytes(std::int64_t bytes, int chunks, int element_bytes) {
  if (bytes < 0 || element_bytes < 1 || bytes % element_bytes != 0) return std::nullopt;
  return ChunkSplit(bytes / element_bytes, chunks);
}

ElementRange ChunkSplit::Range(int chunk) const {
  // NCCL: offset = chunk * realChunkSize, nelem = min(realChunkSize, size -
  // offset), which a chunk past the end sees as nothing to move.
  const std::int64_t first = std::min(elements_, static_cast<std::int64_t>(chunk) * largest_);
  return ElementRange{first, std::min(largest_, elements_ - first)};
}

int SizingChunk(Collective collective, int ranks, int rank, int slot) {
  if (collective == Collective::kAllToAll && slot >= ranks) return rank;
  return slot;
}

ElementRange SlotElements(const ChunkSplit& split, Collective collective, int ranks, int rank,
                          int slot) {
  return split.Range(SizingChunk(collective, ranks, rank, slot));
}

}  // namespace collscope::engine
