// Machines and what NCCL's topology search finds on them, against the GRAPH
// and init-table lines NCCL printed in the real-file corpus the tests read (COLLSCOPE_REALDATA).
#include <gtest/gtest.h>

#include "engine/machine.h"
#include "engine/nccl_graph.h"

namespace collscope::engine {
namespace {

TEST(Machine, PresetsNameTheirNodeCount) {
  for (const MachinePreset& preset : MachinePresets()) {
    auto one = FindMachine(preset.name);
    ASSERT_TRUE(one) << preset.name;
    EXPECT_EQ(one->nodes, 1);
    auto four = FindMachine(std::string(preset.name) + ":4");
    ASSERT_TRUE(four);
    EXPECT_EQ(four->nodes, 4);
    EXPECT_EQ(four->Ranks(), 4 * one->gpus_per_node);
  }
  EXPECT_FALSE(FindMachine("delta-a100x4:0"));
  EXPECT_FALSE(FindMachine("delta-a100x4:two"));
  EXPECT_FALSE(FindMachine("dgx-a100"));
}

TEST(Machine, DeltaNodesAreWhatTheDeltaDocsSay) {
  const Machine x4 = *FindMachine("delta-a100x4");
  EXPECT_EQ(x4.link, IntraNodeLink::kNvLinkMesh);
  EXPECT_DOUBLE_EQ(x4.PairLinkBw(), 4 * 20.0);  // NV4 at SM80_NVLINK_BW
  EXPECT_DOUBLE_EQ(x4.GpuLinkBw(), 3 * 4 * 20.0);
  EXPECT_EQ(x4.nics_per_node, 1);
  EXPECT_DOUBLE_EQ(x4.nic_bw, 25.0);  // 200 Gb/s Slingshot 11
  const Machine x8 = *FindMachine("delta-a100x8");
  EXPECT_EQ(x8.link, IntraNodeLink::kNvSwitch);
  EXPECT_DOUBLE_EQ(x8.GpuLinkBw(), 12 * 20.0);
  EXPECT_EQ(FindMachine("delta-a40x4")->link, IntraNodeLink::kPcie);
  EXPECT_DOUBLE_EQ(FindMachine("hgx-h100")->GpuLinkBw(), 18 * 20.6);
  EXPECT_TRUE(FindMachine("hgx-h200")->nvls);
}

TEST(Machine, TraceFactsPickThePresetFamily) {
  auto h100 = MachineFromFacts({"NVIDIA H100 80GB HBM3", 8, 1, {}, "2.29.2+cuda13.1"});
  ASSERT_TRUE(h100);
  EXPECT_EQ(h100->link, IntraNodeLink::kNvSwitch);
  EXPECT_TRUE(h100->nvls);
  EXPECT_EQ(h100->nccl_minor, 29);
  auto polaris = MachineFromFacts({"NVIDIA A100-SXM4-40GB", 8, 2, {}, ""});
  ASSERT_TRUE(polaris);
  EXPECT_EQ(polaris->gpus_per_node, 4);
  EXPECT_EQ(polaris->nodes, 2);
  EXPECT_EQ(polaris->link, IntraNodeLink::kNvLinkMesh);
  auto a100x8 = MachineFromFacts({"NVIDIA A100-SXM4-80GB", 8, 1, {}, ""});
  EXPECT_EQ(a100x8->link, IntraNodeLink::kNvSwitch);
  auto shm = MachineFromFacts({"NVIDIA A100-SXM4-40GB", 2, 1, {"SHM/direct/direct"}, ""});
  EXPECT_EQ(shm->link, IntraNodeLink::kPcie);
  auto sockets = MachineFromFacts({"NVIDIA H100", 16, 2, {"NET/Socket/0"}, "2.22.3"});
  EXPECT_EQ(sockets->network, "TCP sockets");
  EXPECT_EQ(sockets->nccl_minor, 22);
  std::string why;
  EXPECT_FALSE(MachineFromFacts({"AMD Instinct MI300X", 8, 1, {}, ""}, &why));
  EXPECT_NE(why.find("MI300X"), std::string::npos);
  EXPECT_EQ(NcclMinorVersion("2.18.3"), 18);
  EXPECT_FALSE(NcclMinorVersion("rccl-2.22"));
}

// realdata g4/g6 H100 init tables imply NCCL's ring graph carries 360 GB/s
// (Broadcast Ring/Simple 360.0), its NVLS graph 4 x 60 (AllGather NVLS
// 114.8 = 4 x 60 x .85 x 3/4 x 3/4); the 24 coll channels of the log are
// the ring's 12, doubled.
TEST(NcclGraph, H100NvSwitchMatchesNcclsGraphs) {
  Machine m = *FindMachine("hgx-h100");
  m.gpus_per_node = 4;
  NcclGraphs g = SearchNcclGraphs(m);
  EXPECT_EQ(g.ring.channels, 12);
  EXPECT_DOUBLE_EQ(g.ring.bw_intra, 30.0);
  EXPECT_EQ(g.comm_channels, 24);
  EXPECT_EQ(g.nvls.channels, 4);
  EXPECT_DOUBLE_EQ(g.nvls.bw_intra, 60.0);
  EXPECT_DOUBLE_EQ(g.nvls.bw_inter, 60.0);
  EXPECT_EQ(g.nvls_channels, 16);
  m.gpus_per_node = 8;  // 8 x 60 > 18 x 20.6: the next speed down
  g = SearchNcclGraphs(m);
  EXPECT_EQ(g.nvls.channels, 8);
  EXPECT_DOUBLE_EQ(g.nvls.bw_intra, 40.0);
}

// realdata thomaslie210 (2x A100-PCIE-40GB, NCCL 2.16.5): "Pattern 4,
// crossNic 0, nChannels 2, bw 12.000000/12.000000, type SYS/PIX".
TEST(NcclGraph, TwoPcieA100sFindTwoRingChannelsOfTwelve) {
  auto m = MachineFromFacts({"NVIDIA A100-PCIE-40GB", 2, 1, {}, "2.16.5"});
  ASSERT_TRUE(m);
  NcclGraphs g = SearchNcclGraphs(*m);
  EXPECT_EQ(g.ring.channels, 2);
  EXPECT_DOUBLE_EQ(g.ring.bw_intra, 12.0);
  EXPECT_FALSE(g.ring.nvlink);
  EXPECT_FALSE(g.ring.ll128_allowed);
}

TEST(NcclGraph, NoNvlsWithoutNvSwitchOrBeforeHopper) {
  EXPECT_EQ(SearchNcclGraphs(*FindMachine("delta-a100x8")).nvls.channels, 0);
  EXPECT_EQ(SearchNcclGraphs(*FindMachine("delta-a100x4")).nvls.channels, 0);
}

TEST(NcclGraph, AcrossNodesTheNicsLimitTheRing) {
  // One 25 GB/s Slingshot NIC behind a 24 GB/s PCIe link: one channel.
  NcclGraphs g = SearchNcclGraphs(*FindMachine("delta-a100x4:2"));
  EXPECT_LE(g.ring.Total(), 25.0);
  EXPECT_GE(g.ring.channels, 1);
  // Eight 50 GB/s NICs on HGX H100: each GPU's NVLinks are the limit.
  NcclGraphs h = SearchNcclGraphs(*FindMachine("hgx-h100:2"));
  EXPECT_LE(h.ring.Total(), 18 * 20.6);
  EXPECT_GE(h.ring.Total(), 300.0);
}

}  // namespace
}  // namespace collscope::engine

namespace collscope::engine {
namespace {

TEST(Machine, FamilyNamesThePresetOnlyWhenTheHardwareIsIt) {
  EXPECT_EQ(FindMachine("hgx-h100:2")->family, "hgx-h100");
  EXPECT_EQ(MachineFromFacts({"NVIDIA H100 80GB HBM3", 4, 1, {}, ""})->family, "hgx-h100");
  EXPECT_EQ(MachineFromFacts({"NVIDIA A100-SXM4-40GB", 8, 2, {}, ""})->family, "delta-a100x4");
  EXPECT_EQ(MachineFromFacts({"NVIDIA A40", 4, 1, {}, ""})->family, "delta-a40x4");
  EXPECT_EQ(MachineFromFacts({"NVIDIA A100-PCIE-40GB", 2, 1, {}, ""})->family, "");
  EXPECT_EQ(MachineFromFacts({"NVIDIA H100 PCIe", 2, 1, {}, ""})->family, "");
}

}  // namespace
}  // namespace collscope::engine
