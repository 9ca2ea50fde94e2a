#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/importers/kineto/parser.h"

namespace collscope::trace {
namespace {

using testing::DataPath;
using testing::ImportData;

TEST(KinetoImporter, ParsesNewAndOldKernelNames) {
  NcclKernelName fresh = ParseNcclKernelName(
      "ncclDevKernel_AllReduce_Sum_f32_RING_LL(ncclDevKernelArgsStorage<4096ul>)");
  EXPECT_EQ(fresh.collective, "allreduce");
  EXPECT_EQ(fresh.dtype, "float32");
  EXPECT_EQ(fresh.redop, "sum");
  NcclKernelName old = ParseNcclKernelName(
      "ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)");
  EXPECT_EQ(old.collective, "allreduce");
  EXPECT_EQ(old.dtype, "float32");
  EXPECT_EQ(ParseNcclKernelName("ncclDevKernel_ReduceScatter_Sum_bf16_RING_LL").dtype, "bfloat16");
  EXPECT_EQ(ParseNcclKernelName("ncclDevKernel_AllGather_RING_LL").collective, "allgather");
  EXPECT_EQ(ParseNcclKernelName("ncclDevKernel_SendRecv").collective, "sendrecv");
  EXPECT_EQ(ParseNcclKernelName("ncclDevKernel_Generic").collective, "");
}

TEST(KinetoImporter, MergesRankFilesOntoOneTimeBase) {
  ImportResult result = ImportData({"kineto_rank0.json", "kineto_rank1.json"}, "auto");
  const Trace& trace = result.trace;
  EXPECT_EQ(trace.meta.source, "kineto");
  EXPECT_EQ(trace.meta.gpu, "NVIDIA A100-SXM4-40GB");
  EXPECT_EQ(trace.meta.nccl_version, "2.21.5");
  EXPECT_EQ(*trace.meta.ExtraJson("world_size"), "2");
  ASSERT_EQ(trace.ranks.size(), 2u);
  EXPECT_EQ(trace.ranks[1].rank, 1);
  EXPECT_EQ(trace.ranks[1].device, 1);
  // One run per NCCL kernel; compute kernels are not runs.
  ASSERT_EQ(trace.runs.size(), 6u);
  const trace::Run& first = trace.runs[0];
  EXPECT_EQ(first.rank, 0);
  EXPECT_EQ(first.t_start_ns, 0);
  EXPECT_EQ(first.collective, "allreduce");
  EXPECT_EQ(first.bytes, 1048576 * 4);
  EXPECT_EQ(first.dtype, "float32");
  EXPECT_EQ(first.stream, 7);
  EXPECT_EQ(first.process_group, "0 (default_pg)");
  EXPECT_EQ(first.algorithm, "") << "kernel names do not say which algorithm ran";
  EXPECT_NE(first.kernel.find("ncclDevKernel_AllReduce"), std::string::npos);
  // Rank 1's clock base is 2 us later and its kernel 3 us later in its own
  // clock: 5 us after rank 0's on the common base.
  const trace::Run& second = trace.runs[1];
  EXPECT_EQ(second.rank, 1);
  EXPECT_EQ(second.t_start_ns, 5000);
  EXPECT_EQ(trace.runs[2].collective, "allgather");
  EXPECT_EQ(trace.runs[2].bytes, 4194304 * 2);  // out nelems x bf16
  EXPECT_EQ(trace.runs[4].iteration, 1);        // the second allreduce of rank 0
  EXPECT_GT(trace.runs[0].t_end_ns, trace.runs[0].t_start_ns);
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST(KinetoImporter, GzippedOldNamesUseRecordParamCommsThroughCorrelation) {
  ImportResult result = ImportData({"kineto_old_names_rank0.json.gz"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.runs.size(), 2u);
  // The kernel events carry no comm args: they come from the enclosing
  // record_param_comms of the cudaLaunchKernel with the same correlation.
  EXPECT_EQ(trace.runs[0].collective, "allreduce");
  EXPECT_EQ(trace.runs[0].dtype, "float16");
  EXPECT_EQ(trace.runs[0].bytes, 262144 * 2);
  EXPECT_EQ(trace.runs[0].process_group, "0 (default_pg)");
  EXPECT_EQ(trace.runs[1].collective, "broadcast");
  EXPECT_NE(trace.runs[0].kernel.find("ncclKernel_AllReduce_RING_LL_Sum_half"), std::string::npos);
}

TEST(KinetoImporter, WithoutDistributedInfoTheRankComesFromCommArgs) {
  ImportResult result = ImportData({"kineto_no_distributed_info.json"}, "kineto");
  ASSERT_FALSE(result.trace.runs.empty());
  EXPECT_EQ(result.trace.runs[0].rank, 3);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("no distributedInfo.rank; rank taken as 3"), std::string::npos);
}

TEST(KinetoImporter, TraceWithoutNcclKernelsIsAnError) {
  const std::string path = testing::TempPath("compute_only.json");
  testing::WriteFile(path, R"({"schemaVersion":1,"traceEvents":[
    {"ph":"X","cat":"kernel","name":"gemm","pid":0,"tid":7,"ts":1.0,"dur":2.0}]})");
  Result<ImportResult> result = ImportFiles({path}, "auto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("no NCCL kernels"), std::string::npos) << result.error();
}

// Found by fuzz_import_kineto: a tid with 20 digits overflowed int64 while
// its digits were read (undefined behaviour); it now reads as no stream.
TEST(KinetoImporter, AStreamIdTooLongForInt64IsUnknown) {
  const std::string path = testing::TempPath("huge_stream.json");
  testing::WriteFile(path, R"({"schemaVersion":1,"distributedInfo":{"rank":0,"world_size":1},
    "traceEvents":[{"ph":"X","cat":"kernel","pid":0,"tid":"stream 99999999999999999999999",
    "name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL","ts":1.0,"dur":2.0}]})");
  Result<ImportResult> result = ImportFiles({path}, "kineto");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.runs.size(), 1u);
  EXPECT_EQ(result->trace.runs[0].stream, -1);
}

// Found by fuzz_import_kineto in CI (tests/fuzz/regressions/
// kineto_size_too_large_for_int64.json): a message size of 2.6e89 was
// converted to int64, which is undefined; it now reads as unknown.
TEST(KinetoImporter, AMessageSizeTooLargeForInt64IsUnknown) {
  const std::string path = testing::TempPath("huge_nelems.json");
  testing::WriteFile(path, R"({"schemaVersion":1,"distributedInfo":{"rank":0,"world_size":1},
    "traceEvents":[{"ph":"X","cat":"kernel","pid":0,"tid":7,
    "name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL","ts":1.0,"dur":2.0,
    "args":{"In msg nelems":2.62147e+89,"Out msg nelems":-1e300,"dtype":"Float"}}]})");
  Result<ImportResult> result = ImportFiles({path}, "kineto");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.runs.size(), 1u);
  EXPECT_GE(result->trace.runs[0].bytes, 0);
}

// Found by fuzz_import_kineto (tests/fuzz/regressions/kineto_time_overflow.json):
// a timestamp of -9e15 us overflowed int64 nanoseconds on the way to one
// time base. Such a kernel is skipped; the sane one still imports.
TEST(KinetoImporter, AKernelAtAnAbsurdTimeIsSkipped) {
  const std::string path = testing::TempPath("absurd_time.json");
  testing::WriteFile(path, R"({"schemaVersion":1,"baseTimeNanoseconds":1700000000000000000,
    "distributedInfo":{"rank":0,"world_size":1},"traceEvents":[
    {"ph":"X","cat":"kernel","pid":0,"tid":7,"name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL",
     "ts":-9e15,"dur":2.0},
    {"ph":"X","cat":"kernel","pid":0,"tid":7,"name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL",
     "ts":10.0,"dur":2.0}]})");
  Result<ImportResult> result = ImportFiles({path}, "kineto");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.runs.size(), 1u);
  EXPECT_EQ(result->trace.runs[0].DurationNs(), 2000);
}

TEST(KinetoImporter, MalformedJsonIsAnErrorWithPosition) {
  const std::string text = testing::ReadFile(DataPath("kineto_rank0.json"));
  const std::string path = testing::TempPath("cut_kineto.json");
  testing::WriteFile(path, text.substr(0, text.size() * 2 / 3));
  Result<ImportResult> result = ImportFiles({path}, "kineto");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rfind(path + ":", 0), 0u) << result.error();
  EXPECT_NE(result.error().find("(byte "), std::string::npos) << result.error();
}

}  // namespace
}  // namespace collscope::trace
