// NCCL's split of n elements over p chunks (NCCL
// src/collectives/device/all_reduce.h: ceil(n/p) elements per chunk, the
// last ones shorter or empty), and what it changes in pricing and
// verification.
#include <gtest/gtest.h>

#include <vector>

#include "engine/algorithm.h"
#include "engine/buffer_state.h"
#include "engine/chunk_split.h"
#include "engine/cost_model.h"
#include "engine/verify.h"

namespace collscope::engine {
namespace {

std::vector<std::int64_t> Lengths(const ChunkSplit& split) {
  std::vector<std::int64_t> lengths;
  for (int c = 0; c < split.Chunks(); ++c) lengths.push_back(split.Range(c).count);
  return lengths;
}

TEST(ChunkSplit, LastChunkIsShorter) {
  const ChunkSplit split(10, 4);  // ceil(10/4) = 3: 3, 3, 3, 1
  EXPECT_EQ(Lengths(split), (std::vector<std::int64_t>{3, 3, 3, 1}));
  EXPECT_EQ(split.Range(3), (ElementRange{9, 1}));
  EXPECT_FALSE(split.Even());
}

TEST(ChunkSplit, FewerElementsThanRanksLeavesEmptyChunks) {
  const ChunkSplit split(3, 5);
  EXPECT_EQ(Lengths(split), (std::vector<std::int64_t>{1, 1, 1, 0, 0}));
  // An empty chunk sits at the end of the vector.
  EXPECT_EQ(split.Range(4), (ElementRange{3, 0}));
}

TEST(ChunkSplit, RoundingUpCanEmptyTheLastChunkEvenWhenCountExceedsRanks) {
  // 9 over 4: chunks of 3, so the fourth chunk has nothing left.
  EXPECT_EQ(Lengths(ChunkSplit(9, 4)), (std::vector<std::int64_t>{3, 3, 3, 0}));
}

TEST(ChunkSplit, EvenSplitIsNOverP) {
  const ChunkSplit split(12, 4);
  EXPECT_TRUE(split.Even());
  EXPECT_EQ(Lengths(split), (std::vector<std::int64_t>{3, 3, 3, 3}));
}

TEST(ChunkSplit, ChunksTileTheVectorInOrder) {
  for (std::int64_t n = 0; n <= 60; ++n) {
    for (int p = 1; p <= 9; ++p) {
      const ChunkSplit split(n, p);
      std::int64_t next = 0;
      for (int c = 0; c < p; ++c) {
        const ElementRange range = split.Range(c);
        EXPECT_EQ(range.first, next) << n << " over " << p << " chunk " << c;
        EXPECT_LE(range.count, split.Largest());
        EXPECT_GE(range.count, 0);
        next += range.count;
      }
      EXPECT_EQ(next, n) << n << " over " << p;
    }
  }
}

TEST(ChunkSplit, BytesSplitIntoWholeElementsOfTheDtype) {
  // 1 MiB over 5 ranks: 1048576 bytes.
  const auto float32 = ChunkSplit::OfBytes(1 << 20, 5, 4);  // 262144 elements
  ASSERT_TRUE(float32);
  EXPECT_EQ(float32->Largest(), 52429);  // ceil(262144 / 5)
  EXPECT_EQ(float32->Range(4).count, 262144 - 4 * 52429);
  const auto float64 = ChunkSplit::OfBytes(1 << 20, 5, 8);  // 131072 elements
  ASSERT_TRUE(float64);
  EXPECT_EQ(float64->Largest(), 26215);  // ceil(131072 / 5)
  // A chunk boundary never cuts an element: chunk c starts at c * 26215 * 8 bytes.
  EXPECT_EQ(float64->Range(2).first * 8, 2 * 26215 * 8);
  EXPECT_FALSE(ChunkSplit::OfBytes(1001, 3, 2));  // half a float16
  EXPECT_FALSE(ChunkSplit::OfBytes(1002, 3, 4));
  EXPECT_TRUE(ChunkSplit::OfBytes(1002, 3, 2));
}

TEST(ChunkSplit, AllToAllOutputBlocksHaveTheReceiversChunkLength) {
  const ChunkSplit split(10, 4);  // 3, 3, 3, 1
  // Rank 3 receives block 3 (1 element) from everyone: its output slots 4..7.
  for (int slot = 4; slot < 8; ++slot) {
    EXPECT_EQ(SlotElements(split, Collective::kAllToAll, 4, 3, slot).count, 1);
    EXPECT_EQ(SlotElements(split, Collective::kAllToAll, 4, 0, slot).count, 3);
  }
  EXPECT_EQ(SlotElements(split, Collective::kAllToAll, 4, 0, 3).count, 1);   // input block 3
  EXPECT_EQ(SlotElements(split, Collective::kAllGather, 4, 0, 3).count, 1);  // rank 3's block
}

TEST(ChunkSplit, BufferStateCellKnowsItsElementRange) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 5);
  ASSERT_TRUE(built.schedule);
  BufferState state(*built.schedule, Collective::kAllReduce, 0);
  ASSERT_TRUE(state.RunToEnd());
  const ChunkSplit split(13, 5);  // 3, 3, 3, 3, 1
  EXPECT_EQ(state.Elements(split, 2, 4), (ElementRange{12, 1}));
  EXPECT_EQ(state.Elements(split, 2, 1), (ElementRange{3, 3}));
}

TEST(ChunkSplitCost, StepCostsItsLargestChunk) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 5);
  ASSERT_TRUE(built.schedule);
  // 1 MiB of bytes over 5 ranks: the longest chunk has ceil(1048576/5) =
  // 209716 bytes, and each of the 2(p-1) steps moves one chunk.
  const CostBreakdown bytes = PriceSchedule(*built.schedule, 1 << 20, {0, 1, 0});
  EXPECT_EQ(bytes.bandwidth_s, 8.0 * 209716);
  // 1000 bytes of float64 (125 elements) over 3 ranks: chunks of 42
  // elements (336 bytes), not 1000/3 bytes.
  auto three = BuildSchedule(Collective::kAllReduce, "ring", 3);
  ASSERT_TRUE(three.schedule);
  const CostBreakdown doubles = PriceSchedule(*three.schedule, 1000, {0, 1, 0}, nullptr, 8);
  EXPECT_EQ(doubles.bandwidth_s, 4.0 * 336);
  EXPECT_EQ(PriceStep(*three.schedule, 1, 1000, {0, 0, 1}, 8).compute_s, 336);
  EXPECT_EQ(LargestChunkBytes(1000, 3), 334);
}

TEST(ChunkSplitCost, EvenSplitPricesAsBefore) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 8);
  ASSERT_TRUE(built.schedule);
  EXPECT_EQ(PriceSchedule(*built.schedule, 800, {0, 1, 0}).bandwidth_s, 14.0 * 100);
}

TEST(ChunkSplitVerify, EveryScheduleLandsChunksInSlotsOfTheirLength) {
  for (const AlgorithmInfo& info : Algorithms()) {
    for (Collective c : info.collectives) {
      for (int p : {3, 5, 6, 7}) {
        auto built = BuildSchedule(c, info.name, p, HasRoot(c) ? p - 1 : 0);
        if (!built.schedule) continue;  // needs a power of two
        for (std::int64_t n : {std::int64_t{2}, std::int64_t{262144}, std::int64_t{1000003}}) {
          const VerifyResult result = VerifyChunkRanges(*built.schedule, c, ChunkSplit(n, p));
          EXPECT_TRUE(result.ok) << CollectiveName(c) << " by " << info.name << " p=" << p
                                 << " n=" << n << ": " << result.message;
        }
      }
    }
  }
}

TEST(ChunkSplitVerify, MovingAChunkIntoAShorterSlotIsCaught) {
  // One step: rank 0 sends its slot a (3 elements of 10 over 4) into rank
  // 1's slot d (1 element).
  StepFunctions functions;
  functions.phase = [](std::int64_t) { return kPhaseAllGather; };
  functions.emit = [](std::int64_t, std::vector<Transfer>& out) {
    out.push_back(Transfer{0, 1, 0, 3, 1, 1, TransferOp::kCopy, 0});
  };
  auto schedule = MakeSchedule(4, 4, 1, functions);
  const VerifyResult uneven =
      VerifyChunkRanges(*schedule, Collective::kAllReduce, ChunkSplit(10, 4));
  EXPECT_FALSE(uneven.ok);
  EXPECT_NE(uneven.message.find("3 elements"), std::string::npos) << uneven.message;
  EXPECT_TRUE(VerifyChunkRanges(*schedule, Collective::kAllReduce, ChunkSplit(12, 4)).ok);
}

}  // namespace
}  // namespace collscope::engine
