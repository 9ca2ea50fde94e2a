#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"
#include "trace/importers/nccl_log/parser.h"
#include "trace/importers/nccl_log/tokenizer.h"

namespace collscope::trace {
namespace {

using testing::ImportData;

TEST(NcclLogTokenizer, ParsesPrefixVariants) {
  auto info = ParseNcclLogLine({1, "gpua001:1201:1290 [3] NCCL INFO Connected all rings"});
  ASSERT_TRUE(info);
  EXPECT_EQ(info->host, "gpua001");
  EXPECT_EQ(info->pid, 1201);
  EXPECT_EQ(info->tid, 1290);
  EXPECT_EQ(info->device, 3);
  EXPECT_EQ(info->message, "Connected all rings");

  auto warn = ParseNcclLogLine(
      {2, "[2026-11-25 12:00:01] h:1:2 [0] transport/net.cc:801 NCCL WARN NET/OFI failed"});
  ASSERT_TRUE(warn);
  EXPECT_EQ(warn->level, NcclLogLine::Level::kWarn);
  EXPECT_EQ(warn->host, "h");
  EXPECT_EQ(warn->message, "NET/OFI failed");

  auto tagged =
      ParseNcclLogLine({3, "[1,5]<stdout>:gpub010:90005:90105 [5] NCCL INFO Ring 00 : a"});
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->host, "gpub010");

  auto version = ParseNcclLogLine({4, "NCCL version 2.21.5+cuda12.4"});
  ASSERT_TRUE(version);
  EXPECT_EQ(version->level, NcclLogLine::Level::kVersion);

  EXPECT_FALSE(ParseNcclLogLine({5, "Epoch 1 done, loss 0.123"}));
  EXPECT_FALSE(ParseNcclLogLine({6, "NCCL INFO without a prefix"}));
}

// A channel count the user set is recorded, so the model does not read a
// NIC rate from it; other variables are not.
TEST(NcclLogImporter, RecordsAChannelCountSetByTheEnvironment) {
  const std::string log =
      "NCCL version 2.22.3+cuda12.4\n"
      "h1:10:20 [0] NCCL INFO NCCL_SOCKET_IFNAME set by environment to eno2np0\n"
      "h1:10:20 [0] NCCL INFO NCCL_MAX_NCHANNELS set by environment to 4\n"
      "h1:10:20 [0] NCCL INFO comm 0x1 rank 0 nRanks 2 nNodes 1 localRanks 2 localRank 0 MNNVL 0\n";
  Result<ImportResult> set = testing::ImportText("env.log", log, "nccl-log");
  ASSERT_TRUE(set.ok()) << set.error();
  const std::string* by = set->trace.meta.ExtraJson("channels_set_by");
  ASSERT_NE(by, nullptr);
  EXPECT_EQ(*by, "\"NCCL_MAX_NCHANNELS\"");
  const std::string unset_log = log.substr(0, log.find("h1:10:20 [0] NCCL INFO NCCL_MAX"));
  Result<ImportResult> unset = testing::ImportText("env.log", unset_log, "nccl-log");
  ASSERT_TRUE(unset.ok()) << unset.error();
  EXPECT_EQ(unset->trace.meta.ExtraJson("channels_set_by"), nullptr);
}

TEST(NcclLogImporter, ReadsRingsTreesTransportsAndCallsFrom2_21) {
  ImportResult result = ImportData({"nccl_log_2_21_single_node.log"}, "auto");
  const Trace& trace = result.trace;
  EXPECT_EQ(trace.meta.source, "nccl-log");
  EXPECT_EQ(trace.meta.nccl_version, "2.21.5");
  EXPECT_EQ(*trace.meta.ExtraJson("cuda"), "\"12.4\"");
  EXPECT_EQ(*trace.meta.ExtraJson("nodes"), "1");
  EXPECT_EQ(*trace.meta.ExtraJson("nranks"), "4");
  EXPECT_EQ(*trace.meta.ExtraJson("coll_channels"), "4");
  EXPECT_EQ(*trace.meta.ExtraJson("nvls_channels"), "0");
  ASSERT_EQ(trace.ranks.size(), 4u);
  EXPECT_EQ(trace.ranks[2].host, "gpua001");
  EXPECT_EQ(trace.ranks[2].device, 2);
  ASSERT_EQ(trace.topology.rings.size(), 4u);
  EXPECT_EQ(trace.topology.rings[1], (std::vector<std::int32_t>{0, 2, 3, 1}));
  ASSERT_EQ(trace.topology.trees.size(), 4u);
  const Tree& tree = trace.topology.trees[0];
  ASSERT_EQ(tree.nodes.size(), 4u);
  EXPECT_EQ(tree.nodes[0].parent, -1);
  EXPECT_EQ(tree.nodes[0].children, (std::vector<std::int32_t>{1}));
  EXPECT_EQ(tree.nodes[3].parent, 2);
  EXPECT_TRUE(tree.nodes[3].children.empty());
  // 16 ring connections + 24 tree connections, 10 of them the same
  // (channel, src, dst).
  EXPECT_EQ(trace.topology.links.size(), 30u);
  EXPECT_EQ(trace.topology.links[0].transport, "P2P/CUMEM/read");
  ASSERT_EQ(trace.runs.size(), 4u);
  EXPECT_EQ(trace.runs[0].collective, "allreduce");
  EXPECT_EQ(trace.runs[0].bytes, 262144 * 4);
  EXPECT_EQ(trace.runs[0].algorithm, "ring");
  EXPECT_EQ(trace.runs[0].protocol, "LL128");
  EXPECT_EQ(trace.runs[1].protocol, "SIMPLE");
  EXPECT_EQ(trace.runs[2].collective, "allgather");
  EXPECT_EQ(trace.runs[2].dtype, "bfloat16");
  EXPECT_EQ(trace.runs[2].bytes, 65536 * 2 * 4);  // send count x 2 bytes x 4 ranks
  EXPECT_EQ(trace.runs[3].collective, "broadcast");
  EXPECT_EQ(trace.runs[3].iteration, 3);
  // The WARN line is reported; unknown lines (tuning table, NVLS, program
  // output) are skipped silently.
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("NCCL WARN Cuda failure"), std::string::npos);
}

TEST(NcclLogImporter, Reads2_18InitLinesShmAndNetTransports) {
  ImportResult result = ImportData({"nccl_log_2_18_two_nodes.log"}, "nccl-log");
  const Trace& trace = result.trace;
  EXPECT_EQ(trace.meta.nccl_version, "2.18.5");
  EXPECT_EQ(trace.meta.host, "gpua040,gpua041");
  EXPECT_EQ(*trace.meta.ExtraJson("nodes"), "2");  // 2.18 has no nNodes line: from hosts
  EXPECT_EQ(*trace.meta.ExtraJson("network"), "\"IB\"");
  ASSERT_EQ(trace.ranks.size(), 4u);
  EXPECT_EQ(trace.ranks[3].host, "gpua041");
  ASSERT_EQ(trace.topology.rings.size(), 2u);
  EXPECT_EQ(trace.topology.rings[0], (std::vector<std::int32_t>{0, 1, 2, 3}));
  ASSERT_EQ(trace.topology.trees.size(), 2u);
  EXPECT_EQ(trace.topology.trees[1].nodes[2].parent, -1);  // the complementary tree's root
  EXPECT_EQ(trace.topology.trees[1].nodes[2].children, (std::vector<std::int32_t>{3, 0}));
  ASSERT_EQ(trace.topology.links.size(), 8u);
  EXPECT_EQ(trace.topology.links[0].transport, "SHM/direct/direct");
  EXPECT_EQ(trace.topology.links[1].transport, "NET/IB/0/GDRDMA");
  EXPECT_EQ(trace.topology.links[1].src, 1);
  EXPECT_EQ(trace.topology.links[1].dst, 2);
  ASSERT_EQ(trace.runs.size(), 1u);
  // "Algo 1 proto 2": NCCL's ids for RING and SIMPLE.
  EXPECT_EQ(trace.runs[0].algorithm, "ring");
  EXPECT_EQ(trace.runs[0].protocol, "SIMPLE");
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST(NcclLogImporter, RecoversTruncatedRingFromPerRankRingLines) {
  ImportResult result = ImportData({"nccl_log_2_28_48ranks_truncated_ring.log"}, "auto");
  const Trace& trace = result.trace;
  EXPECT_EQ(trace.meta.nccl_version, "2.28.9");
  EXPECT_EQ(*trace.meta.ExtraJson("nodes"), "6");
  ASSERT_EQ(trace.ranks.size(), 48u);
  EXPECT_EQ(trace.ranks[47].host, "gpub015");
  ASSERT_EQ(trace.topology.rings.size(), 2u);
  const auto& ring = trace.topology.rings[0];
  ASSERT_EQ(ring.size(), 48u);
  EXPECT_EQ(ring[8], 15);  // node 1 runs backwards
  EXPECT_EQ(ring[47], 40);
  // The split communicator (2 ranks) is not the one shown.
  bool warned = false;
  for (const std::string& w : result.warnings) {
    warned = warned || w.find("2 communicators") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

TEST(NcclLogImporter, SeveralFilesOfOneJobMerge) {
  // One file per process (NCCL_DEBUG_FILE=...%h.%p): split the 2.18 log by
  // host and import both halves.
  const std::string text = testing::ReadFile(testing::DataPath("nccl_log_2_18_two_nodes.log"));
  std::string a, b;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start + 1);
    (line.find("gpua041") != std::string::npos ? b : a) += line;
    start = end + 1;
  }
  const std::string pa = testing::TempPath("gpua040.log");
  const std::string pb = testing::TempPath("gpua041.log");
  testing::WriteFile(pa, a);
  testing::WriteFile(pb, b);
  Result<ImportResult> result = ImportFiles({pa, pb}, "auto");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.ranks.size(), 4u);
  EXPECT_EQ(result->trace.topology.links.size(), 8u);
  EXPECT_EQ(result->trace.topology.trees[0].nodes.size(), 4u);
}

TEST(NcclLogImporter, LogWithoutNcclLinesIsAnError) {
  const std::string path = testing::TempPath("app.log");
  testing::WriteFile(path, "hello\nNCCL version 2.21.5+cuda12.4\n");
  Result<ImportResult> result = ImportFiles({path}, "nccl-log");
  // The bare version line counts as NCCL output (NCCL_DEBUG=VERSION).
  ASSERT_TRUE(result.ok()) << result.error();
  testing::WriteFile(path, "hello\nworld\n");
  result = ImportFiles({path}, "nccl-log");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find(path + ":1: no NCCL log lines"), std::string::npos)
      << result.error();
}

TEST(NcclLogImporter, DatatypeCodesFollowNcclH) {
  EXPECT_EQ(NcclDatatypeName(7), "float32");
  EXPECT_EQ(NcclDatatypeName(9), "bfloat16");
  EXPECT_EQ(NcclDatatypeName(0), "int8");
  EXPECT_EQ(NcclDatatypeName(42), "type42");
}

}  // namespace
}  // namespace collscope::trace

namespace collscope::trace {
namespace {

TEST(NcclLogImporter, AcceptsBusIdBracketsOfNcclBefore2_18_3) {
  // <= 2.18.1 printed the PCI busId in hex inside the brackets.
  const std::string path = testing::TempPath("nccl_2_17.log");
  testing::WriteFile(
      path,
      "n1:10:11 [1] NCCL INFO NCCL version 2.17.1+cuda12.0\n"
      "n1:10:11 [1] NCCL INFO Channel 00/02 :    0   1\n"
      "n1:10:11 [1] NCCL INFO Channel 00/0 : 1[21000] -> 0[1000] via P2P/IPC/read\n"
      "n1:10:11 [1] NCCL INFO Channel 00 : 0[1000] -> 1[21000] via SHM/direct/direct\n");
  Result<ImportResult> result = ImportFiles({path}, "auto");
  ASSERT_TRUE(result.ok()) << result.error();
  const Trace& trace = result->trace;
  EXPECT_EQ(trace.meta.nccl_version, "2.17.1");
  ASSERT_EQ(trace.topology.links.size(), 2u);
  EXPECT_EQ(trace.topology.links[0].src, 1);
  EXPECT_EQ(trace.topology.links[0].dst, 0);
  EXPECT_EQ(trace.topology.links[1].transport, "SHM/direct/direct");
  ASSERT_EQ(trace.topology.rings.size(), 1u);
  EXPECT_EQ(trace.topology.rings[0], (std::vector<std::int32_t>{0, 1}));
}

// NCCL's GPU-to-GPU paths, in the real logs of both print formats; the
// expected values are the lines' own (grep ':GPU/' in the files).
void ExpectPath(const GpuPath& path, const char* host, const char* from, const char* to, int hops,
                double bw_gbps, const char* type) {
  EXPECT_EQ(path.host, host);
  EXPECT_EQ(path.from, from);
  EXPECT_EQ(path.to, to);
  EXPECT_EQ(path.hops, hops);
  EXPECT_DOUBLE_EQ(path.bw_gbps, bw_gbps);
  EXPECT_EQ(path.type, type);
}

TEST(NcclLogImporter, ReadsNcclsGpuPathsOfBothPrintFormats) {
  // 2.27: "mew0:64904:64920 [0] NCCL INFO GPU/0-17000 :GPU/0-17000
  // (0/5000.0/LOC) GPU/0-65000 (1/240.0/NVL) CPU/0-0 (1/24.0/PHB)"; both
  // ranks print both GPUs' lines: one path each way.
  auto bridged = testing::ImportRealFile(
      "nccl-tests/Timez-zx-nccl-tests_A100PCIe_x2_nccl2.27.7_DEBUG_ALL_rows_split_by_INFO.log");
  if (!bridged) GTEST_SKIP() << "no realdata";
  ASSERT_EQ(bridged->topology.gpu_paths.size(), 2u);
  ExpectPath(bridged->topology.gpu_paths[0], "mew0", "0-17000", "0-65000", 1, 240.0, "NVL");
  EXPECT_EQ(bridged->topology.gpu_paths[1].from, "0-65000");
  EXPECT_EQ(bridged->topology.gpu_paths[1].to, "0-17000");
  // <= 2.18: "GPU/1000 :GPU/1000 (0/5000.000000/LOC) GPU/81000
  // (3/24.000000/SYS) CPU/0 (1/24.000000/PHB) CPU/1 (2/24.000000/SYS)".
  auto pcie = testing::ImportRealFile(
      "nccl-tests/thomaslie210_1node_2xA100-PCIE-40GB_all_reduce_stepbytes_ncclinfo.txt");
  ASSERT_TRUE(pcie);
  ASSERT_EQ(pcie->topology.gpu_paths.size(), 2u);
  ExpectPath(pcie->topology.gpu_paths[0], "n013", "1000", "81000", 3, 24.0, "SYS");
}

// Figures that are not "(hops/bandwidth/type)" give no path; the line's
// good pairs still count.
TEST(NcclLogImporter, MalformedPathFiguresAreSkipped) {
  const std::string path = testing::TempPath("nccl_log_bad_paths.log");
  testing::WriteFile(path,
                     "h:1:2 [0] NCCL INFO comm 0x1 rank 0 nranks 2 cudaDev 0 busId 1000 commId "
                     "0xab - Init START\n"
                     "h:1:2 [0] NCCL INFO GPU/1000 :GPU/1000 (0/5000.0/LOC) GPU/2000 (x/24/SYS) "
                     "GPU/3000 (1/24.0) GPU/4000 2/24.0/PHB GPU/5000 (2/48.0/PXB)\n"
                     "h:1:2 [0] NCCL INFO comm 0x1 rank 0 nranks 2 cudaDev 0 busId 1000 commId "
                     "0xab - Init COMPLETE\n");
  auto loaded = ImportFiles({path}, "nccl-log");
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  ASSERT_EQ(loaded->trace.topology.gpu_paths.size(), 1u);
  EXPECT_EQ(loaded->trace.topology.gpu_paths[0].to, "5000");
  EXPECT_EQ(loaded->trace.topology.gpu_paths[0].type, "PXB");
}

}  // namespace
}  // namespace collscope::trace
