#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "kernels/nccl/reduce_kernels.h"

namespace collscope::kernels::nccl {
namespace {

// A grid-stride loop: any count, one launch, coalesced accesses.
template <typename T>
__global__ void AddKernel(T* __restrict__ dst, const T* __restrict__ src, std::size_t count) {
  const std::size_t stride = static_cast<std::size_t>(blockDim.x) * gridDim.x;
  for (std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count;
       i += stride) {
    dst[i] = dst[i] + src[i];
  }
}

template <typename T>
cudaError_t Launch(void* dst, const void* src, std::size_t count, cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  constexpr unsigned kThreads = 256;
  // Enough blocks to fill an A100 or H100 several times over, no more.
  const std::size_t wanted = (count + kThreads - 1) / kThreads;
  const unsigned blocks = static_cast<unsigned>(wanted < 4096 ? wanted : 4096);
  AddKernel<T>
      <<<blocks, kThreads, 0, stream>>>(static_cast<T*>(dst), static_cast<const T*>(src), count);
  return cudaGetLastError();
}

}  // namespace

cudaError_t LaunchReduce(Dtype dtype, void* dst, const void* src, std::size_t count,
                         cudaStream_t stream) {
  switch (dtype) {
    case Dtype::kFloat32:
      return Launch<float>(dst, src, count, stream);
    case Dtype::kFloat64:
      return Launch<double>(dst, src, count, stream);
    case Dtype::kBFloat16:
      return Launch<__nv_bfloat16>(dst, src, count, stream);
    case Dtype::kFloat16:
      return Launch<__half>(dst, src, count, stream);
    case Dtype::kInt32:
      return Launch<std::int32_t>(dst, src, count, stream);
    case Dtype::kInt64:
      break;
  }
  return Launch<std::int64_t>(dst, src, count, stream);
}

}  // namespace collscope::kernels::nccl
