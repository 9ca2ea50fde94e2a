#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "engine/transfer.h"
#include "kernels/dtype.h"
#include "kernels/plan.h"

namespace collscope::kernels {

// Lands `bytes` of received data: a copy overwrites, a reduction adds.
inline void LandChunk(Dtype dtype, engine::TransferOp op, std::byte* dst, const std::byte* src,
                      std::int64_t bytes) {
  if (op == engine::TransferOp::kCopy) {
    std::memcpy(dst, src, static_cast<std::size_t>(bytes));
  } else {
    ReduceInto(dtype, dst, src, static_cast<std::size_t>(bytes / DtypeBytes(dtype)));
  }
}

// A rank's buffer seen as `slots` chunks, each sizes->Stride() apart and
// sizes->Bytes(rank, slot) long.
struct SlotBuffer {
  std::byte* base = nullptr;
  std::int32_t slots = 0;
  int rank = 0;
  const SlotSizes* sizes = nullptr;

  std::byte* Slot(std::int32_t first, std::int32_t k, std::int32_t stride) const {
    return base + SlotAt(first, k, stride, slots) * sizes->Stride();
  }
  std::int64_t Bytes(std::int32_t first, std::int32_t k, std::int32_t stride) const {
    return sizes->Bytes(rank, SlotAt(first, k, stride, slots));
  }
  bool Dense(std::int32_t first, std::int32_t count, std::int32_t stride) const {
    return sizes->Dense(rank, first, count, stride, slots);
  }
};

// Moves the slots of `t` from `src` (the sender's buffer, or a packed
// staging area when src_packed: the slots back to back at their real
// sizes) into `dst` with t's op. A slot and the one it lands in have the
// same length (engine::VerifyChunkRanges).
inline void LandTransfer(Dtype dtype, const PlannedTransfer& t, const SlotBuffer& dst,
                         const std::byte* src, bool src_packed, const SlotBuffer& src_buffer) {
  if (dst.Dense(t.dst_slot, t.count, t.stride) &&
      (src_packed || src_buffer.Dense(t.src_slot, t.count, t.stride))) {
    const std::byte* from = src_packed ? src : src_buffer.Slot(t.src_slot, 0, t.stride);
    const std::int64_t bytes =
        dst.sizes->RunBytes(dst.rank, t.dst_slot, t.count, t.stride, dst.slots);
    LandChunk(dtype, t.op, dst.Slot(t.dst_slot, 0, t.stride), from, bytes);
    return;
  }
  std::int64_t packed = 0;
  for (std::int32_t k = 0; k < t.count; ++k) {
    const std::int64_t bytes = dst.Bytes(t.dst_slot, k, t.stride);
    const std::byte* from = src_packed ? src + packed : src_buffer.Slot(t.src_slot, k, t.stride);
    LandChunk(dtype, t.op, dst.Slot(t.dst_slot, k, t.stride), from, bytes);
    packed += bytes;
  }
}

// Copies the slots `t` sends out of `src` into `out`, back to back at their
// real sizes.
inline void PackSlots(const PlannedTransfer& t, const SlotBuffer& src, std::byte* out) {
  for (std::int32_t k = 0; k < t.count; ++k) {
    const std::int64_t bytes = src.Bytes(t.src_slot, k, t.stride);
    std::memcpy(out, src.Slot(t.src_slot, k, t.stride), static_cast<std::size_t>(bytes));
    out += bytes;
  }
}

}  // namespace collscope::kernels
