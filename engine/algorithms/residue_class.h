#pragma once

#include "engine/transfer.h"

namespace collscope::engine::algorithms {

// The slots s < p with s = residue (mod modulus), as one strided transfer:
// recursive halving and doubling split the vector by the low bits of the
// slot index, which keeps every rank's share one arithmetic progression
// even when p is not a power of two.
inline Transfer ResidueClassTransfer(int src, int dst, int p, int residue, int modulus,
                                     TransferOp op) {
  return Transfer{.src = src,
                  .dst = dst,
                  .src_slot = residue,
                  .dst_slot = residue,
                  .slot_count = (p - residue + modulus - 1) / modulus,
                  .slot_stride = modulus,
                  .op = op};
}

}  // namespace collscope::engine::algorithms
