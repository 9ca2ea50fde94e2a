#pragma once

#include <cuda_runtime.h>

#include <cstddef>

#include "kernels/dtype.h"

namespace collscope::kernels::nccl {

// dst[i] += src[i] for `count` elements on `stream`: the reduction a
// schedule's kReduce transfer does after ncclRecv lands in staging.
cudaError_t LaunchReduce(Dtype dtype, void* dst, const void* src, std::size_t count,
                         cudaStream_t stream);

}  // namespace collscope::kernels::nccl
