#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/buffer_state.h"
#include "engine/collective.h"
#include "engine/transfer.h"

namespace collscope::cli {

// A transfer with the lecture label of what it carried, read before its step.
struct LabelledTransfer {
  engine::Transfer transfer;
  std::string carried;  // engine::CarriedLabel: "a1+a0", "a0, b0", "a0 … ×8"
};

// The transfers of `step` labelled from `before`, the state at step - 1.
std::vector<LabelledTransfer> LabelTransfers(const engine::BufferState& before,
                                             const engine::Schedule& schedule, std::int64_t step);

// The lecture's rank x chunk table of the current step, for a terminal or a
// slide: rows GPU 0..p-1, columns a, b, c ..., cells written in this step in
// [brackets].
void WriteBufferTable(std::ostream& out, const engine::BufferState& state,
                      engine::Collective collective, int max_terms);

// "GPU 0 -> GPU 1  a0  (reduce)", one line each, at most `limit` lines.
void WriteTransfers(std::ostream& out, const std::vector<LabelledTransfer>& transfers,
                    std::size_t limit);

}  // namespace collscope::cli
