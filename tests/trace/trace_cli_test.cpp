// The import / export / stats commands, run as the user runs them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/run_binary.h"
#include "tests/trace/test_util.h"

namespace collscope::trace {
namespace {

using collscope::testing::RunCollscope;
using testing::DataPath;
using testing::FileExists;
using testing::TempPath;

std::size_t Lines(const std::string& text) {
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

TEST(TraceCli, ImportWritesATraceTheReaderAccepts) {
  const std::string out = TempPath("import.json");
  auto run = RunCollscope("import " + DataPath("nccl_tests_new_allreduce_8gpu.txt") + " -o " + out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("16 measurements"), std::string::npos) << run.out;
  auto stats = RunCollscope("stats " + out + " --json");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const nlohmann::json doc = nlohmann::json::parse(stats.out);
  EXPECT_EQ(doc["sizes"].size(), 8u);
}

TEST(TraceCli, ImportMergesKinetoRankFilesIntoGzip) {
  const std::string out = TempPath("kineto.json.gz");
  auto run = RunCollscope("import " + DataPath("kineto_rank0.json") + " " +
                          DataPath("kineto_rank1.json") + " --format kineto -o " + out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("2 ranks, 6 runs"), std::string::npos) << run.out;
  auto exported = RunCollscope("export " + out + " --chrome " + TempPath("k.chrome.json"));
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
}

TEST(TraceCli, ImportReportsWarningsOnStderr) {
  auto run = RunCollscope("import " + DataPath("nccl_tests_busbw_mismatch.txt") + " -o " +
                          TempPath("mismatch.json"));
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_NE(run.err.find("warning:"), std::string::npos);
  EXPECT_NE(run.err.find("disagrees"), std::string::npos);
}

TEST(TraceCli, BadInputIsOneLineExitTwoAndNoOutputFile) {
  const std::string out = TempPath("never.json");
  const std::string truncated = DataPath("nccl_tests_truncated.txt");
  auto run = RunCollscope("import " + truncated + " -o " + out);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(Lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find(truncated + ":23:"), std::string::npos) << run.err;
  EXPECT_FALSE(FileExists(out));

  const std::string empty = TempPath("empty.log");
  testing::WriteFile(empty, "");
  run = RunCollscope("import " + empty + " -o " + out);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(Lines(run.err), 1u) << run.err;
  EXPECT_FALSE(FileExists(out));

  const std::string v2 = TempPath("v2.json");
  testing::WriteFile(v2, R"({"format":"collscope-trace","version":2})");
  const std::string chrome = TempPath("never.chrome.json");
  run = RunCollscope("export " + v2 + " --chrome " + chrome);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(Lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("unknown major version 2"), std::string::npos) << run.err;
  EXPECT_FALSE(FileExists(chrome));

  run = RunCollscope("stats " + TempPath("missing.json"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(Lines(run.err), 1u) << run.err;
}

TEST(TraceCli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCollscope("import " + DataPath("small_ring_allreduce.json")).exit_code, 2);
  EXPECT_EQ(RunCollscope("import -o " + TempPath("x.json")).exit_code, 2);
  EXPECT_EQ(RunCollscope("import " + DataPath("small_ring_allreduce.json") + " --format csv -o " +
                         TempPath("x.json"))
                .exit_code,
            2);
  EXPECT_EQ(RunCollscope("export " + DataPath("small_ring_allreduce.json")).exit_code, 2);
  EXPECT_EQ(RunCollscope("stats").exit_code, 2);
  EXPECT_EQ(RunCollscope("stats a.json b.json").exit_code, 2);
}

TEST(TraceCli, StatsPrintsStragglerTable) {
  auto run = RunCollscope("stats " + DataPath("small_ring_allreduce.json"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("per step"), std::string::npos);
  EXPECT_NE(run.out.find("rank 2"), std::string::npos);
  EXPECT_NE(run.out.find("fit"), std::string::npos);
}

TEST(TraceCli, ExportWritesChromeJson) {
  const std::string out = TempPath("ring.chrome.json");
  auto run = RunCollscope("export " + DataPath("small_ring_allreduce.json") + " --chrome " + out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("24 flows"), std::string::npos) << run.out;
  const nlohmann::json doc = nlohmann::json::parse(testing::ReadFile(out));
  EXPECT_TRUE(doc["traceEvents"].is_array());
}

}  // namespace
}  // namespace collscope::trace
