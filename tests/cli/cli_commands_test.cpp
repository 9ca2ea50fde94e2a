// The command line of docs/engine.md: JSON shapes, the text table, exit codes.
#include <gtest/gtest.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "tests/cli/run_binary.h"

namespace collscope {
namespace {

using nlohmann::json;
using testing::RunCollscope;

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ShowCommand, TextTableMarksTheLecturesFirstIterationCells) {
  auto run = RunCollscope("show -c allreduce -p 5 --step 1");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("GPU 1  [a1+a0]  b1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("[e0+e4]"), std::string::npos);
  EXPECT_NE(run.out.find("GPU 0 -> GPU 1  a0  (added)"), std::string::npos);
  EXPECT_NE(run.out.find("step 1 of 8 (reduce-scatter)"), std::string::npos);
}

TEST(ShowCommand, JsonHasTheShapeOfTheDesign) {
  auto run = RunCollscope("show -c allreduce -p 5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["collective"], "allreduce");
  EXPECT_EQ(doc["algorithm"], "ring");
  EXPECT_EQ(doc["ranks"], 5);
  EXPECT_EQ(doc["slots"], 5);
  ASSERT_EQ(doc["steps"].size(), 9u);
  EXPECT_EQ(doc["steps"][0]["phase"], "initial");
  EXPECT_TRUE(doc["steps"][0]["transfers"].empty());
  EXPECT_EQ(doc["steps"][0]["buffers"][0][0]["terms"], json::parse("[[0,0]]"));
  EXPECT_EQ(doc["steps"][0]["buffers"][0][0]["label"], "a0");
  const json& step1 = doc["steps"][1];
  EXPECT_EQ(step1["index"], 1);
  EXPECT_EQ(step1["phase"], "reduce-scatter");
  const json& first = step1["transfers"][0];
  EXPECT_EQ(first["src"], 0);
  EXPECT_EQ(first["dst"], 1);
  EXPECT_EQ(first["slot"], 0);
  EXPECT_EQ(first["op"], "reduce");
  EXPECT_EQ(first["bytes"], 0);
  const json& cell = step1["buffers"][1][0];
  EXPECT_EQ(cell["terms"], json::parse("[[1,0],[0,0]]"));
  EXPECT_EQ(cell["label"], "a1+a0");
  EXPECT_EQ(cell["changed"], true);
  EXPECT_EQ(step1["buffers"][0][4]["label"], "e0+e4");
  EXPECT_EQ(step1["buffers"][0][0]["changed"], false);
  EXPECT_EQ(doc["steps"][8]["phase"], "all-gather");
}

TEST(ShowCommand, StepOptionPrintsOnlyThatStepWithBytes) {
  auto run = RunCollscope("show -c all-gather -p 4 --step 2 -n 4MiB --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  ASSERT_EQ(doc["steps"].size(), 1u);
  EXPECT_EQ(doc["steps"][0]["index"], 2);
  EXPECT_EQ(doc["steps"][0]["transfers"][0]["bytes"], 1048576);
  // NCCL's all-gather: slot i holds rank i's block, "[[i,0]]" once filled.
  EXPECT_EQ(doc["steps"][0]["buffers"][2][2]["terms"], json::parse("[[2,0]]"));
}

TEST(CostCommand, JsonTotalsEqualTheLectureTable) {
  auto run = RunCollscope("cost -c allreduce -p 8 -n 800 --preset unit --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["latency_s"], 14.0);
  EXPECT_EQ(doc["bandwidth_s"], 1400.0);
  EXPECT_EQ(doc["compute_s"], 700.0);
  EXPECT_EQ(doc["total_s"], 2114.0);
  EXPECT_EQ(doc["closed_form"]["total_s"], 2114.0);
  EXPECT_EQ(doc["steps"].size(), 14u);
  EXPECT_EQ(doc["steps"][0]["index"], 1);
  for (const char* key : {"collective", "algorithm", "ranks", "bytes", "alpha", "beta", "gamma"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
}

TEST(CostCommand, CustomModelAndHugeRankCounts) {
  auto run = RunCollscope("cost -c allreduce -p 24576 -n 64M --alpha 1e-6 --beta 1e-10 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_NEAR(doc["latency_s"].get<double>(), 2 * 24575 * 1e-6, 1e-12);
  EXPECT_EQ(doc["gamma"], 0.0);
  auto million = RunCollscope("cost -c allreduce -a double-binary-tree -p 1000000 -n 64M");
  EXPECT_EQ(million.exit_code, 0) << million.err;
}

TEST(VerifyCommand, ExitsZeroForCorrectSchedules) {
  auto run = RunCollscope("verify -c broadcast -a binomial -p 7 --root 3");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "ok: broadcast by binomial on 7 ranks, root 3 (3 steps) ends as the definition says\n");
}

TEST(ListCommand, JsonListsEveryCollectiveAlgorithmAndPreset) {
  auto run = RunCollscope("list --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["collectives"].size(), 8u);
  EXPECT_GE(doc["algorithms"].size(), 10u);
  for (const json& a : doc["algorithms"]) {
    EXPECT_FALSE(a["collectives"].empty());
    EXPECT_TRUE(a["needs_power_of_two"].is_boolean());
  }
  for (const json& p : doc["presets"]) EXPECT_FALSE(p["source"].get<std::string>().empty());
  EXPECT_TRUE(doc["lessons"].is_array());
}

struct BadInput {
  const char* args;
  const char* message;  // must appear in the one line on stderr
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, OneLineOnStderrExitCodeTwoNoOutput) {
  auto run = RunCollscope(GetParam().args);
  EXPECT_EQ(run.exit_code, 2) << GetParam().args;
  EXPECT_EQ(run.out, "") << GetParam().args;
  EXPECT_EQ(CountLines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find(GetParam().message), std::string::npos) << run.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, BadInputTest,
    ::testing::Values(
        BadInput{"show -c allreducex -p 5", "--collective: unknown collective 'allreducex'"},
        BadInput{"show -c allreduce -a spiral -p 5", "--algorithm: unknown algorithm 'spiral'"},
        BadInput{"show -c scatter -a ring -p 5", "'ring' does not implement scatter"},
        BadInput{"show -c allreduce -p 0", "--ranks must be between 1 and"},
        BadInput{"show -c allreduce -p five", "--ranks needs a whole number, got 'five'"},
        BadInput{"show -c allreduce -p 5 --step 9", "--step must be between 0 and 8, got '9'"},
        BadInput{"show -c allreduce -p 5 --step -1", "--step must be between 0 and 8"},
        BadInput{"show -c allreduce", "--ranks is required"},
        BadInput{"show -p 4", "--collective is required"},
        BadInput{"show -c allreduce -p 4 --root 1", "--root: allreduce has no root"},
        BadInput{"show -c reduce -p 4 --root 4", "--root must be between 0 and 3"},
        BadInput{"cost -c allreduce -p 4 -n 12Q", "--bytes needs a byte size"},
        BadInput{"cost -c allreduce -p 4 -n -5", "--bytes needs a byte size"},
        BadInput{"cost -c allreduce -p 4", "--bytes is required"},
        BadInput{"cost -c allreduce -p 4 -n 1M --preset unit --alpha 1", "contradicts"},
        BadInput{"cost -c allreduce -p 4 -n 1M --preset moon", "unknown preset 'moon'"},
        BadInput{"cost -c allreduce -p 4 -n 1M --beta nan", "--beta needs a non-negative number"},
        BadInput{"verify -c allreduce -p 65536", "over the 2 GiB limit"},
        BadInput{"show -c allreduce -p 4 --frobnicate", "unknown flag '--frobnicate'"},
        BadInput{"show -c allreduce -p 4 -p 5", "--ranks given twice"},
        BadInput{"list extra", "unexpected argument 'extra'"},
        BadInput{"teleport", "unknown command 'teleport'"}),
    [](const ::testing::TestParamInfo<BadInput>& info) {
      std::string name;
      for (const char* c = info.param.args; *c; ++c) name += std::isalnum(*c) ? *c : '_';
      return name + "_" + std::to_string(info.index);
    });

TEST(Help, EveryCommandPrintsUsage) {
  for (const char* command : {"show", "cost", "verify", "list"}) {
    auto run = RunCollscope(std::string(command) + " --help");
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_EQ(run.out.rfind("usage: collscope " + std::string(command), 0), 0u) << run.out;
  }
  auto top = RunCollscope("--help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("verify"), std::string::npos);
}

}  // namespace
}  // namespace collscope
