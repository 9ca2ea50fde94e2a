// The merge of a recording's per-rank files (trace/importers/partial/):
// files written by hand here, in the format of format.h.
#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"
#include "trace/importers/partial/parser.h"

namespace collscope::trace {
namespace {

using testing::TempPath;
using testing::WriteFile;

// A rank's file of a 2-rank ring allreduce (2 steps an iteration, one
// warm-up), at iteration/step/done with its last sign of life at beat.
std::string RankText(int rank, const char* progress, const std::string& body,
                     const std::string& end) {
  return std::string("collscope-rank-partial 1 ") + progress + "\nrank " + std::to_string(rank) +
         "\nranks 2\npid 4" + std::to_string(rank) +
         "\nwarmup 1\nsteps 2\nmeta source mpi\nmeta host node" + std::to_string(rank) +
         "\nmeta command collscope record \\\\ --backend mpi\\nsecond line\n"
         "extra mode \"schedule\"\nmachine 10.5 8\nrun allreduce ring 1024 float32\n"
         "phase 1 reduce-scatter\nphase 2 all-gather\n" +
         body + end;
}

Result<ImportResult> Import(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> paths;
  for (const auto& [name, text] : files) {
    paths.push_back(TempPath(name));
    WriteFile(paths.back(), text);
  }
  return ImportFiles(paths, "auto");
}

// Measured iteration 0 whole on both ranks; rank 1 died after step 1 of
// measured iteration 1, rank 0 waits in step 2 of it.
const std::string kRank0Body =
    "s 0 1 0 1 1 1 0 512 100 200\ns 0 2 0 1 1 0 0 512 200 300\ni 0 100 300\n";
const std::string kRank1Body =
    "s 0 1 1 0 0 0 0 512 110 210\ns 0 2 1 0 0 1 0 512 210 320\ni 0 110 320\n";

TEST(RankPartialImporter, NamesTheRankThatStoppedFirstAndWhere) {
  auto merged = Import({
      {"p.json.rank0.partial",
       RankText(0, "iteration=0000000002 step=0000000002 done=0 beat_ns=0000000000000009000",
                kRank0Body, "")},
      {"p.json.rank1.partial",
       RankText(1, "iteration=0000000002 step=0000000001 done=1 beat_ns=0000000000000005000",
                kRank1Body, "")},
  });
  ASSERT_TRUE(merged.ok()) << merged.error();
  const Trace& trace = merged->trace;
  EXPECT_FALSE(trace.complete);
  ASSERT_NE(trace.meta.ExtraJson("incomplete_reason"), nullptr);
  EXPECT_EQ(*trace.meta.ExtraJson("incomplete_reason"),
            "\"rank 1 stopped first, after step 1 of measured iteration 1\"");
  EXPECT_EQ(*trace.meta.ExtraJson("stopped_rank"), "1");
  EXPECT_EQ(trace.meta.source, "mpi");
  EXPECT_EQ(trace.meta.command, "collscope record \\ --backend mpi\nsecond line");
  EXPECT_EQ(*trace.meta.ExtraJson("mode"), "\"schedule\"");
  ASSERT_TRUE(trace.meta.machine.has_value());
  EXPECT_DOUBLE_EQ(trace.meta.machine->memcpy_gbps, 10.5);
  ASSERT_EQ(trace.ranks.size(), 2u);
  EXPECT_EQ(trace.ranks[1].host, "node1");
  ASSERT_EQ(trace.runs.size(), 1u);
  const trace::Run& run = trace.runs[0];
  EXPECT_EQ(run.collective, "allreduce");
  EXPECT_EQ(run.bytes, 1024);
  // From the first rank's start (100 ns) to the last rank's end (320 ns).
  EXPECT_EQ(run.t_start_ns, 0);
  EXPECT_EQ(run.t_end_ns, 220);
  ASSERT_EQ(run.steps.size(), 4u);
  EXPECT_EQ(run.steps[1].step, 1);
  EXPECT_EQ(run.steps[1].rank, 1);
  EXPECT_EQ(run.steps[1].t_start_ns, 10);
  EXPECT_EQ(trace.PhaseName(run.steps[3].phase), "all-gather");
}

TEST(RankPartialImporter, SameStepGoesToTheOldestSignOfLife) {
  // Both in step 2; rank 0's heart stopped first (rank 1 kept waiting).
  auto merged = Import({
      {"q.json.rank0.partial",
       RankText(0, "iteration=0000000001 step=0000000002 done=0 beat_ns=0000000000000001000",
                kRank0Body, "")},
      {"q.json.rank1.partial",
       RankText(1, "iteration=0000000001 step=0000000002 done=0 beat_ns=0000000000000002000",
                kRank1Body, "")},
  });
  ASSERT_TRUE(merged.ok()) << merged.error();
  EXPECT_EQ(*merged->trace.meta.ExtraJson("incomplete_reason"),
            "\"rank 0 stopped first, in step 2 of measured iteration 0\"");
}

TEST(RankPartialImporter, RanksThatAllEndedMakeACompleteTrace) {
  const char* progress = "iteration=0000000001 step=0000000002 done=1 beat_ns=0000000000000001000";
  auto merged = Import({
      {"c.json.rank0", RankText(0, progress, kRank0Body, "end complete\n")},
      {"c.json.rank1", RankText(1, progress, kRank1Body, "end complete\n")},
  });
  ASSERT_TRUE(merged.ok()) << merged.error();
  EXPECT_TRUE(merged->trace.complete);
  EXPECT_TRUE(merged->warnings.empty());
}

TEST(RankPartialImporter, AMissingRankIsNamed) {
  const char* progress = "iteration=0000000001 step=0000000002 done=1 beat_ns=0000000000000001000";
  auto merged = Import({{"m.json.rank0", RankText(0, progress, kRank0Body, "end complete\n")}});
  ASSERT_TRUE(merged.ok()) << merged.error();
  EXPECT_FALSE(merged->trace.complete);
  EXPECT_EQ(*merged->trace.meta.ExtraJson("incomplete_reason"), "\"no file from rank 1\"");
}

TEST(RankPartialImporter, BadInputIsOneLineNamingFileAndLine) {
  const char* progress = "iteration=0000000001 step=0000000002 done=1 beat_ns=0000000000000001000";
  auto bad = Import({{"b.json.rank0", RankText(0, progress, "s 0 1 2\n", "")}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("b.json.rank0:15: a step event needs 10 integers"), std::string::npos)
      << bad.error();
  auto twice = Import({{"d.json.rank0", RankText(0, progress, "", "")},
                       {"d2.json.rank0", RankText(0, progress, "", "")}});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().find("a second file of rank 0"), std::string::npos) << twice.error();
  EXPECT_EQ(twice.error().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace collscope::trace
