#include "engine/verify.h"

namespace collscope::engine {

namespace {

std::string ExpectedLabel(const SlotContent& expected, int ranks) {
  if (expected.rank != SlotContent::kAllRanks) {
    return ChunkLetters(expected.chunk) + std::to_string(expected.rank);
  }
  // The full sum in the notation of every other label (cell.h).
  CellPool pool(ranks);
  return pool.Label(Cell{expected.chunk, 0, static_cast<std::uint32_t>(ranks)}, 8);
}

bool Holds(const BufferState& state, int rank, int slot, const SlotContent& expected) {
  const Cell& cell = state.At(rank, slot);
  if (cell.Empty() || cell.chunk != expected.chunk) return false;
  const CellPool& pool = state.Pool();
  if (expected.rank == SlotContent::kAllRanks) return pool.TermCount(cell) == state.Ranks();
  return pool.TermCount(cell) == 1 && pool.Contains(cell, expected.rank);
}

}  // namespace

VerifyResult VerifyFinalState(const BufferState& state, Collective collective, int root) {
  if (state.CurrentStep() != state.StepCount()) {
    return {false, "the simulation stopped at step " + std::to_string(state.CurrentStep()) +
                       " of " + std::to_string(state.StepCount())};
  }
  const int p = state.Ranks();
  const int slots = state.Slots();
  // Rank by rank, slot by slot: the first mismatch is the one reported.
  for (int rank = 0; rank < p; ++rank) {
    for (int slot = 0; slot < slots; ++slot) {
      const auto expected = ExpectedFinalContent(collective, p, root, rank, slot);
      if (!expected || Holds(state, rank, slot, *expected)) continue;
      const std::string held = state.Label(rank, slot, 8);
      return {false, "rank " + std::to_string(rank) + " slot " + SlotName(collective, p, slot) +
                         " holds " + (held.empty() ? "nothing" : held) + ", expected " +
                         ExpectedLabel(*expected, p)};
    }
  }
  return {true, ""};
}

VerifyResult VerifyChunkRanges(const Schedule& schedule, Collective collective,
                               const ChunkSplit& split) {
  const int p = schedule.Ranks();
  const int slots = schedule.Slots();
  std::vector<Transfer> transfers;
  for (std::int64_t step = 1; step <= schedule.StepCount(); ++step) {
    transfers.clear();
    schedule.AppendTransfers(step, transfers);
    for (const Transfer& t : transfers) {
      for (std::int32_t k = 0; k < t.slot_count; ++k) {
        const int from = SlotAt(t.src_slot, k, t.slot_stride, slots);
        const int to = SlotAt(t.dst_slot, k, t.slot_stride, slots);
        const std::int64_t sent = SlotElements(split, collective, p, t.src, from).count;
        const std::int64_t room = SlotElements(split, collective, p, t.dst, to).count;
        if (sent == room) continue;
        return {false, "step " + std::to_string(step) + ": rank " + std::to_string(t.src) +
                           " sends slot " + SlotName(collective, p, from) + " (" +
                           std::to_string(sent) + " elements) into rank " + std::to_string(t.dst) +
                           " slot " + SlotName(collective, p, to) + " (" + std::to_string(room) +
                           " elements)"};
      }
    }
  }
  return {true, ""};
}

VerifyResult VerifySchedule(const Schedule& schedule, Collective collective, int root) {
  BufferState state(schedule, collective, root);
  if (!state.RunToEnd()) return {false, *state.Error()};
  return VerifyFinalState(state, collective, root);
}

}  // namespace collscope::engine
