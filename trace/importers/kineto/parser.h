#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/trace_events/tokenizer.h"

namespace collscope::trace {

// PyTorch profiler (Kineto) JSON, one file per rank: one run per NCCL
// kernel, enriched from record_param_comms, merged onto one time base.
Importer KinetoImporter();

// What an NCCL kernel name says: "ncclDevKernel_AllReduce_Sum_f32_RING_LL(...)"
// and the older "ncclKernel_AllReduce_RING_LL_Sum_float(...)". The algorithm
// in the name is the specialised kernel, not necessarily what ran
// (reference §5.3), so it is reported as the kernel, never as the algorithm.
struct NcclKernelName {
  std::string collective;  // engine name, "sendrecv", or "" (Generic)
  std::string dtype;       // canonical, "" when the name has none
  std::string redop;       // "sum", "prod", ... when present
};
NcclKernelName ParseNcclKernelName(std::string_view name);

}  // namespace collscope::trace
