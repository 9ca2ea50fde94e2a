#include <gtest/gtest.h>

#include "engine/overlap_model.h"

namespace collscope::engine {
namespace {

OverlapInput FourLayers() {
  OverlapInput input;
  input.layer_bytes = {10, 10, 10, 10};
  input.layer_backward_s = {1, 1, 1, 1};
  input.bucket_bytes = 20;
  input.ranks = 2;
  input.model = {0.5, 0.1, 0};  // one 20-byte bucket: 2 (alpha) x 0.5 + ... see below
  return input;
}

TEST(OverlapModel, BucketsFillInBackwardOrder) {
  OverlapResult result = ModelOverlap(FourLayers());
  ASSERT_EQ(result.buckets.size(), 2u);
  EXPECT_EQ(result.buckets[0], (std::vector<int>{3, 2}));
  EXPECT_EQ(result.buckets[1], (std::vector<int>{1, 0}));
}

TEST(OverlapModel, OptionOneWaitsForBackwardOptionTwoOverlaps) {
  OverlapResult result = ModelOverlap(FourLayers());
  // Ring allreduce of 20 bytes on 2 ranks: 2 steps of alpha + 10 bytes beta.
  double bucket_s = 2 * (0.5 + 10 * 0.1);
  EXPECT_DOUBLE_EQ(result.sequential.communication[0].start_s, 4.0);
  EXPECT_DOUBLE_EQ(result.sequential.end_s, 4.0 + 2 * bucket_s);
  // Layers 3 and 2 are ready at t = 2, so their bucket overlaps layers 1, 0.
  EXPECT_DOUBLE_EQ(result.overlapped.communication[0].start_s, 2.0);
  EXPECT_DOUBLE_EQ(result.overlapped.communication[1].start_s, 2.0 + bucket_s);
  EXPECT_DOUBLE_EQ(result.overlapped.end_s, 2.0 + 2 * bucket_s);
  EXPECT_DOUBLE_EQ(result.SavedSeconds(), 2.0);
}

TEST(OverlapModel, FreeCommunicationSavesNothing) {
  OverlapInput input = FourLayers();
  input.model = {0, 0, 0};
  OverlapResult result = ModelOverlap(input);
  EXPECT_DOUBLE_EQ(result.sequential.end_s, 4.0);
  EXPECT_DOUBLE_EQ(result.overlapped.end_s, 4.0);
}

TEST(OverlapModel, ALayerLargerThanTheCapIsItsOwnBucket) {
  OverlapInput input = FourLayers();
  input.layer_bytes = {10, 50, 10, 10};
  OverlapResult result = ModelOverlap(input);
  ASSERT_EQ(result.buckets.size(), 3u);
  EXPECT_EQ(result.buckets[1], (std::vector<int>{1}));
}

}  // namespace
}  // namespace collscope::engine
