#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "engine/collective.h"
#include "kernels/dtype.h"
#include "kernels/plan.h"

namespace collscope::kernels {
namespace {

TEST(Dtype, ParsesCanonicalAndCommonSpellings) {
  EXPECT_EQ(ParseDtype("float32"), Dtype::kFloat32);
  EXPECT_EQ(ParseDtype("float"), Dtype::kFloat32);
  EXPECT_EQ(ParseDtype("bf16"), Dtype::kBFloat16);
  EXPECT_EQ(ParseDtype("half"), Dtype::kFloat16);
  EXPECT_EQ(ParseDtype("int64"), Dtype::kInt64);
  EXPECT_FALSE(ParseDtype("float8").has_value());
  for (Dtype dtype : AllDtypes()) EXPECT_EQ(ParseDtype(DtypeName(dtype)), dtype);
  EXPECT_EQ(DtypeBytes(Dtype::kBFloat16), 2);
  EXPECT_EQ(DtypeBytes(Dtype::kFloat64), 8);
}

TEST(Dtype, BFloat16SumRoundsLikeHardware) {
  // 1 + 2 = 3 exactly; 256 + 1 rounds to even (256) in bfloat16's 8 bits.
  std::vector<std::uint16_t> a = {0x3F80, 0x4380};        // 1.0, 256.0
  const std::vector<std::uint16_t> b = {0x4000, 0x3F80};  // 2.0, 1.0
  ReduceInto(Dtype::kBFloat16, a.data(), b.data(), a.size());
  EXPECT_EQ(a[0], 0x4040);  // 3.0
  EXPECT_EQ(a[1], 0x4380);  // 256.0
}

TEST(Pattern, FullSumMatchesSumOfRanksAndStaysExact) {
  for (Dtype dtype : AllDtypes()) {
    for (int ranks : {1, 3, 8, 200}) {
      const Pattern pattern(dtype, ranks);
      ASSERT_GE(pattern.Modulus(), 2) << DtypeName(dtype) << " p=" << ranks;
      EXPECT_LE(static_cast<double>(pattern.Modulus() - 1) * ranks, DtypeExactLimit(dtype));
      for (int chunk = 0; chunk < 3; ++chunk) {
        for (int e = 0; e < 20; ++e) {
          std::int64_t sum = 0;
          for (int r = 0; r < ranks; ++r) sum += pattern.Value(r, chunk, e);
          EXPECT_EQ(pattern.FullSum(chunk, e), sum);
        }
      }
    }
  }
}

TEST(Pattern, CheckFindsTheFirstWrongElement) {
  const Pattern pattern(Dtype::kFloat32, 4);
  std::vector<float> data(100);
  pattern.Fill(data.data(), data.size(), SlotContent::kAllRanks, 2);
  double got = 0;
  double want = 0;
  EXPECT_EQ(pattern.Check(data.data(), data.size(), SlotContent::kAllRanks, 2, got, want), -1);
  data[37] += 1.0f;
  EXPECT_EQ(pattern.Check(data.data(), data.size(), SlotContent::kAllRanks, 2, got, want), 37);
  EXPECT_EQ(got, want + 1.0);
}

TEST(CheckRank, RejectsABufferThatWasNeverReduced) {
  // The initial allreduce state is not the final one: the check must say so.
  const int ranks = 4;
  const std::int64_t chunk = 64;
  std::vector<std::byte> buffer(ranks * chunk);
  const Pattern pattern(Dtype::kFloat32, ranks);
  const SlotSizes sizes{engine::Collective::kAllReduce, ranks,
                        engine::ChunkSplit(ranks * chunk / 4, ranks), 4};
  FillRank(buffer.data(), pattern, sizes, /*root=*/0, /*rank=*/1);
  const std::string error = CheckRank(buffer.data(), pattern, sizes, /*root=*/0, /*rank=*/1);
  EXPECT_NE(error.find("wrong result: rank 1"), std::string::npos) << error;
}

}  // namespace
}  // namespace collscope::kernels
