#pragma once

#include <cstdint>
#include <optional>

#include "engine/collective.h"

namespace collscope::engine {

// A run of elements [first, first + count) of the lecture's n-element vector.
struct ElementRange {
  std::int64_t first = 0;
  std::int64_t count = 0;
  friend bool operator==(const ElementRange&, const ElementRange&) = default;
};

// How n elements split into p chunks, as NCCL's ring splits them (NCCL
// src/collectives/device/all_reduce.h, v2.7: realChunkSize = DIVUP(size,
// nranks) and nelem = min(realChunkSize, size - offset)): every chunk holds
// ceil(n / p) whole elements and starts at chunk x ceil(n / p), so the last
// ones are shorter and, when n is small (n < p, or n = 9 over 4), empty.
// The chunks tile the vector in order, so a rank's buffer is the user's
// contiguous vector with a spare tail of p ceil(n/p) - n elements.
class ChunkSplit {
 public:
  ChunkSplit() = default;
  ChunkSplit(std::int64_t elements, int chunks);
  // n bytes of element_bytes-byte elements; nothing when n is not a whole
  // number of elements (the one size no collective can take).
  static std::optional<ChunkSplit> OfBytes(std::int64_t bytes, int chunks, int element_bytes);

  std::int64_t Elements() const { return elements_; }
  int Chunks() const { return chunks_; }
  // ceil(n / p): the first chunk's length, the longest, and the distance
  // between chunk starts.
  std::int64_t Largest() const { return largest_; }
  ElementRange Range(int chunk) const;
  // True when every chunk has the same length (p divides n).
  bool Even() const { return largest_ * chunks_ == elements_; }

 private:
  std::int64_t elements_ = 0;
  int chunks_ = 1;
  std::int64_t largest_ = 0;
};

// Which chunk of the split slot `slot` of `rank` is sized by: the slot's own
// (slot c holds chunk c, or for all-gather and gather rank c's block), but an
// all-to-all output block holds the rank's own chunk of its peer's input
// (rank i's output block j is rank j's input block i: NCCL's and MPI's
// alltoall send block i to rank i).
int SizingChunk(Collective collective, int ranks, int rank, int slot);

// The elements slot `slot` of `rank` holds under `split`.
ElementRange SlotElements(const ChunkSplit& split, Collective collective, int ranks, int rank,
                          int slot);

}  // namespace collscope::engine
