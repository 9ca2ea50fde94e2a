#pragma once

#include "kernels/backend.h"

namespace collscope::kernels::nccl {

// Runs the recording on this process's GPU: checks for a GPU first (no GPU:
// one line, exit code 2), then MPI, NCCL, the iterations, and rank 0 writes
// the trace. Returns the process exit code.
int RunNcclRecorder(const RecordOptions& options);

}  // namespace collscope::kernels::nccl
