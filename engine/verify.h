#pragma once

#include <string>

#include "engine/buffer_state.h"
#include "engine/chunk_split.h"
#include "engine/collective.h"

namespace collscope::engine {

struct VerifyResult {
  bool ok = false;
  std::string message;  // first mismatch, in the lecture's notation
};

// Checks a final state against the collective's definition: NCCL's for
// reduce-scatter (rank Y ends with the full sum of chunk Y) and all-gather
// (every rank ends with every rank's block), the lecture's (slide 6) for the
// rest. Only the cells the definition names are checked.
VerifyResult VerifyFinalState(const BufferState& state, Collective collective, int root);

// Checks that under `split` every transfer lands each slot in a slot of the
// same length (a chunk of 3 elements never lands in one of 2), the one thing
// an uneven split adds to a schedule's correctness: the symbolic simulation
// above is the same for every n.
VerifyResult VerifyChunkRanges(const Schedule& schedule, Collective collective,
                               const ChunkSplit& split);

// Builds, simulates and verifies in one call.
VerifyResult VerifySchedule(const Schedule& schedule, Collective collective, int root);

}  // namespace collscope::engine
