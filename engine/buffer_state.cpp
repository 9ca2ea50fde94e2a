#include "engine/buffer_state.h"

#include <algorithm>
#include <tuple>

namespace collscope::engine {

Cell InitialCell(Collective collective, int ranks, int root, int rank, int slot) {
  switch (collective) {
    case Collective::kAllReduce:
    case Collective::kReduceScatter:
    case Collective::kReduce:
      return Cell::Of(rank, slot);
    case Collective::kAllGather:
    case Collective::kGather:
      // docs/engine.md: every rank contributes one block, its chunk 0.
      return slot == rank ? Cell::Of(rank, 0) : Cell{};
    case Collective::kBroadcast:
    case Collective::kScatter:
      return rank == root ? Cell::Of(root, slot) : Cell{};
    case Collective::kAllToAll:
      return slot < ranks ? Cell::Of(rank, slot) : Cell{};
  }
  return Cell{};
}

BufferState::BufferState(const Schedule& schedule, Collective collective, int root)
    : schedule_(&schedule),
      collective_(collective),
      ranks_(schedule.Ranks()),
      slots_(schedule.Slots()),
      pool_(schedule.Ranks()) {
  std::size_t cells = static_cast<std::size_t>(ranks_) * slots_;
  cells_.resize(cells);
  changed_now_.assign(cells, 0);
  for (int rank = 0; rank < ranks_; ++rank) {
    for (int slot = 0; slot < slots_; ++slot) {
      Mutable(rank, slot) = InitialCell(collective, ranks_, root, rank, slot);
    }
  }
}

std::int64_t BufferState::EstimateBytes(const Schedule& schedule) {
  std::int64_t cells = static_cast<std::int64_t>(schedule.Ranks()) * schedule.Slots();
  std::int64_t bytes = cells * static_cast<std::int64_t>(sizeof(Cell) + 1);
  // Past 2^40 the answer is "no" anyway; skip walking the steps.
  if (bytes > (std::int64_t{1} << 40)) return bytes;
  for (std::int64_t step = 1; step <= schedule.StepCount(); ++step) {
    bytes += schedule.Load(step).slots_written * static_cast<std::int64_t>(sizeof(UndoEntry));
  }
  return bytes;
}

bool BufferState::SeekStep(std::int64_t step) {
  if (step < 0 || step > StepCount()) {
    error_ = "step " + std::to_string(step) + " is outside 0.." + std::to_string(StepCount());
    return false;
  }
  MarkCurrentStep(0);
  bool ok = true;
  if (step > step_ + 1) {
    // Grow the undo log once instead of doubling it while 30 M entries arrive.
    std::size_t needed = undo_.size();
    for (std::int64_t k = step_ + 1; k <= step; ++k) {
      needed += static_cast<std::size_t>(schedule_->Load(k).slots_written);
    }
    undo_.reserve(needed);
  }
  while (step_ > step) Undo(step_);
  while (ok && step_ < step) ok = Apply(step_ + 1);
  MarkCurrentStep(1);
  return ok;
}

void BufferState::MarkCurrentStep(std::uint8_t mark) {
  if (step_ == 0) return;
  for (std::size_t i = step_begin_[step_ - 1]; i < step_begin_[step_]; ++i) {
    changed_now_[static_cast<std::size_t>(undo_[i].where.rank) * slots_ + undo_[i].where.slot] =
        mark;
  }
}

bool BufferState::Apply(std::int64_t step) {
  scratch_.clear();
  schedule_->AppendTransfers(step, scratch_);
  std::size_t log_begin = undo_.size();
  auto fail = [&](int rank, int slot, const std::string& what) {
    // Roll back this step's partial writes so the state stays at step - 1.
    while (undo_.size() > log_begin) {
      Mutable(undo_.back().where.rank, undo_.back().where.slot) = undo_.back().before;
      undo_.pop_back();
    }
    error_ = "step " + std::to_string(step) + " (" + std::string(schedule_->Phase(step)) +
             "): rank " + std::to_string(rank) + " slot " + ChunkLetters(slot) + ": " + what;
    return false;
  };
  // All transfers of a step read what their senders held before it.
  std::vector<Pending>& pending = pending_;
  pending.clear();
  for (const Transfer& t : scratch_) {
    for (std::int64_t k = 0; k < t.slot_count; ++k) {
      std::int32_t from = SlotAt(t.src_slot, k, t.slot_stride, slots_);
      const Cell& value = At(t.src, from);
      if (value.Empty()) {
        return fail(t.src, from, "sends an empty slot to rank " + std::to_string(t.dst));
      }
      pending.push_back(
          {CellRef{t.dst, SlotAt(t.dst_slot, k, t.slot_stride, slots_)}, t.op, value});
    }
  }
  std::string why;
  for (const Pending& p : pending) {
    Cell& target = Mutable(p.where.rank, p.where.slot);
    Cell result = p.value;
    if (p.op == TransferOp::kReduce) {
      if (target.Empty()) return fail(p.where.rank, p.where.slot, "reduces into an empty slot");
      if (!pool_.Union(target, p.value, result, why)) {
        return fail(p.where.rank, p.where.slot, why);
      }
    }
    undo_.push_back(UndoEntry{p.where, target});
    target = result;
  }
  step_begin_.push_back(undo_.size());
  step_ = step;
  return true;
}

void BufferState::Undo(std::int64_t step) {
  for (std::size_t i = step_begin_[step]; i-- > step_begin_[step - 1];) {
    Mutable(undo_[i].where.rank, undo_[i].where.slot) = undo_[i].before;
  }
  undo_.resize(step_begin_[step - 1]);
  step_begin_.pop_back();
  step_ = step - 1;
}

std::vector<CellRef> BufferState::ChangedInStep(std::int64_t step) const {
  std::vector<CellRef> changed;
  if (step < 1 || step > step_) return changed;
  for (std::size_t i = step_begin_[step - 1]; i < step_begin_[step]; ++i) {
    changed.push_back(undo_[i].where);
  }
  std::sort(changed.begin(), changed.end(), [](const CellRef& a, const CellRef& b) {
    return std::tie(a.rank, a.slot) < std::tie(b.rank, b.slot);
  });
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

bool BufferState::ChangedInCurrentStep(int rank, int slot) const {
  return changed_now_[static_cast<std::size_t>(rank) * slots_ + slot] != 0;
}

std::string CarriedLabel(const BufferState& before, const Transfer& transfer, int max_terms) {
  auto label_of = [&](std::int64_t k) {
    return before.Label(transfer.src,
                        SlotAt(transfer.src_slot, k, transfer.slot_stride, before.Slots()),
                        max_terms);
  };
  if (transfer.slot_count <= 1) return label_of(0);
  if (transfer.slot_count <= 3) {
    std::string label = label_of(0);
    for (std::int64_t k = 1; k < transfer.slot_count; ++k) label += ", " + label_of(k);
    return label;
  }
  // No ellipsis: in a label it stands only for a range of ranks (cell.h).
  return label_of(0) + " and " + std::to_string(transfer.slot_count - 1) + " more";
}

}  // namespace collscope::engine
