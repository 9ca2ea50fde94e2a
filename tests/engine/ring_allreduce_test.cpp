// The lecture's worked example (slide 8): 5 GPUs, chunks a..e, the 4
// reduce-scatter and 4 all-gather tables with the cells each one changes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/algorithm.h"
#include "engine/buffer_state.h"

namespace collscope::engine {
namespace {

using Table = std::vector<std::vector<std::string>>;  // [rank][chunk]

struct LectureTable {
  Table labels;
  std::vector<CellRef> changed;  // sorted by rank, then slot
};

Table LabelsAt(BufferState& state, int step) {
  EXPECT_TRUE(state.SeekStep(step));
  Table table(state.Ranks());
  for (int r = 0; r < state.Ranks(); ++r) {
    for (int s = 0; s < state.Slots(); ++s) table[r].push_back(state.Label(r, s));
  }
  return table;
}

// The tables as the lecture draws them (rows GPU 0..4, columns a..e).
const std::vector<LectureTable>& LectureTables() {
  static const std::vector<LectureTable> tables = {
      // Initial state.
      {{{"a0", "b0", "c0", "d0", "e0"},
        {"a1", "b1", "c1", "d1", "e1"},
        {"a2", "b2", "c2", "d2", "e2"},
        {"a3", "b3", "c3", "d3", "e3"},
        {"a4", "b4", "c4", "d4", "e4"}},
       {}},
      // Reduce-scatter iteration 1: "Intermediate sums after the first iteration".
      {{{"a0", "b0", "c0", "d0", "e0+e4"},
        {"a1+a0", "b1", "c1", "d1", "e1"},
        {"a2", "b2+b1", "c2", "d2", "e2"},
        {"a3", "b3", "c3+c2", "d3", "e3"},
        {"a4", "b4", "c4", "d4+d3", "e4"}},
       {{0, 4}, {1, 0}, {2, 1}, {3, 2}, {4, 3}}},
      // Iteration 2.
      {{{"a0", "b0", "c0", "d0+d4+d3", "e0+e4"},
        {"a1+a0", "b1", "c1", "d1", "e1+e0+e4"},
        {"a2+a1+a0", "b2+b1", "c2", "d2", "e2"},
        {"a3", "b3+b2+b1", "c3+c2", "d3", "e3"},
        {"a4", "b4", "c4+c3+c2", "d4+d3", "e4"}},
       {{0, 3}, {1, 4}, {2, 0}, {3, 1}, {4, 2}}},
      // Iteration 3.
      {{{"a0", "b0", "c0+c4+c3+c2", "d0+d4+d3", "e0+e4"},
        {"a1+a0", "b1", "c1", "d1+d0+d4+d3", "e1+e0+e4"},
        {"a2+a1+a0", "b2+b1", "c2", "d2", "e2+e1+e0+e4"},
        {"a3+a2+a1+a0", "b3+b2+b1", "c3+c2", "d3", "e3"},
        {"a4", "b4+b3+b2+b1", "c4+c3+c2", "d4+d3", "e4"}},
       {{0, 2}, {1, 3}, {2, 4}, {3, 0}, {4, 1}}},
      // Iteration 4: every GPU holds one complete chunk; GPU 0 has all of b.
      {{{"a0", "b0+b1+b2+b3+b4", "c0+c4+c3+c2", "d0+d4+d3", "e0+e4"},
        {"a1+a0", "b1", "c0+c1+c2+c3+c4", "d1+d0+d4+d3", "e1+e0+e4"},
        {"a2+a1+a0", "b2+b1", "c2", "d0+d1+d2+d3+d4", "e2+e1+e0+e4"},
        {"a3+a2+a1+a0", "b3+b2+b1", "c3+c2", "d3", "e0+e1+e2+e3+e4"},
        {"a0+a1+a2+a3+a4", "b4+b3+b2+b1", "c4+c3+c2", "d4+d3", "e4"}},
       {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}}},
  };
  return tables;
}

TEST(RingAllreduce, FiveRanksMatchLectureReduceScatterTables) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 5);
  ASSERT_TRUE(built.schedule) << built.error;
  BufferState state(*built.schedule, Collective::kAllReduce, 0);
  ASSERT_EQ(state.StepCount(), 8);
  for (int step = 0; step <= 4; ++step) {
    const LectureTable& expected = LectureTables()[step];
    EXPECT_EQ(LabelsAt(state, step), expected.labels) << "after iteration " << step;
    EXPECT_EQ(state.ChangedInStep(step), expected.changed) << "after iteration " << step;
    EXPECT_EQ(state.Error(), std::nullopt);
  }
}

TEST(RingAllreduce, FiveRanksAllGatherCirculatesCompleteChunks) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 5);
  BufferState state(*built.schedule, Collective::kAllReduce, 0);
  const std::string full[] = {"a0+a1+a2+a3+a4", "b0+b1+b2+b3+b4", "c0+c1+c2+c3+c4",
                              "d0+d1+d2+d3+d4", "e0+e1+e2+e3+e4"};
  for (int iteration = 1; iteration <= 4; ++iteration) {
    Table table = LabelsAt(state, 4 + iteration);
    std::vector<CellRef> changed = state.ChangedInStep(4 + iteration);
    ASSERT_EQ(changed.size(), 5u);
    for (int rank = 0; rank < 5; ++rank) {
      // In all-gather iteration k, rank i receives the complete chunk i+1-k.
      int slot = ((rank + 1 - iteration) % 5 + 5) % 5;
      EXPECT_EQ(changed[rank], (CellRef{rank, slot})) << "iteration " << iteration;
      EXPECT_EQ(table[rank][slot], full[slot]);
      // Complete chunks from earlier iterations stay complete.
      for (int back = 0; back <= iteration; ++back) {
        int held = ((rank + 1 - back) % 5 + 5) % 5;
        EXPECT_EQ(table[rank][held], full[held]) << "rank " << rank << " iteration " << iteration;
      }
    }
  }
  // "Final state after allgather transfer": every GPU holds all five chunks.
  Table final_table = LabelsAt(state, 8);
  for (int rank = 0; rank < 5; ++rank) {
    for (int slot = 0; slot < 5; ++slot) EXPECT_EQ(final_table[rank][slot], full[slot]);
  }
}

TEST(RingAllreduce, SteppingBackRestoresEarlierTables) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 5);
  BufferState state(*built.schedule, Collective::kAllReduce, 0);
  ASSERT_TRUE(state.RunToEnd());
  for (int step = 4; step >= 0; --step) {
    EXPECT_EQ(LabelsAt(state, step), LectureTables()[step].labels) << "back at " << step;
    EXPECT_EQ(state.ChangedInStep(step), LectureTables()[step].changed);
  }
}

TEST(RingAllreduce, ChangedInCurrentStepMarksOnlyThisStepsCells) {
  auto built = BuildSchedule(Collective::kAllReduce, "ring", 5);
  BufferState state(*built.schedule, Collective::kAllReduce, 0);
  ASSERT_TRUE(state.SeekStep(1));
  EXPECT_TRUE(state.ChangedInCurrentStep(1, 0));
  EXPECT_TRUE(state.ChangedInCurrentStep(0, 4));
  EXPECT_FALSE(state.ChangedInCurrentStep(0, 0));
  ASSERT_TRUE(state.SeekStep(2));
  EXPECT_FALSE(state.ChangedInCurrentStep(1, 0));
  EXPECT_TRUE(state.ChangedInCurrentStep(2, 0));
  ASSERT_TRUE(state.SeekStep(0));
  EXPECT_FALSE(state.ChangedInCurrentStep(2, 0));
}

}  // namespace
}  // namespace collscope::engine
