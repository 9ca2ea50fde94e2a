#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace collscope::kernels {

// Element types a recording can move. Reductions are sums.
enum class Dtype { kFloat32, kFloat64, kBFloat16, kFloat16, kInt32, kInt64 };

const std::vector<Dtype>& AllDtypes();
std::string_view DtypeName(Dtype dtype);                 // "float32", "bfloat16", ...
std::optional<Dtype> ParseDtype(std::string_view name);  // also "float", "bf16", "half"...
int DtypeBytes(Dtype dtype);

// The largest integer every partial sum may reach and stay exact: the test
// pattern keeps its sums below it, so a correct schedule reproduces the
// expected result bit for bit in any summation order.
double DtypeExactLimit(Dtype dtype);

// dst[i] += src[i] for `count` elements of `dtype` (bfloat16 and float16
// round to nearest even, as the hardware does).
void ReduceInto(Dtype dtype, void* dst, const void* src, std::size_t count);

// The test pattern. Element e of chunk c of rank r's input holds
// Value(r, c, e) = (3r + 5c + e) mod m, a small integer, with m chosen so
// that p ranks' sums stay exact in the dtype.
class Pattern {
 public:
  Pattern(Dtype dtype, int ranks);

  Dtype Type() const { return dtype_; }
  int Modulus() const { return modulus_; }
  // Values as integers.
  int Value(int rank, int chunk, std::int64_t element) const {
    return static_cast<int>((3LL * rank + 5LL * chunk + element) % modulus_);
  }
  // Sum over all ranks of Value(r, chunk, element), in O(1).
  std::int64_t FullSum(int chunk, std::int64_t element) const {
    return full_sum_[static_cast<std::size_t>((5LL * chunk + element) % modulus_)];
  }
  // Marks slots that start empty; a schedule that reduces or sends one
  // shows up as a wrong result.
  static constexpr int kEmpty = -1;

  // Fills `count` elements at `out` with rank `rank`'s chunk `chunk`
  // (rank < 0: the full sum over ranks; chunk < 0: kEmpty).
  void Fill(void* out, std::size_t count, int rank, int chunk) const;
  // Compares against the same; returns the first wrong element index or -1,
  // and its value as a double in `got`, expected in `want`.
  std::int64_t Check(const void* data, std::size_t count, int rank, int chunk, double& got,
                     double& want) const;

 private:
  Dtype dtype_;
  int modulus_;
  std::vector<std::int64_t> full_sum_;
};

}  // namespace collscope::kernels
