#include "kernels/plan.h"

#include <algorithm>
#include <sstream>

#include "engine/buffer_state.h"

namespace collscope::kernels {

using engine::Collective;

std::int64_t SlotSizes::RunBytes(int rank, std::int32_t first, std::int32_t count,
                                 std::int32_t stride, std::int32_t slots) const {
  if (split.Even()) return count * Stride();
  std::int64_t bytes = 0;
  for (std::int32_t k = 0; k < count; ++k) bytes += Bytes(rank, SlotAt(first, k, stride, slots));
  return bytes;
}

bool SlotSizes::Dense(int rank, std::int32_t first, std::int32_t count, std::int32_t stride,
                      std::int32_t slots) const {
  if (!Contiguous(first, count, stride, slots)) return false;
  if (split.Even()) return true;
  for (std::int32_t k = 0; k + 1 < count; ++k) {
    if (Bytes(rank, SlotAt(first, k, stride, slots)) != Stride()) return false;
  }
  return true;
}

Plan Plan::Build(const engine::Schedule& schedule, const SlotSizes& sizes) {
  Plan plan;
  plan.ranks = schedule.Ranks();
  plan.slots = schedule.Slots();
  plan.sizes = sizes;
  plan.steps.resize(static_cast<std::size_t>(schedule.StepCount()));
  std::vector<engine::Transfer> transfers;
  // Per-slot marks of what the rank being examined reads in this step.
  std::vector<std::uint8_t> read(static_cast<std::size_t>(plan.slots), 0);
  for (std::int64_t step = 1; step <= schedule.StepCount(); ++step) {
    StepPlan& out = plan.steps[static_cast<std::size_t>(step - 1)];
    out.phase = std::string(schedule.Phase(step));
    out.ranks.resize(static_cast<std::size_t>(plan.ranks));
    transfers.clear();
    schedule.AppendTransfers(step, transfers);
    for (const engine::Transfer& t : transfers) {
      PlannedTransfer planned{t.dst,         t.src_slot, t.dst_slot, t.slot_count,
                              t.slot_stride, t.op,       t.channel};
      RankStep& sender = out.ranks[static_cast<std::size_t>(t.src)];
      RankStep& receiver = out.ranks[static_cast<std::size_t>(t.dst)];
      const std::int64_t bytes =
          sizes.RunBytes(t.dst, t.dst_slot, t.slot_count, t.slot_stride, plan.slots);
      if (!t.IsLocal()) {
        sender.sends.push_back(planned);
        sender.send_slots += t.slot_count;
        sender.send_bytes += bytes;
      }
      planned.peer = t.src;
      receiver.recvs.push_back(planned);
      receiver.recv_slots += t.slot_count;
      receiver.recv_bytes += bytes;
    }
    for (int rank = 0; rank < plan.ranks; ++rank) {
      RankStep& rs = out.ranks[static_cast<std::size_t>(rank)];
      if (rs.recvs.empty()) continue;
      auto mark = [&](std::int32_t first, std::int32_t count, std::int32_t stride,
                      std::uint8_t value) {
        for (std::int32_t k = 0; k < count; ++k) {
          read[static_cast<std::size_t>(SlotAt(first, k, stride, plan.slots))] = value;
        }
      };
      for (const auto& s : rs.sends) mark(s.src_slot, s.count, s.stride, 1);
      for (const auto& r : rs.recvs) {
        if (r.peer == rank) mark(r.src_slot, r.count, r.stride, 1);
      }
      for (const auto& r : rs.recvs) {
        for (std::int32_t k = 0; k < r.count && !rs.staged; ++k) {
          rs.staged = read[static_cast<std::size_t>(SlotAt(r.dst_slot, k, r.stride, plan.slots))];
        }
      }
      for (const auto& s : rs.sends) mark(s.src_slot, s.count, s.stride, 0);
      for (const auto& r : rs.recvs) {
        if (r.peer == rank) mark(r.src_slot, r.count, r.stride, 0);
      }
      out.any_staged = out.any_staged || rs.staged;
      plan.max_recv_slots = std::max(plan.max_recv_slots, rs.recv_slots);
    }
    for (const RankStep& rs : out.ranks) {
      plan.max_send_slots = std::max(plan.max_send_slots, rs.send_slots);
    }
  }
  return plan;
}

StepLayout LayOut(const RankStep& work, int rank, int slots, const SlotSizes& sizes) {
  StepLayout layout;
  std::int64_t offset = 0;
  for (const PlannedTransfer& t : work.recvs) {
    const bool in_place = t.peer != rank && t.op == engine::TransferOp::kCopy && !work.staged &&
                          sizes.Dense(rank, t.dst_slot, t.count, t.stride, slots);
    layout.recv_staging.push_back(in_place ? StepLayout::kInPlace : offset);
    if (!in_place) offset += t.count;
  }
  offset = 0;
  for (const PlannedTransfer& t : work.sends) {
    const bool in_place = sizes.Dense(rank, t.src_slot, t.count, t.stride, slots);
    layout.send_staging.push_back(in_place ? StepLayout::kInPlace : offset);
    if (!in_place) offset += t.count;
  }
  return layout;
}

std::vector<StepLayout> Plan::LayoutsOf(int rank) const {
  std::vector<StepLayout> layouts;
  layouts.reserve(steps.size());
  for (const StepPlan& step : steps) {
    layouts.push_back(LayOut(step.ranks[static_cast<std::size_t>(rank)], rank, slots, sizes));
  }
  return layouts;
}

std::int64_t Plan::CountTransfers(const engine::Schedule& schedule) {
  std::int64_t total = 0;
  std::vector<engine::Transfer> transfers;
  for (std::int64_t step = 1; step <= schedule.StepCount(); ++step) {
    transfers.clear();
    schedule.AppendTransfers(step, transfers);
    total += static_cast<std::int64_t>(transfers.size());
  }
  return total;
}

SlotContent InitialContent(Collective collective, int ranks, int root, int rank, int slot) {
  const engine::Cell cell = engine::InitialCell(collective, ranks, root, rank, slot);
  if (cell.Empty()) return SlotContent{0, -1};
  if (!cell.Pooled() && cell.count == static_cast<std::uint32_t>(ranks) && ranks > 1) {
    return SlotContent{SlotContent::kAllRanks, cell.chunk};
  }
  return SlotContent{static_cast<int>(cell.first), cell.chunk};
}

void FillRank(std::byte* buffer, const Pattern& pattern, const SlotSizes& sizes, int root,
              int rank) {
  const int slots = engine::SlotCount(sizes.collective, sizes.ranks);
  for (int slot = 0; slot < slots; ++slot) {
    const SlotContent content = InitialContent(sizes.collective, sizes.ranks, root, rank, slot);
    const auto elements = static_cast<std::size_t>(sizes.Bytes(rank, slot) / sizes.element_bytes);
    pattern.Fill(buffer + slot * sizes.Stride(), elements, content.rank, content.chunk);
  }
}

std::string CheckRank(const std::byte* buffer, const Pattern& pattern, const SlotSizes& sizes,
                      int root, int rank) {
  const int slots = engine::SlotCount(sizes.collective, sizes.ranks);
  for (int slot = 0; slot < slots; ++slot) {
    const auto expected =
        engine::ExpectedFinalContent(sizes.collective, sizes.ranks, root, rank, slot);
    if (!expected) continue;
    const auto elements = static_cast<std::size_t>(sizes.Bytes(rank, slot) / sizes.element_bytes);
    double got = 0;
    double want = 0;
    const std::int64_t wrong = pattern.Check(buffer + slot * sizes.Stride(), elements,
                                             expected->rank, expected->chunk, got, want);
    if (wrong >= 0) {
      std::ostringstream line;
      line << "wrong result: rank " << rank << " slot " << slot << " element " << wrong << " holds "
           << got << ", expected " << want;
      return line.str();
    }
  }
  return "";
}

}  // namespace collscope::kernels
