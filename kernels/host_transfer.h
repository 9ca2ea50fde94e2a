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

// A rank's buffer seen as `slots` chunks of `chunk_bytes`.
struct SlotBuffer {
  std::byte* base = nullptr;
  std::int32_t slots = 0;
  std::int64_t chunk_bytes = 0;

  std::byte* Slot(std::int32_t first, std::int32_t k, std::int32_t stride) const {
    return base + SlotAt(first, k, stride, slots) * chunk_bytes;
  }
};

// Moves the slots of `t` from `src` (the sender's buffer, or a packed
// contiguous staging area when src_packed) into `dst` with t's op.
inline void LandTransfer(Dtype dtype, const PlannedTransfer& t, const SlotBuffer& dst,
                         const std::byte* src, bool src_packed, const SlotBuffer& src_buffer) {
  const std::int64_t chunk = dst.chunk_bytes;
  if (Contiguous(t.dst_slot, t.count, t.stride, dst.slots) &&
      (src_packed || Contiguous(t.src_slot, t.count, t.stride, src_buffer.slots))) {
    const std::byte* from = src_packed ? src : src_buffer.Slot(t.src_slot, 0, t.stride);
    LandChunk(dtype, t.op, dst.Slot(t.dst_slot, 0, t.stride), from, t.count * chunk);
    return;
  }
  for (std::int32_t k = 0; k < t.count; ++k) {
    const std::byte* from = src_packed ? src + k * chunk : src_buffer.Slot(t.src_slot, k, t.stride);
    LandChunk(dtype, t.op, dst.Slot(t.dst_slot, k, t.stride), from, chunk);
  }
}

// Copies the slots `t` sends out of `src` into contiguous `out`.
inline void PackSlots(const PlannedTransfer& t, const SlotBuffer& src, std::byte* out) {
  for (std::int32_t k = 0; k < t.count; ++k) {
    std::memcpy(out + k * src.chunk_bytes, src.Slot(t.src_slot, k, t.stride),
                static_cast<std::size_t>(src.chunk_bytes));
  }
}

}  // namespace collscope::kernels
