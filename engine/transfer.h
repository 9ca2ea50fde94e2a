#pragma once

#include <cstdint>

namespace collscope::engine {

enum class TransferOp : std::uint8_t {
  kCopy,    // the receiver overwrites its slot with what arrives
  kReduce,  // the receiver adds what arrives to what it holds
};

// One message of one step: src sends slot_count slots to dst. The slots are
// an arithmetic progression modulo the slot count, so a whole vector, a
// binomial subtree's block (which wraps past the last rank) and a recursive
// halving residue class are each one message.
struct Transfer {
  std::int32_t src = 0;
  std::int32_t dst = 0;
  std::int32_t src_slot = 0;
  std::int32_t dst_slot = 0;
  std::int32_t slot_count = 1;
  std::int32_t slot_stride = 1;
  TransferOp op = TransferOp::kCopy;
  // Which of NCCL's two trees (double binary tree) or which channel carries it.
  std::uint8_t channel = 0;

  bool IsLocal() const { return src == dst; }
};

// The k-th slot of a run of slots that starts at `first` and steps by
// `stride`, modulo `slots`: where the k-th chunk of a transfer is read
// (first = src_slot) or written (first = dst_slot). The buffer simulation,
// the GUI's labels and the recorder all walk a transfer this way.
inline std::int32_t SlotAt(std::int32_t first, std::int64_t k, std::int32_t stride,
                           std::int32_t slots) {
  const std::int64_t slot = (static_cast<std::int64_t>(first) + k * stride) % slots;
  return static_cast<std::int32_t>(slot < 0 ? slot + slots : slot);
}

}  // namespace collscope::engine
