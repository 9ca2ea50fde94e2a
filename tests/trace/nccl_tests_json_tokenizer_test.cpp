// The nccl-tests -J JSON tokenizer (trace/importers/nccl_tests_json/
// tokenizer.*) on its own. Documents as nccl-tests src/util.cu writes them
// (JSON_FILE_VERSION 3): version, args, env, nccl_version, config with
// devices, results (out_of_place / in_place halves, -I per-iteration times,
// the root as a "%6i" string), then the footer.
#include <gtest/gtest.h>

#include <string>

#include "trace/importers/nccl_tests_json/tokenizer.h"

namespace collscope::trace {
namespace {

Result<NcclTestsJsonFile> Tokenize(const std::string& text) {
  Result<SourceFile> file = SourceFromBytes("run.json", text);
  EXPECT_TRUE(file.ok());
  return TokenizeNcclTestsJson(*file);
}

const char kHead[] =
    R"({"version":3,"start_time":"2026-11-20 14:03:11","args":["all_reduce_perf","-b","1M"],)"
    R"("env":["NCCL_DEBUG=WARN"],"nccl_version":22809,"config":{"nthreads":1,"ngpus":1,)"
    R"("iterations":10,"devices":[{"rank":0,"group":0,"pid":41001,"hostname":"node-a01",)"
    R"("device":0,"device_hex":"0000:19:00","device_info":"NVIDIA H100 80GB HBM3"}]},)";
const char kResult[] =
    R"({"size":1048576,"count":262144,"type":"float","redop":"sum","root":"    -1",)"
    R"("out_of_place":{"time":49.16,"alg_bw":21.33,"bus_bw":37.33,"nwrong":0.000000},)"
    R"("out_of_place_per_iter":{"min_us":49.5,"max_us":50.7,"avg_us":49.9,"p50_us":49.8,)"
    R"("p95_us":50.7,"p99_us":50.7,"stdev_us":0.28,"cv_pct":0.55,"times_us":[50.7,49.5],)"
    R"("per_process_max_times_us":[[50.1,49.2],[48.0,51.0]]},)"
    R"("in_place":{"time":48.9,"alg_bw":21.4,"bus_bw":37.5,"nwrong":null},)"
    R"("actual_iterations":10})";

TEST(NcclTestsJsonTokenizer, AWholeRunGivesItsConfigResultsAndFooter) {
  const std::string text = std::string(kHead) + R"("results":[)" + kResult +
                           R"(],"out_of_bounds":{"count":0,"okay":"true"},)"
                           R"("average_bus_bandwidth":{"bandwidth":37.41,"okay":"true"},)"
                           R"("end_time":"2026-11-20 14:03:15"})";
  Result<NcclTestsJsonFile> file = Tokenize(text);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ(file->version, 3);
  EXPECT_EQ(file->nccl_version, 22809);
  EXPECT_EQ(file->args.size(), 3u);
  EXPECT_EQ(file->env.front(), "NCCL_DEBUG=WARN");
  EXPECT_EQ(file->iterations, 10);
  ASSERT_EQ(file->devices.size(), 1u);
  EXPECT_EQ(file->devices[0].hostname, "node-a01");
  EXPECT_EQ(file->devices[0].device_info, "NVIDIA H100 80GB HBM3");
  ASSERT_EQ(file->results.size(), 1u);
  const NcclTestsJsonResult& result = file->results[0];
  EXPECT_EQ(result.size, 1048576);
  EXPECT_EQ(result.count, 262144);
  EXPECT_EQ(result.type, "float");
  EXPECT_EQ(result.redop, "sum");
  EXPECT_EQ(result.root, -1);  // "    -1"
  ASSERT_TRUE(result.out_of_place.has_value());
  EXPECT_DOUBLE_EQ(result.out_of_place->time_us, 49.16);
  EXPECT_DOUBLE_EQ(result.out_of_place->busbw_gbps, 37.33);
  EXPECT_EQ(result.out_of_place->wrong, 0.0);
  ASSERT_TRUE(result.in_place.has_value());
  EXPECT_FALSE(result.in_place->wrong.has_value());  // null: checking was off
  ASSERT_TRUE(result.out_of_place_per_iter.has_value());
  EXPECT_DOUBLE_EQ(result.out_of_place_per_iter->p95_us, 50.7);
  EXPECT_EQ(result.out_of_place_per_iter->times_us.size(), 2u);
  // Each process's slowest iteration.
  EXPECT_EQ(result.out_of_place_per_iter->per_process_max_us, (std::vector<double>{50.1, 51.0}));
  EXPECT_EQ(result.actual_iterations, 10);
  EXPECT_TRUE(file->has_footer || file->avg_busbw_gbps.has_value());
  ASSERT_TRUE(file->avg_busbw_gbps.has_value());
  EXPECT_DOUBLE_EQ(*file->avg_busbw_gbps, 37.41);
  EXPECT_EQ(file->out_of_bounds_okay, "true");
  EXPECT_FALSE(file->cut_short.has_value());
}

TEST(NcclTestsJsonTokenizer, ARunKilledWhileWritingKeepsTheResultsBefore) {
  // The process died in the middle of its second result.
  const std::string text = std::string(kHead) + R"("results":[)" + kResult + R"(,{"size":2097)";
  Result<NcclTestsJsonFile> file = Tokenize(text);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ(file->results.size(), 1u);
  ASSERT_TRUE(file->cut_short.has_value());
  EXPECT_EQ(file->cut_short->rfind("run.json:1:", 0), 0u) << *file->cut_short;
}

TEST(NcclTestsJsonTokenizer, NanIsReadAsZeroWithANote) {
  std::string result = kResult;
  result.replace(result.find("\"bus_bw\":37.33"), 14, "\"bus_bw\":\"nan\"");
  Result<NcclTestsJsonFile> file = Tokenize(std::string(kHead) + R"("results":[)" + result + "]}");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ(file->results.at(0).out_of_place->busbw_gbps, 0);
  ASSERT_FALSE(file->notes.empty());
  EXPECT_NE(file->notes[0].find("\"nan\""), std::string::npos) << file->notes[0];
}

TEST(NcclTestsJsonTokenizer, ARootThatIsNoRankIsAnError) {
  std::string result = kResult;
  result.replace(result.find("\"    -1\""), 8, "\"  root\"");
  Result<NcclTestsJsonFile> file = Tokenize(std::string(kHead) + R"("results":[)" + result + "]}");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().find("not a rank"), std::string::npos) << file.error();
}

}  // namespace
}  // namespace collscope::trace
