#pragma once

// The real lengths of the buffer table's columns when n does not split
// evenly over p (NCCL's split, engine/chunk_split.h: ceil(n/p) elements a
// chunk, the last ones shorter or empty). The lecture's table names chunks
// by letter only; these say how long each one is. Shared by `collscope
// show` and the GUI's buffer table.
#include <optional>
#include <string>

#include "engine/chunk_split.h"
#include "engine/collective.h"

namespace collscope::cli {

// n bytes of element_bytes-byte elements (1: NCCL's byte count, what the
// GUI and `show -n` take) split over p; nothing when n is no whole number
// of elements.
std::optional<engine::ChunkSplit> SplitOfBytes(double bytes, int ranks, int element_bytes = 1);

// A column's length, "chunk e: 4 B (elements 12..12)", or "" when every
// chunk is n/p (nothing to add to the letter) or n is no whole number of
// elements. All-to-all's output columns hold the row's own chunk.
std::string ChunkSizeNote(engine::Collective collective, int ranks, double bytes, int slot,
                          int element_bytes = 1);

// Every column's length on one line, runs of equal length grouped:
// "chunk lengths: a-d 3 B, e 1 B"; "" when the split is even.
std::string ChunkSizesLine(engine::Collective collective, int ranks, double bytes,
                           int element_bytes = 1);

}  // namespace collscope::cli
