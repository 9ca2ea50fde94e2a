// nccl-tests -J JSON (nccl-tests >= 2.19). The fixtures are the bytes
// NVIDIA/nccl-tests src/util.cu writes, as src/common.cu calls it:
// JSON_FILE_VERSION 3 (the stored copy with per_iter_skip /
// skipped_iterations; version 2 is commit 0fdb00a3, version 1 commit
// cfa8a967), replayed call for call by tests/trace/make_format_fixtures.py
// (key order, "%lf" doubles, '/' escaped, booleans as "true"/"false" strings,
// root as a "%6i" string, NaN as "nan"). The expected numbers below were read
// from the fixture text, not from the importer.
#include <gtest/gtest.h>

#include "tests/cli/run_binary.h"
#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"

namespace collscope::trace {
namespace {

using collscope::testing::RunCollscope;
using namespace testing;  // tests/trace/test_util.h

constexpr const char* kFull = "nccl_tests_json_v3_allreduce_8ranks.json";

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(NcclTestsJsonImporter, ReadsVersion3WithPerIterationTiming) {
  ImportResult result = ImportData({kFull}, "auto");
  const Trace& trace = result.trace;
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
  EXPECT_EQ(trace.meta.source, "nccl-tests");
  EXPECT_EQ(trace.meta.nccl_version, "2.28.9");  // "nccl_version":22809
  EXPECT_EQ(trace.meta.gpu, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(trace.meta.host, "node-a01,node-a02");
  EXPECT_EQ(*trace.meta.ExtraJson("nodes"), "2");
  EXPECT_EQ(*trace.meta.ExtraJson("avg_busbw_gbps"), "68.037401");
  // argv with the writer's "\/" escapes undone.
  EXPECT_EQ(trace.meta.command.rfind("/opt/nccl-tests/build/all_reduce_perf -b 1M -e 64M", 0), 0u)
      << trace.meta.command;
  ASSERT_NE(trace.meta.ExtraJson("nccl_env"), nullptr);
  EXPECT_NE(trace.meta.ExtraJson("nccl_env")->find("\"NCCL_IB_HCA\":\"mlx5_0,mlx5_1\""),
            std::string::npos);

  // 8 processes on two hosts, one device entry each.
  ASSERT_EQ(trace.ranks.size(), 8u);
  EXPECT_EQ(trace.ranks[5].rank, 5);
  EXPECT_EQ(trace.ranks[5].host, "node-a02");
  EXPECT_EQ(trace.ranks[5].device, 1);

  ASSERT_EQ(trace.sections.size(), 1u);
  const TestSection& section = trace.sections[0];
  EXPECT_EQ(section.test, "all_reduce_perf");
  EXPECT_EQ(section.collective, "allreduce");
  EXPECT_EQ(section.ranks, 8);
  EXPECT_EQ(section.rows, 4);
  EXPECT_TRUE(section.complete);

  // 4 sizes x (out-of-place, in-place).
  ASSERT_EQ(trace.measurements.size(), 8u);
  const Measurement& first = trace.measurements[0];
  EXPECT_EQ(first.collective, "allreduce");
  EXPECT_EQ(first.bytes, 1048576);
  EXPECT_EQ(first.count, 262144);
  EXPECT_EQ(first.dtype, "float32");
  EXPECT_EQ(first.redop, "sum");
  EXPECT_EQ(first.root, -1);  // "root":"    -1"
  EXPECT_EQ(first.ranks, 8);
  EXPECT_EQ(first.section, 0);
  EXPECT_FALSE(first.in_place);
  EXPECT_DOUBLE_EQ(first.time_us, 49.161675);
  EXPECT_DOUBLE_EQ(first.algbw_gbps, 21.329135);
  EXPECT_DOUBLE_EQ(first.busbw_gbps, 37.325986);  // 21.329135 x 2*7/8 = 37.3259863
  ASSERT_TRUE(first.wrong.has_value());
  EXPECT_EQ(*first.wrong, 0);
  ASSERT_TRUE(first.per_iteration.has_value());
  const IterationTimes& iter = *first.per_iteration;
  EXPECT_DOUBLE_EQ(iter.min_us, 49.567792);
  EXPECT_DOUBLE_EQ(iter.max_us, 50.669948);
  EXPECT_DOUBLE_EQ(iter.avg_us, 49.880942);
  // computeIterStats: p50 = sorted[10/2], the 6th smallest of times_us.
  EXPECT_DOUBLE_EQ(iter.p50_us, 49.834777);
  EXPECT_DOUBLE_EQ(iter.p95_us, 50.669948);
  EXPECT_DOUBLE_EQ(iter.p99_us, 50.669948);
  EXPECT_DOUBLE_EQ(iter.stdev_us, 0.275930);
  EXPECT_DOUBLE_EQ(iter.cv_pct, 0.553178);
  ASSERT_EQ(iter.times_us.size(), 10u);
  EXPECT_DOUBLE_EQ(iter.times_us[0], 50.669948);
  EXPECT_DOUBLE_EQ(iter.times_us[9], 49.853918);
  // One slowest iteration per process row of per_process_max_times_us.
  ASSERT_EQ(iter.per_process_max_us.size(), 8u);
  EXPECT_DOUBLE_EQ(iter.per_process_max_us[0], 50.053278);
  EXPECT_DOUBLE_EQ(iter.per_process_max_us[3], 50.669948);

  const Measurement& in_place = trace.measurements[1];
  EXPECT_TRUE(in_place.in_place);
  EXPECT_EQ(in_place.bytes, 1048576);
  EXPECT_DOUBLE_EQ(in_place.time_us, 48.560794);
  ASSERT_TRUE(in_place.per_iteration.has_value());

  // 16 MiB out-of-place: process 5 had one slow iteration (590 us against
  // ~360): the straggler shows in its row and in max_us.
  const Measurement& straggler = trace.measurements[4];
  EXPECT_EQ(straggler.bytes, 16777216);
  EXPECT_FALSE(straggler.in_place);
  ASSERT_TRUE(straggler.per_iteration.has_value());
  EXPECT_DOUBLE_EQ(straggler.per_iteration->max_us, 590.336859);
  EXPECT_DOUBLE_EQ(straggler.per_iteration->per_process_max_us[5], 590.336859);
  EXPECT_DOUBLE_EQ(straggler.per_iteration->per_process_max_us[4], 369.695088);
  EXPECT_DOUBLE_EQ(straggler.per_iteration->cv_pct, 17.475984);
}

TEST(NcclTestsJsonImporter, Version1SingleProcessListsOneDeviceForFourRanks) {
  // -g 4 in one process: writeDeviceReport keeps only its first "#  Rank"
  // line, so config.devices has one entry; the ranks are numbered as
  // common.cu numbers them (rank i on device i).
  ImportResult result = ImportData({"nccl_tests_json_v1_allgather_1proc.json"}, "auto");
  const Trace& trace = result.trace;
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
  ASSERT_EQ(trace.ranks.size(), 4u);
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(trace.ranks[r].rank, r);
    EXPECT_EQ(trace.ranks[r].device, r);
    EXPECT_EQ(trace.ranks[r].host, "ws-l40s");
  }
  EXPECT_EQ(trace.meta.nccl_version, "2.27.3");
  EXPECT_EQ(trace.meta.gpu, "NVIDIA L40S");
  ASSERT_EQ(trace.sections.size(), 1u);
  EXPECT_EQ(trace.sections[0].test, "all_gather_perf");
  EXPECT_EQ(trace.sections[0].collective, "allgather");
  EXPECT_EQ(trace.sections[0].ranks, 4);
  EXPECT_EQ(trace.sections[0].rows, 6);
  ASSERT_EQ(trace.measurements.size(), 12u);
  // -b 8 with 4 ranks: 8 / 4 bytes / 4 ranks = 0 elements each.
  EXPECT_EQ(trace.measurements[0].bytes, 0);
  EXPECT_EQ(trace.measurements[0].count, 0);
  EXPECT_EQ(trace.measurements[0].redop, "none");
  const Measurement& last = trace.measurements[11];
  EXPECT_EQ(last.bytes, 262144);
  EXPECT_EQ(last.count, 16384);
  EXPECT_TRUE(last.in_place);
  EXPECT_DOUBLE_EQ(last.busbw_gbps, 16.795874);  // 22.394498 x 3/4
  EXPECT_FALSE(last.per_iteration.has_value());
}

TEST(NcclTestsJsonImporter, KilledRunKeepsTheWholeResultsBeforeTheCut) {
  // The same run, killed: stdio had flushed two 4 KiB buffers, so the file
  // stops at byte 8192, inside the third result.
  ImportResult result = ImportData({"nccl_tests_json_v3_killed.json"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.measurements.size(), 4u);
  EXPECT_EQ(trace.measurements[3].bytes, 4194304);
  ASSERT_EQ(trace.sections.size(), 1u);
  EXPECT_FALSE(trace.sections[0].complete);
  EXPECT_EQ(trace.sections[0].rows, 2);
  ASSERT_EQ(result.warnings.size(), 1u);
  const std::string& warning = result.warnings[0];
  EXPECT_NE(warning.find("nccl_tests_json_v3_killed.json:1:8193 (byte 8192)"), std::string::npos)
      << warning;
  EXPECT_NE(warning.find("kept the 2 whole results"), std::string::npos) << warning;
}

TEST(NcclTestsJsonImporter, RunStoppedByAnErrorIsClosedByTheWriterAndMarkedIncomplete) {
  // An NCCL error in the 16 MiB in-place call: run() returns before the
  // footer and jsonOutputFinalize (v2+) closes the open record, list and
  // document, without end_time.
  ImportResult result = ImportData({"nccl_tests_json_v3_nccl_error.json"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.measurements.size(), 5u);
  EXPECT_EQ(trace.measurements[4].bytes, 16777216);
  EXPECT_FALSE(trace.measurements[4].in_place);
  EXPECT_FALSE(trace.sections[0].complete);
  EXPECT_EQ(trace.sections[0].rows, 3);
  EXPECT_EQ(trace.meta.ExtraJson("end_time"), nullptr);
  ASSERT_TRUE(WarningsContain(result.warnings, {"16777216 bytes ends after its out-of-place half",
                                                "test marked incomplete"}));
}

TEST(NcclTestsJsonImporter, NanStringReadsAsZeroWithAWarningNamingThePlace) {
  // util.cu jsonDouble writes NaN as "nan"; put that form in one value.
  const std::string text =
      Replaced(ReadFile(DataPath(kFull)), "\"bus_bw\":37.325986", "\"bus_bw\":\"nan\"");
  Result<ImportResult> result = ImportText("nan.json", text, "nccl-tests-json");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.measurements[0].busbw_gbps, 0);
  ASSERT_EQ(result->warnings.size(), 3u);
  EXPECT_NE(result->warnings[0].find("out_of_place.bus_bw is \"nan\""), std::string::npos)
      << result->warnings[0];
  EXPECT_NE(result->warnings[0].find("nan.json:1:" + std::to_string(text.find("\"nan\"") + 1)),
            std::string::npos)
      << result->warnings[0];
  // The value no longer matches alg_bw x 1.75, nor the average.
  EXPECT_NE(result->warnings[1].find("disagrees with alg_bw"), std::string::npos);
  EXPECT_NE(result->warnings[2].find("average_bus_bandwidth 68.037401 disagrees"),
            std::string::npos)
      << result->warnings[2];
}

TEST(NcclTestsJsonImporter, WrongElementsAndBusbwMismatchAreWarnings) {
  std::string text =
      Replaced(ReadFile(DataPath(kFull)), "\"nwrong\":0.000000", "\"nwrong\":12.000000");
  text = Replaced(text, "\"bus_bw\":37.787850", "\"bus_bw\":39.000000");
  Result<ImportResult> result = ImportText("wrong.json", text, "nccl-tests-json");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(*result->trace.measurements[0].wrong, 12);
  ASSERT_GE(result->warnings.size(), 2u);
  EXPECT_NE(result->warnings[0].find("12 wrong elements (out-of-place, 1048576 bytes)"),
            std::string::npos)
      << result->warnings[0];
  EXPECT_NE(result->warnings[1].find("bus_bw 39.000000 disagrees with alg_bw 21.593057"),
            std::string::npos)
      << result->warnings[1];
}

TEST(NcclTestsJsonImporter, SeveralFilesAreOneSectionEach) {
  ImportResult result = ImportData({kFull, "nccl_tests_json_v1_allgather_1proc.json"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.sections.size(), 2u);
  EXPECT_EQ(trace.sections[1].test, "all_gather_perf");
  ASSERT_EQ(trace.measurements.size(), 20u);
  EXPECT_EQ(trace.measurements[7].section, 0);
  EXPECT_EQ(trace.measurements[8].section, 1);
  EXPECT_EQ(trace.measurements[8].collective, "allgather");
  EXPECT_EQ(trace.measurements[8].ranks, 4);
  EXPECT_EQ(trace.meta.nccl_version, "2.28.9");  // the first file's
}

TEST(NcclTestsJsonImporter, SnifferTakesItsFilesAndLeavesOtherJsonAlone) {
  for (const char* name :
       {kFull, "nccl_tests_json_v1_allgather_1proc.json", "nccl_tests_json_v3_killed.json",
        "nccl_tests_json_v3_nccl_error.json"}) {
    Result<SourceFile> file = LoadSource(DataPath(name));
    ASSERT_TRUE(file.ok());
    Result<const Importer*> detected = DetectFormat(*file);
    ASSERT_TRUE(detected.ok()) << detected.error();
    EXPECT_EQ((*detected)->name, "nccl-tests-json") << name;
  }
  const Importer* importer = FindImporter("nccl-tests-json");
  ASSERT_NE(importer, nullptr);
  for (const char* name :
       {"kineto_rank0.json", "small_ring_allreduce.json", "kineto_no_distributed_info.json",
        "nccl_tests_new_allreduce_8gpu.txt"}) {
    const std::string head = ReadFile(DataPath(name)).substr(0, kSniffBytes);
    EXPECT_EQ(importer->sniff(name, head), 0) << name;
  }
}

TEST(NcclTestsJsonImporter, BadInputIsOneLineNamingFileAndPosition) {
  const std::string full = ReadFile(DataPath(kFull));
  // Cut inside config: nothing to keep.
  const std::size_t in_config = full.find("\"devices\"") + 30;
  Result<ImportResult> result =
      ImportText("cut.json", full.substr(0, in_config), "nccl-tests-json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("cut.json:1:" + std::to_string(in_config + 1)), std::string::npos)
      << result.error();
  EXPECT_NE(result.error().find("malformed JSON"), std::string::npos) << result.error();

  // A value of the wrong type names its place.
  std::string text = Replaced(full, "\"size\":4194304", "\"size\":\"four\"");
  result = ImportText("type.json", text, "nccl-tests-json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("type.json:1:" + std::to_string(text.find("\"four\"") + 1)),
            std::string::npos)
      << result.error();
  EXPECT_NE(result.error().find("size should be an integer"), std::string::npos) << result.error();

  text = Replaced(full, "\"root\":\"    -1\"", "\"root\":\"left\"");
  result = ImportText("root.json", text, "nccl-tests-json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("root is \"left\", not a rank"), std::string::npos)
      << result.error();

  result = ImportText("empty.json", "", "nccl-tests-json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("empty.json:1: empty file"), std::string::npos) << result.error();

  result =
      ImportText("binary.json", std::string("{\"version\":3\0\x01\x02", 15), "nccl-tests-json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("binary.json:1:13 (byte 12): binary data"), std::string::npos)
      << result.error();

  result = ImportText("none.json", "{\"version\":3,\"results\":[]}", "nccl-tests-json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("none.json:1: no results"), std::string::npos) << result.error();

  // "%lf" prints infinity bare: the rows before it are kept.
  text = Replaced(full, "\"alg_bw\":37.522983", "\"alg_bw\":inf");
  result = ImportText("inf.json", text, "nccl-tests-json");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_NE(result->warnings[0].find("infinite value"), std::string::npos) << result->warnings[0];
  EXPECT_EQ(result->trace.measurements.size(), 2u);
}

TEST(NcclTestsJsonImporter, DamagedFilesGiveATraceOrOneErrorLine) {
  const std::string full = ReadFile(DataPath(kFull));
  auto check = [](const std::string& bytes) {
    Result<SourceFile> file = SourceFromBytes("damaged", bytes);
    if (!file.ok()) return;
    std::vector<SourceFile> files;
    files.push_back(std::move(*file));
    Result<ImportResult> result = FindImporter("nccl-tests-json")->import(files);
    if (!result.ok()) {
      EXPECT_EQ(result.error().find('\n'), std::string::npos) << result.error();
      EXPECT_EQ(result.error().rfind("damaged", 0), 0u) << result.error();
    }
  };
  const char kNasty[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\n', '-', '9', 'e', 'n'};
  ForEachDamagedCopy(
      full, {.cuts = 80, .rounds = 120, .seed = 2026, .nasty = {kNasty, sizeof kNasty}}, check);
}

TEST(NcclTestsJsonImporter, CliImportsAndStatsReadsTheResult) {
  const std::string out = TempPath("nccl_tests_json.json");
  auto run = RunCollscope("import " + DataPath(kFull) + " -o " + out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("nccl-tests, 8 ranks, 0 runs, 0 step events, 8 measurements"),
            std::string::npos)
      << run.out;
  auto stats = RunCollscope("stats " + out);
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("67108864"), std::string::npos) << stats.out;

  run = RunCollscope("import " + DataPath("nccl_tests_json_v3_killed.json") +
                     " --format nccl-tests-json -o " + TempPath("killed.json"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("warning:"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace collscope::trace
