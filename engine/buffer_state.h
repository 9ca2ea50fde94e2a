#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/cell.h"
#include "engine/chunk_split.h"
#include "engine/collective.h"
#include "engine/schedule.h"

namespace collscope::engine {

struct CellRef {
  std::int32_t rank = 0;
  std::int32_t slot = 0;
  friend bool operator==(const CellRef&, const CellRef&) = default;
};

// The symbolic contents of every rank's every slot, at any step of a
// schedule. Only the current state is stored; history is an undo log of the
// cells each step overwrote (per-step changes, not copies), so stepping back
// is as cheap as stepping forward.
class BufferState {
 public:
  // Fills step 0 from the collective's definition (see InitialCell).
  BufferState(const Schedule& schedule, Collective collective, int root);

  int Ranks() const { return ranks_; }
  int Slots() const { return slots_; }
  std::int64_t CurrentStep() const { return step_; }
  std::int64_t StepCount() const { return schedule_->StepCount(); }

  // Moves to step k (0 = initial, StepCount() = final). Returns false and
  // sets Error() if a step is invalid (a rank sends an empty slot, adds a
  // term twice, or mixes chunks); the state then stays at the last good step.
  bool SeekStep(std::int64_t step);
  bool RunToEnd() { return SeekStep(StepCount()); }

  const Cell& At(int rank, int slot) const {
    return cells_[static_cast<std::size_t>(rank) * slots_ + slot];
  }
  const CellPool& Pool() const { return pool_; }
  std::string Label(int rank, int slot, int max_terms = 64) const {
    return pool_.Label(At(rank, slot), max_terms);
  }
  // The elements of the n-element vector the cell at (rank, slot) stands
  // for when n splits as `split`: the cells are symbolic, their lengths
  // come from the split (engine/chunk_split.h).
  ElementRange Elements(const ChunkSplit& split, int rank, int slot) const {
    return SlotElements(split, collective_, ranks_, rank, slot);
  }

  // Cells written by step k (k in 1..steps already reached); empty for 0.
  std::vector<CellRef> ChangedInStep(std::int64_t step) const;
  bool ChangedInCurrentStep(int rank, int slot) const;

  const std::optional<std::string>& Error() const { return error_; }

  // Bytes this simulation needs for p ranks, estimated before building it,
  // so callers can refuse a p that does not fit.
  static std::int64_t EstimateBytes(const Schedule& schedule);

 private:
  struct UndoEntry {
    CellRef where;
    Cell before;
  };

  bool Apply(std::int64_t step);
  void MarkCurrentStep(std::uint8_t mark);
  void Undo(std::int64_t step);
  Cell& Mutable(int rank, int slot) {
    return cells_[static_cast<std::size_t>(rank) * slots_ + slot];
  }

  const Schedule* schedule_;
  Collective collective_;
  int ranks_;
  int slots_;
  std::int64_t step_ = 0;
  std::vector<Cell> cells_;
  CellPool pool_;
  std::vector<UndoEntry> undo_;
  // undo_ entries of step k are [step_begin_[k-1], step_begin_[k]).
  std::vector<std::size_t> step_begin_{0};
  struct Pending {
    CellRef where;
    TransferOp op;
    Cell value;
  };
  std::vector<Transfer> scratch_;
  std::vector<Pending> pending_;
  std::vector<std::uint8_t> changed_now_;
  std::optional<std::string> error_;
};

// What one transfer carries in the lecture's notation, read from a state
// that holds what the sender had before the step: "a1+a0"; up to three
// chunks listed ("a0, c0"); a larger block as its first chunk and the count
// ("a0 and 7 more"). The CLI's `show` and the GUI's arrows both label this way.
std::string CarriedLabel(const BufferState& before, const Transfer& transfer, int max_terms);

// What slot `slot` of rank `rank` holds before the collective starts.
Cell InitialCell(Collective collective, int ranks, int root, int rank, int slot);

}  // namespace collscope::engine
