#pragma once

#include <string>

#include "engine/buffer_state.h"
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

// Builds, simulates and verifies in one call.
VerifyResult VerifySchedule(const Schedule& schedule, Collective collective, int root);

}  // namespace collscope::engine
