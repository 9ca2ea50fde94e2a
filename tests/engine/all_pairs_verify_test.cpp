// Every collective x algorithm pair produces the collective's definition,
// for p = 1..17 and powers of two up to 256, with roots other than 0.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/algorithm.h"
#include "engine/verify.h"

namespace collscope::engine {
namespace {

struct Pair {
  Collective collective;
  std::string algorithm;
};

std::vector<Pair> AllPairs() {
  std::vector<Pair> pairs;
  for (const AlgorithmInfo& info : Algorithms()) {
    for (Collective c : info.collectives) pairs.push_back({c, std::string(info.name)});
  }
  return pairs;
}

std::vector<int> RankCounts() {
  std::vector<int> counts;
  for (int p = 1; p <= 17; ++p) counts.push_back(p);
  for (int p = 32; p <= 256; p *= 2) counts.push_back(p);
  return counts;
}

class EveryPair : public ::testing::TestWithParam<Pair> {};

TEST_P(EveryPair, VerifiesForEveryRankCountAndRoot) {
  const Pair& pair = GetParam();
  for (int p : RankCounts()) {
    std::vector<int> roots = {0};
    if (HasRoot(pair.collective) && p > 1) roots = {0, p - 1, p / 2 + 1 < p ? p / 2 + 1 : 1};
    for (int root : roots) {
      BuildResult built = BuildSchedule(pair.collective, pair.algorithm, p, root);
      ASSERT_TRUE(built.schedule) << built.error;
      VerifyResult result = VerifySchedule(*built.schedule, pair.collective, root);
      EXPECT_TRUE(result.ok) << CollectiveName(pair.collective) << " by " << pair.algorithm
                             << " p=" << p << " root=" << root << ": " << result.message;
    }
  }
}

std::string PairName(const ::testing::TestParamInfo<Pair>& info) {
  std::string name =
      std::string(CollectiveName(info.param.collective)) + "_" + info.param.algorithm;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Engine, EveryPair, ::testing::ValuesIn(AllPairs()), PairName);

TEST(AllPairs, EveryCollectiveHasItsDefaultAlgorithm) {
  for (Collective c : AllCollectives()) {
    const AlgorithmInfo* info = FindAlgorithm(DefaultAlgorithm(c));
    ASSERT_NE(info, nullptr) << CollectiveName(c);
    EXPECT_TRUE(Supports(*info, c)) << CollectiveName(c);
  }
}

TEST(AllPairs, TreeAlgorithmsNameTheTreeTheyRunOn) {
  EXPECT_EQ(FindAlgorithm("tree")->tree_shape, TreeShape::kBinary);
  EXPECT_EQ(FindAlgorithm("double-binary-tree")->tree_shape, TreeShape::kDoubleBinary);
  EXPECT_EQ(FindAlgorithm("binomial")->tree_shape, TreeShape::kBinomial);
  EXPECT_EQ(FindAlgorithm("ring")->tree_shape, TreeShape::kNone);
  EXPECT_EQ(FindAlgorithm("scatter-allgather")->tree_shape, TreeShape::kNone);
}

TEST(Verify, CatchesAScheduleThatStopsShort) {
  // The reduce-scatter half of ring allreduce is not an allreduce.
  auto half = BuildSchedule(Collective::kReduceScatter, "ring", 4);
  VerifyResult result = VerifySchedule(*half.schedule, Collective::kAllReduce, 0);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find("expected"), std::string::npos) << result.message;
}

TEST(Verify, CatchesAWrongRoot) {
  auto built = BuildSchedule(Collective::kReduce, "binomial", 6, /*root=*/2);
  VerifyResult result = VerifySchedule(*built.schedule, Collective::kReduce, /*root=*/3);
  EXPECT_FALSE(result.ok);
}

TEST(BuildSchedule, RefusesBadRequestsWithAMessage) {
  EXPECT_EQ(BuildSchedule(Collective::kAllReduce, "ring", 0).error,
            "ranks must be between 1 and 16777216, got 0");
  EXPECT_EQ(BuildSchedule(Collective::kAllReduce, "nope", 4).error, "unknown algorithm 'nope'");
  EXPECT_EQ(BuildSchedule(Collective::kScatter, "ring", 4).error,
            "algorithm 'ring' does not implement scatter");
  EXPECT_EQ(BuildSchedule(Collective::kReduce, "binomial", 4, 4).error,
            "root must be a rank in 0..3, got 4");
}

}  // namespace
}  // namespace collscope::engine
