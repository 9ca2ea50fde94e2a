// collscope explain: NCCL's table, pick and crossovers for one call.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/run_binary.h"

namespace collscope {
namespace {

using nlohmann::json;
using testing::RunCollscope;

TEST(ExplainCommand, JsonListsEveryPairThePickAndTheCrossovers) {
  auto run = RunCollscope("explain -c allreduce -n 1GiB --machine hgx-h100 -p 4 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["collective"], "allreduce");
  EXPECT_EQ(doc["bytes"], 1073741824.0);
  EXPECT_EQ(doc["machine"]["ranks"], 4);
  EXPECT_EQ(doc["table"].size(), 21u);  // 7 algorithms x 3 protocols
  // NCCL 2.29.2 printed Ring/Simple 28.8/240.0 for this machine (realdata g4 log).
  bool found = false;
  for (const json& entry : doc["table"]) {
    if (entry["algorithm"] == "ring" && entry["protocol"] == "SIMPLE") {
      found = true;
      EXPECT_NEAR(entry["latency_us"].get<double>(), 28.8, 1e-9);
      EXPECT_NEAR(entry["bandwidth_gbps"].get<double>(), 240.0, 1e-9);
      EXPECT_TRUE(entry["available"].get<bool>());
    }
    if (!entry["available"].get<bool>()) {
      EXPECT_FALSE(entry.contains("time_s"));
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(doc["pick"]["algorithm"], "ring");
  EXPECT_EQ(doc["pick"]["protocol"], "SIMPLE");
  EXPECT_EQ(doc["pick"]["channels"], 24);
  ASSERT_FALSE(doc["crossovers"].empty());
  double last = 0;
  for (const json& x : doc["crossovers"]) {
    EXPECT_GT(x["bytes"].get<double>(), last);
    last = x["bytes"].get<double>();
    EXPECT_NE(x["from"], x["to"]);
  }
  EXPECT_EQ(doc["crossovers"].back()["to"]["protocol"], "SIMPLE");
}

TEST(ExplainCommand, TextShowsTheTableAndThePick) {
  auto run = RunCollscope("explain -c allreduce -n 64MiB --machine hgx-h100");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("nvls            SIMPLE"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("pick: nvls/SIMPLE on 16 channels"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("the pick changes at"), std::string::npos);
}

TEST(ExplainCommand, AllToAllIsPricedAsGroupedSends) {
  auto run = RunCollscope("explain -c all-to-all -n 1GiB --machine delta-a100x8:2 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["pick"]["algorithm"], "p2p");
  EXPECT_TRUE(doc["table"].empty());
  EXPECT_TRUE(doc["crossovers"].empty());
  EXPECT_EQ(doc["machine"]["nodes"], 2);
}

TEST(ExplainCommand, OlderReleasesUseTheirOwnTable) {
  auto run = RunCollscope("explain -c allreduce -n 1MiB --machine hgx-h100 --nccl 2.19 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_NE(doc["nccl_tuning"].get<std::string>().find("v2.20.3"), std::string::npos);
}

TEST(ExplainCommand, BadInputIsOneLineAndExitTwo) {
  for (const char* args :
       {"explain -c allreduce -n 1G", "explain -c allreduce -n 1G --machine nowhere",
        "explain -c allreduce -n 1G --machine hgx-h100 --trace x.json",
        "explain -c broadcastish -n 1G --machine hgx-h100",
        "explain -c allreduce --machine hgx-h100",
        "explain -c allreduce -n lots --machine hgx-h100",
        "explain -c allreduce -n 1G --machine delta-a100x4 -p 6",
        "explain -c allreduce -n 1G --machine hgx-h100 --nccl 3.0",
        "explain -c allreduce -n 1G --trace /nonexistent/trace.json"}) {
    auto run = RunCollscope(args);
    EXPECT_EQ(run.exit_code, 2) << args;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << args << ": " << run.err;
    EXPECT_TRUE(run.out.empty()) << args;
  }
}

TEST(ExplainCommand, HelpDescribesTheFlags) {
  auto run = RunCollscope("explain --help");
  ASSERT_EQ(run.exit_code, 0);
  for (const char* flag : {"--machine", "--trace", "--bytes", "--ranks", "--nccl", "--json"}) {
    EXPECT_NE(run.out.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace collscope
