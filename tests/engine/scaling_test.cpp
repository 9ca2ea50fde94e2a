#include <gtest/gtest.h>

#include "engine/algorithm.h"
#include "engine/pipelined_tree.h"
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

namespace collscope::engine {
namespace {

// Lesson 9 (lessons/09-ring-vs-tree-at-scale.json: 64 MB, 24 to 24,576
// GPUs, the delta-slingshot preset) against the shape of NCCL 2.4's
// figure: the ring's bus bandwidth falls as GPUs are added, the pipelined
// double binary tree's holds, and the tree is ahead from a few dozen GPUs.
TEST(Scaling, LessonNineShowsNccl24sFigure) {
  const CostModel slingshot = FindCostPreset("delta-slingshot")->model;
  std::vector<int> counts = DoublingRankCounts(24, 24576);
  auto ring = ModelScaling(Collective::kAllReduce, "ring", counts, 64e6, slingshot);
  auto tree = ModelScaling(Collective::kAllReduce, "double-binary-tree", counts, 64e6, slingshot);
  ASSERT_EQ(ring.size(), counts.size());
  ASSERT_EQ(tree.size(), counts.size());
  for (std::size_t i = 1; i < counts.size(); ++i) {
    EXPECT_LT(ring[i].busbw_bytes_per_s, ring[i - 1].busbw_bytes_per_s) << counts[i];
    // log2(p) latency: the tree loses little per doubling...
    EXPECT_GT(tree[i].busbw_bytes_per_s, 0.97 * tree[i - 1].busbw_bytes_per_s) << counts[i];
    // ...and is ahead of the ring from 48 GPUs on.
    EXPECT_GT(tree[i].busbw_bytes_per_s, ring[i].busbw_bytes_per_s) << counts[i];
  }
  // At 24 GPUs the two are close, not the tree far below (the step-by-step
  // schedule, whole halves per edge, put it 4x below).
  EXPECT_GT(tree.front().busbw_bytes_per_s, 0.9 * ring.front().busbw_bytes_per_s);
  EXPECT_GT(tree.back().busbw_bytes_per_s, 0.85 * tree.front().busbw_bytes_per_s);
  EXPECT_LT(ring.back().busbw_bytes_per_s, 0.05 * ring.front().busbw_bytes_per_s);
}

TEST(Scaling, PipelinedTreeIsTwoLogPHopsPlusTwoNBeta) {
  const CostModel model{1e-6, 1e-9, 1e-10};
  // p = 8: 2 x 3 hops, each an alpha and a 512 KiB chunk.
  CostBreakdown cost = PipelinedDoubleBinaryTreeAllReduce(8, 64e6, model);
  EXPECT_DOUBLE_EQ(cost.latency_s, 6 * (1e-6 + 512 * 1024 * 1e-9));
  EXPECT_DOUBLE_EQ(cost.bandwidth_s, 2 * 64e6 * 1e-9);
  EXPECT_DOUBLE_EQ(cost.compute_s, 64e6 * 1e-10);
  EXPECT_DOUBLE_EQ(PipelinedDoubleBinaryTreeAllReduce(1, 64e6, model).Total(), 0);
}

}  // namespace
}  // namespace collscope::engine
