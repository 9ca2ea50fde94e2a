#include <gtest/gtest.h>

#include "engine/algorithm.h"
#include "engine/buffer_state.h"

namespace collscope::engine {
namespace {

// A schedule with a deliberate mistake, to see the simulation catch it.
std::unique_ptr<Schedule> OneStep(int p, std::vector<Transfer> transfers) {
  StepFunctions f;
  f.phase = [](std::int64_t) { return kPhaseReduceScatter; };
  f.emit = [transfers](std::int64_t, std::vector<Transfer>& out) {
    out.insert(out.end(), transfers.begin(), transfers.end());
  };
  return MakeSchedule(p, p, 1, std::move(f));
}

TEST(BufferState, InitialCellsFollowEachCollectivesDefinition) {
  EXPECT_EQ(InitialCell(Collective::kAllReduce, 4, 0, 2, 3), Cell::Of(2, 3));
  EXPECT_EQ(InitialCell(Collective::kAllGather, 4, 0, 2, 2), Cell::Of(2, 0));
  EXPECT_TRUE(InitialCell(Collective::kAllGather, 4, 0, 2, 1).Empty());
  EXPECT_EQ(InitialCell(Collective::kScatter, 4, 1, 1, 3), Cell::Of(1, 3));
  EXPECT_TRUE(InitialCell(Collective::kBroadcast, 4, 1, 0, 3).Empty());
  EXPECT_EQ(InitialCell(Collective::kAllToAll, 4, 0, 2, 1), Cell::Of(2, 1));
  EXPECT_TRUE(InitialCell(Collective::kAllToAll, 4, 0, 2, 5).Empty());
}

TEST(BufferState, ReportsAReductionThatCountsATermTwice) {
  auto schedule =
      OneStep(3, {{.src = 0, .dst = 1, .src_slot = 0, .dst_slot = 0, .op = TransferOp::kReduce},
                  {.src = 0, .dst = 1, .src_slot = 0, .dst_slot = 0, .op = TransferOp::kReduce}});
  BufferState state(*schedule, Collective::kAllReduce, 0);
  EXPECT_FALSE(state.SeekStep(1));
  ASSERT_TRUE(state.Error());
  EXPECT_EQ(*state.Error(), "step 1 (reduce-scatter): rank 1 slot a: adds a0 twice");
  // The failed step left nothing half-applied.
  EXPECT_EQ(state.CurrentStep(), 0);
  EXPECT_EQ(state.Label(1, 0), "a1");
}

TEST(BufferState, ReportsSendingAnEmptySlot) {
  auto schedule = OneStep(3, {{.src = 1, .dst = 2, .src_slot = 0, .dst_slot = 0}});
  BufferState state(*schedule, Collective::kAllGather, 0);
  EXPECT_FALSE(state.SeekStep(1));
  EXPECT_EQ(*state.Error(),
            "step 1 (reduce-scatter): rank 1 slot a: sends an empty slot to rank 2");
}

TEST(BufferState, RefusesStepsOutOfRange) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 4);
  BufferState state(*built.schedule, Collective::kAllReduce, 0);
  EXPECT_FALSE(state.SeekStep(7));
  EXPECT_EQ(*state.Error(), "step 7 is outside 0..6");
  EXPECT_FALSE(state.SeekStep(-1));
}

TEST(BufferState, StridedTransfersWrapAroundTheSlots) {
  // Binomial scatter from root 3 on 5 ranks: the first block wraps past slot e.
  auto built = BuildSchedule(Collective::kScatter, "binomial", 5, 3);
  BufferState state(*built.schedule, Collective::kScatter, 3);
  ASSERT_TRUE(state.RunToEnd()) << *state.Error();
  for (int rank = 0; rank < 5; ++rank) EXPECT_EQ(state.Label(rank, rank), ChunkLetters(rank) + "3");
}

TEST(BufferState, EstimateGrowsWithHistory) {
  auto small = BuildSchedule(Collective::kAllReduce, "ring", 64);
  auto large = BuildSchedule(Collective::kAllReduce, "ring", 4096);
  std::int64_t small_bytes = BufferState::EstimateBytes(*small.schedule);
  std::int64_t large_bytes = BufferState::EstimateBytes(*large.schedule);
  EXPECT_GT(small_bytes, 64 * 64 * 12);
  // p = 4096 ring allreduce: 16.7 M cells and 33.5 M undo entries, < 2 GiB.
  EXPECT_GT(large_bytes, std::int64_t{4096} * 4096 * 12);
  EXPECT_LT(large_bytes, std::int64_t{2} << 30);
  auto huge = BuildSchedule(Collective::kAllReduce, "ring", 65536);
  EXPECT_GT(BufferState::EstimateBytes(*huge.schedule), std::int64_t{2} << 30);
}

TEST(SlotAt, StepsByTheStrideAndWrapsBothWays) {
  EXPECT_EQ(SlotAt(3, 0, 1, 5), 3);
  EXPECT_EQ(SlotAt(3, 2, 1, 5), 0);
  EXPECT_EQ(SlotAt(1, 2, 2, 4), 1);   // a residue class of recursive halving
  EXPECT_EQ(SlotAt(0, 1, -1, 5), 4);  // never a negative slot
}

TEST(CarriedLabel, ListsUpToThreeChunksAndCountsABlock) {
  BufferState state(*OneStep(5, {}), Collective::kAllReduce, 0);
  Transfer one{.src = 1, .dst = 2, .src_slot = 0, .dst_slot = 0};
  EXPECT_EQ(CarriedLabel(state, one, 8), "a1");
  Transfer pair = one;
  pair.src_slot = 4;
  pair.slot_count = 2;  // e1 then, wrapping, a1
  EXPECT_EQ(CarriedLabel(state, pair, 8), "e1, a1");
  Transfer block = one;
  block.slot_count = 5;
  EXPECT_EQ(CarriedLabel(state, block, 8), "a1 and 4 more");
}

}  // namespace
}  // namespace collscope::engine
