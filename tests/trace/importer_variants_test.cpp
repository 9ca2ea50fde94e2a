// The classes of real-file trouble the real corpus showed, each pinned on a
// small input in the shape the writer prints it (nccl-tests src/common.cu
// and src/util.cu, NCCL src/debug.cc and src/init.cc, PyTorch's profiler),
// so that files nobody here has seen import the same way.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"
#include "trace/importers/nccl_log/tokenizer.h"

namespace collscope::trace {
namespace {

using testing::ImportText;

bool HasWarning(const ImportResult& result, const std::string& part) {
  return std::any_of(result.warnings.begin(), result.warnings.end(),
                     [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

const char* const kHeader =
    "#                                                              out-of-place                 "
    "      in-place          \n"
    "#       size         count      type   redop    root     time   algbw   busbw #wrong     time "
    "  algbw   busbw #wrong\n"
    "#        (B)    (elements)                               (us)  (GB/s)  (GB/s)            (us) "
    " (GB/s)  (GB/s)       \n";

std::string Devices(int ranks) {
  std::string text = "# Using devices\n";
  for (int r = 0; r < ranks; ++r) {
    text += "#  Rank  " + std::to_string(r) + " Group  0 Pid  1000" + std::to_string(r) +
            " on      node1 device  " + std::to_string(r) + " [0000:07:00] NVIDIA H100 80GB HBM3\n";
  }
  return text;
}

std::string PerfBlock(const std::string& name, const std::string& redop, int ranks) {
  return "# nccl-tests version 2.17.8 nccl-headers=22902 nccl-library=22902\n"
         "# Collective test starting: " +
         name +
         "\n# nThread 1 nGpus 1 minBytes 1024 maxBytes 2048 step: 2(factor) warmup iters: 5 iters: "
         "20 agg iters: 1 validation: 1 graph: 0\n#\n" +
         Devices(ranks) + "#\n" + kHeader + "        1024           256     float  " + redop +
         "      -1    20.00    0.05    0.09      0    20.00    0.05    0.09      0\n"
         "        2048           512     float  " +
         redop +
         "      -1    21.00    0.10    0.17      0    21.00    0.10    0.17      0\n"
         "# Out of bounds values : 0 OK\n# Avg bus bandwidth    : 0.13 \n#\n"
         "# Collective test concluded: " +
         name + "\n#\n\n";
}

TEST(NcclTestsVariants, SeveralTestsInOneFileKeepTheirOwnNamesAndRanks) {
  Result<ImportResult> result =
      ImportText("cluster.log", PerfBlock("all_reduce_perf", "   sum", 8) +
                                    PerfBlock("all_gather_perf", "  none", 8) +
                                    PerfBlock("sendrecv_perf", "   sum", 8));
  ASSERT_TRUE(result.ok()) << result.error();
  const Trace& trace = result->trace;
  ASSERT_EQ(trace.sections.size(), 3u);
  EXPECT_EQ(trace.sections[1].test, "all_gather_perf");
  EXPECT_EQ(trace.sections[1].collective, "allgather");
  EXPECT_EQ(trace.sections[2].collective, "sendrecv");
  ASSERT_EQ(trace.measurements.size(), 12u);
  for (const Measurement& m : trace.measurements) EXPECT_EQ(m.ranks, 8);  // not 24
  EXPECT_EQ(trace.measurements[4].collective, "allgather");
  EXPECT_EQ(trace.measurements[4].section, 1);
  EXPECT_EQ(trace.RankCount(), 8);
}

TEST(NcclTestsVariants, ARowWithABlankRedopColumnIsReadByPosition) {
  // nccl-tests <= 2.10 printed "%6s" of "" for alltoall's redop: the column
  // is blank and the row has one field fewer than the header.
  const std::string text =
      std::string("# nThread 1 nGpus 1 minBytes 8 maxBytes 8 step: 2(factor)\n") + Devices(4) +
      kHeader +
      "        1024            64     float            -1    30.00    0.03    "
      "0.03      0    30.00    0.03    0.03      0\n"
      "# Out of bounds values : 0 OK\n# Avg bus bandwidth    : 0.03\n";
  Result<ImportResult> result = ImportText("alltoall_perf.txt", text);
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.measurements.size(), 2u);
  EXPECT_EQ(result->trace.measurements[0].redop, "");
  EXPECT_EQ(result->trace.measurements[0].root, -1);
  EXPECT_DOUBLE_EQ(result->trace.measurements[1].time_us, 30.0);
  EXPECT_EQ(result->trace.measurements[0].collective, "alltoall");
}

TEST(NcclTestsVariants, RowsCutByNcclLinesAreReassembled) {
  // NCCL_DEBUG_SUBSYS=ALL: COLL lines land in the middle of a row, which
  // goes on after them (seen with NCCL 2.27, two GPUs in one process).
  const std::string info =
      "mew0:64904:64904 [1] NCCL INFO AllReduce: opCount 0 sendbuff 0x7 recvbuff 0x9 count 256 "
      "datatype 7 op 0 root 0 comm 0x55 [nranks=2] stream 0x5\n";
  const std::string text =
      "mew0:64904:64904 [0] NCCL INFO NCCL version 2.27.7+cuda12.9\n"
      "# Collective test starting: all_reduce_perf\n# nThread 1 nGpus 2 minBytes 1024\n" +
      Devices(2) + kHeader + "        1024           256     float     sum      -1" + info + info +
      "    20.00    0.05    0.05      0" + info + "    19.00    0.05    0.05      0\n" +
      "# Out of bounds values : 0 OK\n# Avg bus bandwidth    : 0.05\n";
  Result<ImportResult> result = ImportText("split.log", text);
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.measurements.size(), 2u);
  EXPECT_DOUBLE_EQ(result->trace.measurements[1].time_us, 19.0);
  EXPECT_EQ(result->trace.meta.nccl_version, "2.27.7");
  EXPECT_EQ(result->trace.ranks[0].host, "node1");  // not "-1mew0"
}

TEST(NcclTestsVariants, ARowCutByAWarningsNewlineIsReassembled) {
  // ncclDebugLogV starts every WARN with "\n": the row before it breaks.
  const std::string text = std::string("# nThread 1 nGpus 1\n") + Devices(2) + kHeader +
                           "        1024           256     float     sum      -1    20.00\n"
                           "node1:1:2 [0] misc/socket.cc:50 NCCL WARN Net : Connection closed\n"
                           "    0.05    0.05      0    20.00    0.05    0.05      0\n"
                           "# Out of bounds values : 0 OK\n# Avg bus bandwidth    : 0.05\n";
  Result<ImportResult> result = ImportText("warn_all_reduce_perf.txt", text);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.measurements.size(), 2u);
  EXPECT_TRUE(HasWarning(*result, "NCCL WARN Net : Connection closed"));
}

TEST(NcclTestsVariants, ARunThatHungIsReadAsTheLogItIs) {
  const std::string text =
      "# nThread 1 nGpus 1 minBytes 8 maxBytes 8589934592 step: 2(factor)\n" + Devices(2) +
      "node1:100:200 [0] NCCL INFO comm 0x1 rank 0 nranks 2 cudaDev 0 busId 7000 commId 0xab - "
      "Init START\n"
      "node1:100:200 [0] NCCL INFO Channel 00/02 :    0   1\n"
      "node1:100:200 [0] NCCL INFO Trees [0] 1/-1/-1->0->-1\n"
      "node1:100:200 [0] NCCL INFO Channel 00/0 : 0[0] -> 1[1] via P2P/IPC\n";
  Result<ImportResult> result = ImportText("hung.txt", text);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.meta.source, "nccl-log");
  EXPECT_FALSE(result->trace.complete);
  EXPECT_EQ(result->trace.topology.rings.size(), 1u);
  EXPECT_EQ(result->trace.topology.links.size(), 1u);
  EXPECT_TRUE(HasWarning(*result, "hung or died"));
}

TEST(NcclTestsVariants, ATableCutShortIsFlagged) {
  const std::string text = std::string("# Collective test starting: all_reduce_perf\n") +
                           Devices(2) + kHeader +
                           "        1024           256     float     sum      -1    20.00    0.05  "
                           "  0.05      0    20.00    0.05    0.05      0\n";
  Result<ImportResult> result = ImportText("cut.txt", text);
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.sections.size(), 1u);
  EXPECT_FALSE(result->trace.sections[0].complete);
  EXPECT_FALSE(result->trace.complete);
  EXPECT_TRUE(HasWarning(*result, "cut short"));
}

TEST(NcclTestsVariants, ReadsTheRcclTestsVersionLine) {
  const std::string text =
      std::string("# nThread 1 nGpus 1\n#\nrccl-tests: Version develop:a7809b3\n") + Devices(1) +
      kHeader +
      "        1024           256     float     sum      -1    20.00    0.05  "
      "  0.00      0    20.00    0.05    0.00      0\n# Avg bus bandwidth : 0\n";
  Result<ImportResult> result = ImportText("rccl.txt", text);
  ASSERT_TRUE(result.ok()) << result.error();
  const std::string* version = result->trace.meta.ExtraJson("rccl_tests_version");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(*version, "\"develop:a7809b3\"");
}

// Sixteen processes under mpirun --tag-output, NCCL <= 2.12: no commId,
// rank 0 prints the ring dumps before its Init COMPLETE.
std::string MpirunLog() {
  std::string text;
  for (int r = 0; r < 16; ++r) {
    const std::string prefix = "[1," + std::to_string(r) + "]<stdout>:gpu" + std::to_string(r / 4) +
                               ":" + std::to_string(500 + r) + ":" + std::to_string(600 + r) +
                               " [" + std::to_string(r % 4) + "] NCCL INFO ";
    if (r == 0) {
      text += prefix +
              "Channel 00/02 :    0   1   2   3   4   5   6   7   8   9  10  11  12  13  14  15\n";
      text += prefix +
              "Channel 01/02 :    0   1   2   3   4   5   6   7   8   9  10  11  12  13  14  15\n";
    }
    text += prefix + "Trees [0] " + std::to_string((r + 1) % 16) + "/-1/-1->" + std::to_string(r) +
            "->" + std::to_string(r == 0 ? -1 : r - 1) + "\n";
    text += prefix + "comm 0x7f" + std::to_string(r) + " rank " + std::to_string(r) +
            " nranks 16 cudaDev " + std::to_string(r % 4) + " busId 3000 - Init COMPLETE\n";
  }
  return text;
}

TEST(NcclLogVariants, OneCommunicatorSeenFromManyProcessesIsOne) {
  Result<ImportResult> result = ImportText("mpirun.log", MpirunLog(), "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  const Trace& trace = result->trace;
  EXPECT_EQ(trace.ranks.size(), 16u);
  EXPECT_EQ(trace.ranks[5].host, "gpu1");
  EXPECT_EQ(trace.topology.rings.size(), 2u);
  ASSERT_EQ(trace.topology.trees.size(), 1u);
  EXPECT_EQ(trace.topology.trees[0].nodes.size(), 16u);
  EXPECT_FALSE(HasWarning(*result, "communicators in the log"));
}

TEST(NcclLogVariants, RankZerosLogOfABiggerJobKeepsTheJobsRanks) {
  // torchrun writes each rank's log apart; rank 0's still describes 16.
  const std::string text =
      "node:1:2 [0] NCCL INFO NCCL version 2.18.5+cuda12.1\n"
      "node:1:9 [0] NCCL INFO Channel 00/02 :    0   7   6   5   4   3   2   1   8  15  14  13  "
      "12  11  10   9\n"
      "node:1:9 [0] NCCL INFO Trees [0] 1/8/-1->0->-1 [1] -1/-1/-1->0->1\n"
      "node:1:9 [0] NCCL INFO comm 0x9 rank 0 nranks 16 cudaDev 0 busId 7000 commId 0x5e - Init "
      "COMPLETE\n";
  Result<ImportResult> result = ImportText("rank0.log", text, "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.ranks.size(), 16u);
  ASSERT_EQ(result->trace.topology.rings.size(), 1u);
  EXPECT_EQ(result->trace.topology.rings[0][1], 7);
  EXPECT_EQ(result->trace.topology.trees.size(), 2u);
}

TEST(NcclLogVariants, PdshPrefixesAndOldLinkLinesAreRead) {
  const std::string text =
      "gadi-01: gadi-01:10:11 [2] NCCL INFO Channel 01 : 2[b1000] -> 6[b1000] [send] via "
      "NET/IB/0\n"
      "gadi-01: gadi-01:10:11 [2] NCCL INFO comm 0x7f rank 2 nranks 8 cudaDev 2 busId b1000 - "
      "Init COMPLETE\n"
      "gadi-01: *** Running generate\n";
  Result<ImportResult> result = ImportText("pdsh.log", text, "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.ranks.size(), 8u);
  EXPECT_EQ(result->trace.ranks[2].host, "gadi-01");
  ASSERT_EQ(result->trace.topology.links.size(), 1u);
  EXPECT_EQ(result->trace.topology.links[0].transport, "NET/IB/0");
  EXPECT_EQ(result->trace.topology.links[0].dst, 6);
}

TEST(NcclLogVariants, ReadsTheTreeOrderOfNccl2_4) {
  // NCCL 2.4's init.cc: " [%d] %d->%d->%d/%d/%d", up->me->down0/down1/down2.
  const std::string text =
      "n:1:2 [0] NCCL INFO Trees [0] -1->0->1/-1/-1 [1] 1->0->-1/-1/-1\n"
      "n:1:2 [0] NCCL INFO comm 0x1 rank 0 nranks 2 cudaDev 0 busId 7000 - Init COMPLETE\n";
  Result<ImportResult> result = ImportText("nccl24.log", text, "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.topology.trees.size(), 2u);
  const TreeNode& root = result->trace.topology.trees[0].nodes[0];
  EXPECT_EQ(root.parent, -1);
  EXPECT_EQ(root.children, std::vector<std::int32_t>{1});
  EXPECT_EQ(result->trace.topology.trees[1].nodes[0].parent, 1);
  EXPECT_TRUE(result->trace.topology.trees[1].nodes[0].children.empty());
}

TEST(NcclLogVariants, TorchrunAndSrunLabelsAreTakenOff) {
  // torchrun --tee 3 (PyTorch 2.2+ "[rank0]:", older "[default1]:") and
  // srun --label ("1: ") before each line of a two-rank job.
  const std::string text =
      "[rank0]:node:10:11 [0] NCCL INFO Channel 00/02 :    0   1\n"
      "[rank0]:node:10:11 [0] NCCL INFO comm 0x1 rank 0 nranks 2 cudaDev 0 busId 7000 commId "
      "0x9 - Init COMPLETE\n"
      "[default1]:node:12:13 [1] NCCL INFO Channel 00/0 : 1[1] -> 0[0] via P2P/IPC\n"
      "1: node:12:13 [1] NCCL INFO comm 0x2 rank 1 nranks 2 cudaDev 1 busId 8000 commId 0x9 - "
      "Init COMPLETE\n";
  Result<ImportResult> result = ImportText("torchrun.log", text, "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.ranks.size(), 2u);
  EXPECT_EQ(result->trace.topology.rings.size(), 1u);
  EXPECT_EQ(result->trace.topology.links.size(), 1u);
  EXPECT_EQ(result->trace.meta.host, "node");
  EXPECT_EQ(StripLauncherPrefix("[rank12]:# nThread 1"), "# nThread 1");
  EXPECT_EQ(StripLauncherPrefix("3: # nThread 1"), "# nThread 1");
  EXPECT_EQ(StripLauncherPrefix("rccl-tests: Version develop:a7809b3"),
            "rccl-tests: Version develop:a7809b3");
}

TEST(NcclLogVariants, LinesOfTwoProcessesGluedIntoOneAreSplit) {
  const std::string text =
      "ljm:4:40 [1] NCCL INFO NCCL version 2.18.1+cuda12.1\n"
      "ljm:4:41 [1] NCCL INFO comm 0x94 rank 1 nranks ljm:3:31 [0] NCCL INFO comm 0x8f rank 0 "
      "nranks 2 cudaDev 0ljm:4:41 [1] NCCL INFO Setting affinity toljm:3:3ljm:4:41 [1] NCCL INFO "
      "Trees [0] -1/-1/-1->1->0 [1] -1/-1/-1->1->0\n"
      "ljm:4:41 [1] NCCL INFO Channel 00 : 1[1] -> 0[0] via SHM/direct/direct\n"
      "ljm:4:41 [1] NCCL INFO comm 0x94 rank 1 nranks 2 cudaDev 1 busId 3000 commId 0x24 - Init "
      "COMPLETE\n"
      "ljm:3:31 [0] NCCL INFO comm 0x8f rank 0 nranks 2 cudaDev 0 busId 2000 commId 0x24 - Init "
      "COMPLETE\n";
  const MixedText mixed(text);
  std::size_t records = 0;
  for (const TextRecord& record : mixed.records()) {
    if (record.kind == TextRecord::Kind::kNcclLog) ++records;
  }
  EXPECT_EQ(records, 8u);
  Result<ImportResult> result = ImportText("glued.log", text, "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.ranks.size(), 2u);
  EXPECT_EQ(result->trace.topology.trees.size(), 2u);
  EXPECT_EQ(result->trace.topology.links.size(), 1u);
  EXPECT_EQ(result->trace.meta.host, "ljm");
}

TEST(NcclLogVariants, ReadsCollNetTuningChoicesTheInitTableAndTimestamps) {
  // NCCL 2.26+ may stamp each line (NCCL_DEBUG_TIMESTAMP_LEVELS); the table
  // and per-call lines are NCCL_DEBUG_SUBSYS=TUNING (2.24+).
  const std::string p = "[2026-01-05 10:00:00] h:7:8 [0] NCCL INFO ";
  const std::string text =
      p + "comm 0x1 rank 0 nranks 4 cudaDev 0 nvmlDev 0 busId 41000 commId 0x5a - Init START\n" +
      p + "CollNet 00/0 : 0 [send] via COLLNET/SHARP/0/GDRDMA\n" + p +
      "CollNet 00/0 : 0 [receive] via COLLNET/SHARP/0/GDRDMA\n" + p +
      "  Algorithm   |                   Tree |                  Ring |\n" + p +
      "  Protocol    |  LL | LL128 | Simple |  LL | LL128 | Simple |\n" + p +
      " Max NThreads | 512 |   640 |    512 | 512 |   640 |    512 |\n" + p +
      "     AllReduce | 10.4/ 43.6 | 21.5/ 128.8 | 32.4/ 165.6 | 10.2/ 94.0 | 25.4/ 220.8 | 28.8/ "
      "240.0 |\n" +
      p +
      "     Broadcast | 0.0/ 0.0 | 0.0/ 0.0 | 0.0/ 0.0 | 7.2/ 141.0 | 15.9/ 331.2 | 11.8/ 360.0 "
      "|\n" +
      p + "comm 0x1 rank 0 nranks 4 cudaDev 0 nvmlDev 0 busId 41000 commId 0x5a - Init COMPLETE\n" +
      "[2026-01-05 10:00:01] h:7:7 [0] NCCL INFO AllReduce: 8388608 Bytes -> Algo RING proto "
      "SIMPLE channel{Lo..Hi}={0..23}\n"
      "[2026-01-05 10:00:01] h:7:7 [0] NCCL INFO AllReduce: 1024 Bytes -> Algo NVLS_TREE proto "
      "LL channel{Lo..Hi}={0..3}\n";
  Result<ImportResult> result = ImportText("tuning.log", text, "nccl-log");
  ASSERT_TRUE(result.ok()) << result.error();
  const Trace& trace = result->trace;
  EXPECT_EQ(trace.ranks.size(), 4u);
  ASSERT_EQ(trace.topology.collnet.size(), 2u);
  EXPECT_FALSE(trace.topology.collnet[1].send);
  ASSERT_EQ(trace.tuning_choices.size(), 2u);
  EXPECT_EQ(trace.tuning_choices[0].algorithm, "ring");
  EXPECT_EQ(trace.tuning_choices[0].protocol, "SIMPLE");
  EXPECT_EQ(trace.tuning_choices[0].channel_hi, 23);
  EXPECT_EQ(trace.tuning_choices[1].algorithm, "nvls_tree");
  EXPECT_EQ(trace.tuning_choices[1].comm_ranks, 4);
  // Broadcast by tree is 0.0/0.0: disabled, not a table entry.
  ASSERT_EQ(trace.tuning_table.size(), 9u);
  EXPECT_EQ(trace.tuning_table[4].algorithm, "ring");
  EXPECT_EQ(trace.tuning_table[4].protocol, "LL128");
  EXPECT_DOUBLE_EQ(trace.tuning_table[4].latency_us, 25.4);
  EXPECT_DOUBLE_EQ(trace.tuning_table[4].bandwidth_gbps, 220.8);
  EXPECT_EQ(trace.tuning_table[4].max_threads, 640);
  EXPECT_EQ(trace.tuning_table[6].collective, "broadcast");
}

TEST(KinetoVariants, UnixEpochMicrosecondsAreExactAndOneRankKeepsTheJobsSize) {
  // PyTorch <= 2.0: no baseTimeNanoseconds, ts in microseconds since 1970.
  const std::string text = R"json({"schemaVersion":1,
    "distributedInfo":{"backend":"nccl","rank":3,"world_size":8},"traceEvents":[
    {"ph":"X","cat":"kernel","name":"ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)",
     "pid":0,"tid":7,"ts":1694128201436304.125,"dur":46.5,"args":{"correlation":5,"stream":7}},
    {"ph":"X","cat":"kernel","name":"ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)",
     "pid":0,"tid":7,"ts":1694128201436404,"dur":10,"args":{"correlation":6,"stream":7}}]})json";
  Result<ImportResult> result = ImportText("epoch.pt.trace.json", text);
  ASSERT_TRUE(result.ok()) << result.error();
  const Trace& trace = result->trace;
  ASSERT_EQ(trace.runs.size(), 2u);
  EXPECT_EQ(trace.runs[0].rank, 3);
  EXPECT_EQ(trace.runs[0].comm_ranks, 8);
  EXPECT_EQ(trace.runs[0].DurationNs(), 46500);
  EXPECT_EQ(trace.runs[1].t_start_ns, 99875);  // exact to the nanosecond
  EXPECT_EQ(trace.runs[0].sequence, 0);
  EXPECT_EQ(trace.runs[1].sequence, 1);
  ASSERT_NE(trace.meta.ExtraJson("time_zero_ns"), nullptr);
  EXPECT_EQ(*trace.meta.ExtraJson("time_zero_ns"), "1694128201436304125");
}

}  // namespace
}  // namespace collscope::trace
