#pragma once

// The HGX H100 preset with `gpus` of its eight GPUs in the communicator and
// NCCL 2.29, as the realdata runs on 4, 6 and 8 GPUs of an 8x H100 box were
// (nccl-log/waynehacking8_*, NCCL 2.29.2).
#include "engine/machine.h"

namespace collscope::engine {

inline Machine HgxH100WithGpus(int gpus) {
  Machine m = *FindMachine("hgx-h100");
  m.gpus_per_node = gpus;
  m.nccl_minor = 29;
  return m;
}

}  // namespace collscope::engine
