#include <gtest/gtest.h>

#include "engine/algorithm.h"
#include "engine/scaling.h"

namespace collscope::engine {
namespace {

TEST(Scaling, RingBusBandwidthEqualsLinkBandwidthWithoutLatency) {
  // beta only: ring allreduce takes 2(p-1)/p n beta, so busbw = 1/beta.
  auto points = ModelScaling(Collective::kAllReduce, "ring", {4, 64}, 64e6, {0, 1e-10, 0});
  ASSERT_EQ(points.size(), 2u);
  EXPECT_NEAR(points[0].busbw_bytes_per_s, 1e10, 1e-3);
  EXPECT_NEAR(points[1].busbw_bytes_per_s, 1e10, 1e-3);
}

TEST(Scaling, RingFallsAndTreeHoldsUpAtScaleLikeNcclsFigure) {
  CostModel slingshot{14e-6, 1.0 / 20e9, 3.0 / 1555e9};
  std::vector<int> counts = DoublingRankCounts(24, 24576);
  EXPECT_EQ(counts.front(), 24);
  EXPECT_EQ(counts.back(), 24576);
  auto ring = ModelScaling(Collective::kAllReduce, "ring", counts, 64e6, slingshot);
  auto tree = ModelScaling(Collective::kAllReduce, "double-binary-tree", counts, 64e6, slingshot);
  ASSERT_EQ(ring.size(), counts.size());
  // The ring's latency grows with p, so its bus bandwidth keeps falling...
  for (std::size_t i = 1; i < ring.size(); ++i) {
    EXPECT_LT(ring[i].busbw_bytes_per_s, ring[i - 1].busbw_bytes_per_s);
  }
  // ...and at the largest scale the tree is ahead.
  EXPECT_GT(tree.back().busbw_bytes_per_s, ring.back().busbw_bytes_per_s);
}

TEST(Scaling, ModelPointIsTheSchedulesPriceInItsThreeParts) {
  const CostModel model{1e-6, 1e-10, 1e-11};
  const auto point = ModelPoint(Collective::kAllReduce, "ring", 8, 64e6, model);
  ASSERT_TRUE(point.has_value());
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 8);
  const CostBreakdown price = PriceSchedule(*built.schedule, 64e6, model);
  EXPECT_DOUBLE_EQ(point->cost.latency_s, price.latency_s);
  EXPECT_DOUBLE_EQ(point->cost.bandwidth_s, price.bandwidth_s);
  EXPECT_DOUBLE_EQ(point->cost.compute_s, price.compute_s);
  EXPECT_DOUBLE_EQ(point->time_s, price.Total());
  EXPECT_DOUBLE_EQ(point->busbw_bytes_per_s, 64e6 / price.Total() * 2.0 * 7 / 8);
}

TEST(Scaling, ModelPointSaysWhyTheEngineRefuses) {
  std::string error;
  EXPECT_FALSE(ModelPoint(Collective::kAllReduce, "ring", 0, 64e6, {}, &error).has_value());
  EXPECT_NE(error.find("ranks"), std::string::npos);
}

}  // namespace
}  // namespace collscope::engine
