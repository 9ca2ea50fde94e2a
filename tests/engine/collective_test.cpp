// The facts each collective carries: its bus bandwidth factor, whether it
// reduces, and what every slot holds once it is done.
#include <gtest/gtest.h>

#include "engine/collective.h"

namespace collscope::engine {
namespace {

TEST(Collective, BusBandwidthFactorsFollowNcclTests) {
  EXPECT_DOUBLE_EQ(BusBandwidthFactor(Collective::kAllReduce, 8), 2.0 * 7 / 8);
  EXPECT_DOUBLE_EQ(BusBandwidthFactor(Collective::kAllGather, 8), 7.0 / 8);
  EXPECT_DOUBLE_EQ(BusBandwidthFactor(Collective::kBroadcast, 8), 1.0);
}

TEST(Collective, OnlyAllreduceReduceScatterAndReduceAdd) {
  for (Collective c : AllCollectives()) {
    const bool adds =
        c == Collective::kAllReduce || c == Collective::kReduceScatter || c == Collective::kReduce;
    EXPECT_EQ(Reduces(c), adds) << CollectiveName(c);
  }
}

TEST(Collective, ReduceScatterEndsWithRankYHoldingTheSumOfChunkY) {
  const auto own = ExpectedFinalContent(Collective::kReduceScatter, 4, 0, 2, 2);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->rank, SlotContent::kAllRanks);
  EXPECT_EQ(own->chunk, 2);
  // NCCL's definition says nothing about the other chunks.
  EXPECT_FALSE(ExpectedFinalContent(Collective::kReduceScatter, 4, 0, 2, 1).has_value());
}

TEST(Collective, AllToAllSendsBlockJOfRankIToBlockIOfRankJ) {
  // Rank 1's output block 3 (slot p + 3) is rank 3's input block 1.
  const auto out = ExpectedFinalContent(Collective::kAllToAll, 4, 0, 1, 4 + 3);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->rank, 3);
  EXPECT_EQ(out->chunk, 1);
  EXPECT_FALSE(ExpectedFinalContent(Collective::kAllToAll, 4, 0, 1, 3).has_value());
}

TEST(Collective, GatherDefinesOnlyTheRootsSlots) {
  const auto at_root = ExpectedFinalContent(Collective::kGather, 4, 2, 2, 3);
  ASSERT_TRUE(at_root.has_value());
  EXPECT_EQ(at_root->rank, 3);
  EXPECT_EQ(at_root->chunk, 0);
  EXPECT_FALSE(ExpectedFinalContent(Collective::kGather, 4, 2, 1, 3).has_value());
}

}  // namespace
}  // namespace collscope::engine
