#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/chunk_split.h"
#include "engine/collective.h"
#include "engine/schedule.h"
#include "engine/transfer.h"
#include "kernels/dtype.h"

namespace collscope::kernels {

using engine::SlotAt;

// The bytes each slot of each rank holds and where it sits in the rank's
// buffer. n splits as NCCL splits it (engine/chunk_split.h: ceil(n/p) whole
// elements a chunk, the last ones shorter or empty) and slot s starts at
// s x Stride(), the longest chunk: the chunks of a vector then lie end to
// end exactly as in the user's buffer, and only the buffer's tail, past the
// last element, is spare.
struct SlotSizes {
  engine::Collective collective = engine::Collective::kAllReduce;
  int ranks = 1;
  engine::ChunkSplit split;
  std::int64_t element_bytes = 1;

  std::int64_t Stride() const { return split.Largest() * element_bytes; }
  std::int64_t Bytes(int rank, int slot) const {
    return engine::SlotElements(split, collective, ranks, rank, slot).count * element_bytes;
  }
  // Total bytes of the run of `count` slots from `first` by `stride`.
  std::int64_t RunBytes(int rank, std::int32_t first, std::int32_t count, std::int32_t stride,
                        std::int32_t slots) const;
  // True when the run is one gap-free block of memory, RunBytes long: its
  // slots are contiguous and every one but the last is a full chunk.
  bool Dense(int rank, std::int32_t first, std::int32_t count, std::int32_t stride,
             std::int32_t slots) const;
};

// One transfer seen from one of its ends. Slots are src_slot + k*stride and
// dst_slot + k*stride (mod the slot count) for k < count.
struct PlannedTransfer {
  std::int32_t peer = 0;  // dst for a send, src for a receive (== self: local copy)
  std::int32_t src_slot = 0;
  std::int32_t dst_slot = 0;
  std::int32_t count = 1;
  std::int32_t stride = 1;
  engine::TransferOp op = engine::TransferOp::kCopy;
  std::uint8_t channel = 0;
};

// What one rank does in one step.
struct RankStep {
  std::vector<PlannedTransfer> sends;  // to other ranks
  std::vector<PlannedTransfer> recvs;  // from other ranks and local copies (peer == self)
  // A received slot is also one this rank reads in this step (sends or copies
  // locally): its receives must land in a staging buffer first, so every
  // transfer of the step reads the data from before the step.
  bool staged = false;
  std::int64_t recv_slots = 0;  // total over recvs: the staging this step needs
  std::int64_t send_slots = 0;
  std::int64_t recv_bytes = 0;  // what the slots hold (SlotSizes), local copies included
  std::int64_t send_bytes = 0;

  bool Active() const { return !sends.empty() || !recvs.empty(); }
};

// Where one rank's transfers of one step sit in memory, for the backends
// whose ranks each have a buffer of their own (mpi, nccl). Offsets count
// slots of SlotSizes::Stride() bytes from the start of the rank's staging
// buffers (Plan::max_recv_slots and max_send_slots slots long); a
// transfer's slots lie packed at their real sizes from its offset on.
struct StepLayout {
  static constexpr std::int64_t kInPlace = -1;
  // Per recvs[i]: where it lands first, or kInPlace: straight into its
  // slots (a copy into a dense run of slots in a step that is not staged). A
  // local copy (peer == self) is packed into its place before anything
  // arrives; what lands in the staging is landed from there (copied or
  // added) once the step's messages are in.
  std::vector<std::int64_t> recv_staging;
  // Per sends[i]: where its slots are packed before it goes, or kInPlace:
  // it reads them where they are (a dense run).
  std::vector<std::int64_t> send_staging;
};
StepLayout LayOut(const RankStep& work, int rank, int slots, const SlotSizes& sizes);

struct StepPlan {
  std::string phase;
  std::vector<RankStep> ranks;
  bool any_staged = false;
};

// A schedule unrolled once into per-step, per-rank work, reused by every
// iteration of every backend.
struct Plan {
  int ranks = 0;
  int slots = 0;
  SlotSizes sizes;
  std::vector<StepPlan> steps;  // steps[k] is step k + 1
  std::int64_t max_recv_slots = 0;
  std::int64_t max_send_slots = 0;

  static Plan Build(const engine::Schedule& schedule, const SlotSizes& sizes);
  // The layout of each step (layouts[k] is step k + 1) for one rank.
  std::vector<StepLayout> LayoutsOf(int rank) const;
  // The number of transfers Build would store, without storing them, so a
  // caller can refuse a p that would not fit.
  static std::int64_t CountTransfers(const engine::Schedule& schedule);
};

// True when the run is one contiguous block of memory.
inline bool Contiguous(std::int32_t first, std::int32_t count, std::int32_t stride,
                       std::int32_t slots) {
  return count == 1 || (stride == 1 && first + count <= slots);
}

// What a slot holds, as the test pattern fills and checks it.
using engine::SlotContent;

// Before the collective (engine::InitialCell).
SlotContent InitialContent(engine::Collective collective, int ranks, int root, int rank, int slot);

// Fills one rank's buffer (slots x sizes.Stride()) with its initial
// contents, each slot its real length.
void FillRank(std::byte* buffer, const Pattern& pattern, const SlotSizes& sizes, int root,
              int rank);
// Checks one rank's buffer after a run; "" or the first wrong element.
std::string CheckRank(const std::byte* buffer, const Pattern& pattern, const SlotSizes& sizes,
                      int root, int rank);

}  // namespace collscope::kernels
