#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/importers/nccl_tests/parser.h"

namespace collscope::trace {
namespace {

using testing::DataPath;
using testing::ImportData;

bool HasWarning(const ImportResult& result, const std::string& text) {
  for (const std::string& warning : result.warnings) {
    if (warning.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(NcclTestsImporter, ReadsNewColumnsWithWrong) {
  ImportResult result = ImportData({"nccl_tests_new_allreduce_8gpu.txt"}, "nccl-tests");
  const Trace& trace = result.trace;
  EXPECT_EQ(trace.meta.source, "nccl-tests");
  EXPECT_EQ(trace.meta.nccl_version, "2.28.9");
  EXPECT_EQ(trace.meta.host, "gpub001");
  EXPECT_EQ(trace.meta.gpu, "NVIDIA A100-SXM4-40GB");
  EXPECT_NE(trace.meta.command.find("all_reduce_perf"), std::string::npos);
  EXPECT_EQ(*trace.meta.ExtraJson("nccl_tests_version"), "\"2.19.6\"");
  EXPECT_EQ(*trace.meta.ExtraJson("avg_busbw_gbps"), "108.987");
  ASSERT_EQ(trace.ranks.size(), 8u);
  EXPECT_EQ(trace.ranks[7].device, 7);
  ASSERT_EQ(trace.measurements.size(), 16u);
  const Measurement& first = trace.measurements[0];
  EXPECT_EQ(first.collective, "allreduce");
  EXPECT_EQ(first.bytes, 8);
  EXPECT_EQ(first.count, 2);
  EXPECT_EQ(first.dtype, "float32");
  EXPECT_EQ(first.redop, "sum");
  EXPECT_EQ(first.root, -1);
  EXPECT_EQ(first.ranks, 8);
  EXPECT_DOUBLE_EQ(first.time_us, 24.10);
  EXPECT_FALSE(first.in_place);
  EXPECT_EQ(first.wrong, 0.0);
  EXPECT_TRUE(trace.measurements[1].in_place);
  const Measurement& last = trace.measurements[14];
  EXPECT_EQ(last.bytes, 8589934592);
  EXPECT_DOUBLE_EQ(last.time_us, 63990.0);
  EXPECT_DOUBLE_EQ(last.algbw_gbps, 134.24);
  EXPECT_DOUBLE_EQ(last.busbw_gbps, 234.92);
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST(NcclTestsImporter, ReadsOldColumnsWithSingleSpaceWrongAndIntegerTimes) {
  ImportResult result = ImportData({"nccl_tests_old_allreduce_4gpu.txt"}, "auto");
  ASSERT_EQ(result.trace.measurements.size(), 10u);
  EXPECT_EQ(result.trace.ranks.size(), 4u);
  EXPECT_EQ(result.trace.measurements[8].bytes, 268435456);
  EXPECT_DOUBLE_EQ(result.trace.measurements[8].time_us, 3915.2);
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST(NcclTestsImporter, ReadsOldColumnsWithoutRootOrWrong) {
  // <= 2.10: no root column, `error` (a float max error) instead of #wrong,
  // device lines without Group, no test name.
  ImportResult result = ImportData({"nccl_tests_v2_10_no_root.txt"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.measurements.size(), 6u);
  EXPECT_EQ(trace.measurements[0].root, -1);
  ASSERT_TRUE(trace.measurements[0].wrong.has_value());
  EXPECT_DOUBLE_EQ(*trace.measurements[0].wrong, 1e-07);
  EXPECT_EQ(trace.meta.gpu, "Tesla V100-SXM2-16GB");
  EXPECT_EQ(trace.ranks.size(), 4u);
  // size = 4 x count x 4 bytes with a reduction: a reduce-scatter.
  EXPECT_EQ(trace.measurements[0].collective, "reducescatter");
  EXPECT_TRUE(HasWarning(result, "collective guessed as reducescatter"));
  EXPECT_FALSE(HasWarning(result, "#wrong")) << "a max error of 1e-07 is not a wrong result";
  EXPECT_FALSE(HasWarning(result, "disagrees"));
}

TEST(NcclTestsImporter, ReadsNotAvailableWrongAndSkipsInterleavedNcclLines) {
  ImportResult result = ImportData({"nccl_tests_allgather_na_interleaved.txt"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.measurements.size(), 6u);
  for (const Measurement& m : trace.measurements) {
    EXPECT_EQ(m.collective, "allgather");
    EXPECT_FALSE(m.wrong.has_value());
    EXPECT_EQ(m.redop, "none");
  }
  // Per-rank count for allgather: size = count x 4 bytes x 4 ranks.
  EXPECT_EQ(trace.measurements[2].bytes, 33554432);
  EXPECT_EQ(trace.measurements[2].count, 2097152);
  EXPECT_DOUBLE_EQ(trace.measurements[2].busbw_gbps, 25.86);
  // nccl-tests-library=22105 wins over the interleaved NCCL version line.
  EXPECT_EQ(trace.meta.nccl_version, "2.21.5");
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST(NcclTestsImporter, ReadsMultiNodeRunsAndSeveralTypes) {
  ImportResult result = ImportData({"nccl_tests_multinode_allreduce.txt"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.ranks.size(), 8u);
  EXPECT_EQ(trace.ranks[4].host, "gpua002");
  EXPECT_EQ(trace.ranks[4].device, 0);
  EXPECT_EQ(trace.meta.host, "gpua001,gpua002");
  EXPECT_EQ(*trace.meta.ExtraJson("nodes"), "2");
  ASSERT_EQ(trace.measurements.size(), 12u);
  EXPECT_EQ(trace.measurements[6].dtype, "bfloat16");
  EXPECT_EQ(trace.measurements[0].ranks, 8);
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST(NcclTestsImporter, ReportsBusBwThatDisagreesWithTheFactor) {
  ImportResult result = ImportData({"nccl_tests_busbw_mismatch.txt"}, "auto");
  EXPECT_EQ(result.trace.measurements.size(), 4u);
  EXPECT_EQ(result.trace.measurements[0].collective, "broadcast");
  EXPECT_EQ(result.trace.measurements[0].root, 0);
  EXPECT_TRUE(HasWarning(result, "nccl_tests_busbw_mismatch.txt:12: busbw 15.59 GB/s disagrees"));
  EXPECT_TRUE(HasWarning(result, "Avg bus bandwidth 99.99 disagrees"));
  EXPECT_EQ(result.warnings.size(), 2u);
}

TEST(NcclTestsImporter, TruncatedRowIsAnErrorWithTheLine) {
  Result<ImportResult> result = ImportFiles({DataPath("nccl_tests_truncated.txt")}, "auto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("nccl_tests_truncated.txt:23: row has 7 fields"), std::string::npos)
      << result.error();
}

TEST(NcclTestsImporter, MalformedNumberIsAnErrorWithTheLine) {
  const std::string path = testing::TempPath("bad_number.txt");
  std::string text = testing::ReadFile(DataPath("nccl_tests_old_allreduce_4gpu.txt"));
  const std::size_t at = text.find("22.31");
  text.replace(at, 5, "2x.31");
  testing::WriteFile(path, text);
  Result<ImportResult> result = ImportFiles({path}, "nccl-tests");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find(":13: time is '2x.31', not a number"), std::string::npos)
      << result.error();
}

TEST(NcclTestsImporter, HeaderWithoutRowsIsAnError) {
  const std::string path = testing::TempPath("no_rows.txt");
  testing::WriteFile(path,
                     "# nThread 1 nGpus 1 minBytes 8 maxBytes 8 step: 2(factor) warmup iters: 5\n"
                     "#       size         count      type   redop    root     time   algbw   "
                     "busbw  #wrong     time   algbw   busbw  #wrong\n");
  Result<ImportResult> result = ImportFiles({path}, "auto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("no rows"), std::string::npos) << result.error();
}

TEST(NcclTestsImporter, VersionCodesDecode) {
  EXPECT_EQ(NcclVersionFromCode(22809), "2.28.9");
  EXPECT_EQ(NcclVersionFromCode(21903), "2.19.3");
  EXPECT_EQ(NcclVersionFromCode(2708), "2.7.8");
}

}  // namespace
}  // namespace collscope::trace

namespace collscope::trace {
namespace {

TEST(NcclTestsImporter, ReadsTimestampAndPerIterationColumns) {
  // -S 1 (timestamp at the end) and -I 1 (i_min i_max i_p99 i_cv% after each
  // group): the column map comes from the header line.
  const std::string path = testing::TempPath("all_reduce_perf_extra_columns.txt");
  testing::WriteFile(
      path,
      "# Collective test starting: all_reduce_perf\n"
      "#  Rank  0 Group  0 Pid   1000 on      node1 device  0 [0000:07:00] GPU\n"
      "#  Rank  1 Group  0 Pid   1001 on      node1 device  1 [0000:0b:00] GPU\n"
      "#       size         count      type   redop    root     time   algbw   busbw  #wrong  "
      "i_min  i_max  i_p99  i_cv%     time   algbw   busbw  #wrong  i_min  i_max  i_p99  i_cv%"
      "  timestamp\n"
      "        1024           256     float     sum      -1    20.00    0.05    0.05       0  "
      "19.0  21.0  20.9  1.2    20.10    0.05    0.05       0  19.1  21.2  21.0  1.3  "
      "Mon Nov 25 12:00:00 2026\n");
  Result<ImportResult> result = ImportFiles({path}, "auto");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.measurements.size(), 2u);
  EXPECT_DOUBLE_EQ(result->trace.measurements[1].time_us, 20.10);
  EXPECT_DOUBLE_EQ(result->trace.measurements[1].busbw_gbps, 0.05);
}

}  // namespace
}  // namespace collscope::trace
