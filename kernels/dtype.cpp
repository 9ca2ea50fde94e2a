#include "kernels/dtype.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

namespace collscope::kernels {
namespace {

// bfloat16 is the top half of a float32; conversions round to nearest even.
struct BFloat16 {
  std::uint16_t bits;
};
float ToFloat(BFloat16 value) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(value.bits) << 16);
}
BFloat16 FromFloat(float value) {
  std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return BFloat16{static_cast<std::uint16_t>(bits >> 16)};
}

template <typename T>
T FromInt(std::int64_t value) {
  if constexpr (std::is_same_v<T, BFloat16>) {
    return FromFloat(static_cast<float>(value));
  } else {
    return static_cast<T>(value);
  }
}
template <typename T>
double ToDouble(T value) {
  if constexpr (std::is_same_v<T, BFloat16>) {
    return ToFloat(value);
  } else {
    return static_cast<double>(value);
  }
}

// Never aliased (a receive lands in another slot or in staging): restrict
// parameters say so, and blocks of a fixed 64 bytes let GCC's -O2 cost model
// vectorise the sum (it will not add an epilogue loop of its own).
template <typename T>
void AddInto(T* __restrict__ out, const T* __restrict__ in, std::size_t count) {
  constexpr std::size_t kBlock = 64 / sizeof(T);
  std::size_t i = 0;
  for (; i + kBlock <= count; i += kBlock) {
    for (std::size_t k = 0; k < kBlock; ++k) out[i + k] = static_cast<T>(out[i + k] + in[i + k]);
  }
  for (; i < count; ++i) out[i] = static_cast<T>(out[i] + in[i]);
}
void AddInto(BFloat16* __restrict__ out, const BFloat16* __restrict__ in, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) out[i] = FromFloat(ToFloat(out[i]) + ToFloat(in[i]));
}

template <typename T>
void ReduceTyped(void* dst, const void* src, std::size_t count) {
  AddInto(static_cast<T*>(dst), static_cast<const T*>(src), count);
}

// Calls f(T{}) with the storage type of the dtype.
template <typename F>
decltype(auto) Dispatch(Dtype dtype, F&& f) {
  switch (dtype) {
    case Dtype::kFloat32:
      return f(float{});
    case Dtype::kFloat64:
      return f(double{});
    case Dtype::kBFloat16:
      return f(BFloat16{});
    case Dtype::kFloat16:
      return f(_Float16{});
    case Dtype::kInt32:
      return f(std::int32_t{});
    case Dtype::kInt64:
      break;
  }
  return f(std::int64_t{});
}

}  // namespace

const std::vector<Dtype>& AllDtypes() {
  static const std::vector<Dtype> all = {Dtype::kFloat32, Dtype::kFloat64, Dtype::kBFloat16,
                                         Dtype::kFloat16, Dtype::kInt32,   Dtype::kInt64};
  return all;
}

std::string_view DtypeName(Dtype dtype) {
  switch (dtype) {
    case Dtype::kFloat32:
      return "float32";
    case Dtype::kFloat64:
      return "float64";
    case Dtype::kBFloat16:
      return "bfloat16";
    case Dtype::kFloat16:
      return "float16";
    case Dtype::kInt32:
      return "int32";
    case Dtype::kInt64:
      break;
  }
  return "int64";
}

std::optional<Dtype> ParseDtype(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (Dtype dtype : AllDtypes()) {
    if (lower == DtypeName(dtype)) return dtype;
  }
  if (lower == "float" || lower == "fp32" || lower == "f32") return Dtype::kFloat32;
  if (lower == "double" || lower == "fp64" || lower == "f64") return Dtype::kFloat64;
  if (lower == "bf16") return Dtype::kBFloat16;
  if (lower == "half" || lower == "fp16" || lower == "f16") return Dtype::kFloat16;
  if (lower == "int") return Dtype::kInt32;
  return std::nullopt;
}

int DtypeBytes(Dtype dtype) {
  return Dispatch(dtype, [](auto value) { return static_cast<int>(sizeof(value)); });
}

double DtypeExactLimit(Dtype dtype) {
  switch (dtype) {
    case Dtype::kFloat32:
      return 16777216.0;  // 2^24: float32's 24-bit significand
    case Dtype::kFloat64:
      return 9007199254740992.0;  // 2^53
    case Dtype::kBFloat16:
      return 256.0;  // 2^8
    case Dtype::kFloat16:
      return 2048.0;  // 2^11
    case Dtype::kInt32:
      return 2147483647.0;
    case Dtype::kInt64:
      break;
  }
  return 9.2e18;
}

void ReduceInto(Dtype dtype, void* dst, const void* src, std::size_t count) {
  Dispatch(dtype, [&](auto value) { ReduceTyped<decltype(value)>(dst, src, count); });
}

Pattern::Pattern(Dtype dtype, int ranks) : dtype_(dtype) {
  // (m - 1) * p <= limit keeps every partial sum exact; at most 16 values.
  const double per_rank = DtypeExactLimit(dtype) / std::max(ranks, 1);
  modulus_ = static_cast<int>(std::clamp(per_rank + 1.0, 1.0, 16.0));
  full_sum_.assign(static_cast<std::size_t>(modulus_), 0);
  for (int k = 0; k < modulus_; ++k) {
    std::int64_t sum = 0;
    for (int r = 0; r < ranks; ++r) sum += (3LL * r + k) % modulus_;
    full_sum_[static_cast<std::size_t>(k)] = sum;
  }
}

void Pattern::Fill(void* out, std::size_t count, int rank, int chunk) const {
  Dispatch(dtype_, [&](auto value) {
    using T = decltype(value);
    T* data = static_cast<T*>(out);
    if (chunk < 0) {
      std::fill(data, data + count, FromInt<T>(kEmpty));
      return;
    }
    // The pattern repeats every m elements: build one period, then copy it.
    const std::size_t period = std::min<std::size_t>(count, static_cast<std::size_t>(modulus_));
    for (std::size_t e = 0; e < period; ++e) {
      const auto i = static_cast<std::int64_t>(e);
      data[e] = FromInt<T>(rank < 0 ? FullSum(chunk, i) : Value(rank, chunk, i));
    }
    for (std::size_t e = period; e < count; e += period) {
      std::memcpy(data + e, data, std::min(period, count - e) * sizeof(T));
    }
  });
}

std::int64_t Pattern::Check(const void* data, std::size_t count, int rank, int chunk, double& got,
                            double& want) const {
  return Dispatch(dtype_, [&](auto value) -> std::int64_t {
    using T = decltype(value);
    const T* in = static_cast<const T*>(data);
    T period[16];
    const std::size_t m = static_cast<std::size_t>(modulus_);
    for (std::size_t e = 0; e < m; ++e) {
      const auto i = static_cast<std::int64_t>(e);
      period[e] = FromInt<T>(chunk < 0  ? kEmpty
                             : rank < 0 ? FullSum(chunk, i)
                                        : Value(rank, chunk, i));
    }
    for (std::size_t e = 0, j = 0; e < count; ++e, j = (j + 1 == m ? 0 : j + 1)) {
      if (std::memcmp(&in[e], &period[j], sizeof(T)) != 0) {
        got = ToDouble(in[e]);
        want = ToDouble(period[j]);
        return static_cast<std::int64_t>(e);
      }
    }
    return -1;
  });
}

}  // namespace collscope::kernels
