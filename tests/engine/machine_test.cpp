// Machines and what NCCL's topology search finds on them, against the GRAPH
// and init-table lines NCCL printed in the real-file corpus the tests read (COLLSCOPE_REALDATA).
#include <gtest/gtest.h>

#include "engine/machine.h"
#include "engine/nccl_graph.h"

namespace collscope::engine {
namespace {

MachineFacts Facts(std::string gpu, int ranks, int nodes, std::vector<std::string> transports,
                   std::string nccl_version) {
  MachineFacts facts;
  facts.gpu = std::move(gpu);
  facts.ranks = ranks;
  facts.nodes = nodes;
  facts.transports = std::move(transports);
  facts.nccl_version = std::move(nccl_version);
  return facts;
}

MachineFacts WithGpuPath(MachineFacts facts, std::string type, int hops, double bw) {
  facts.gpu_path_type = std::move(type);
  facts.gpu_path_hops = hops;
  facts.gpu_path_bw = bw;
  return facts;
}

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
  auto h100 = MachineFromFacts(Facts("NVIDIA H100 80GB HBM3", 8, 1, {}, "2.29.2+cuda13.1"));
  ASSERT_TRUE(h100);
  EXPECT_EQ(h100->link, IntraNodeLink::kNvSwitch);
  EXPECT_TRUE(h100->nvls);
  EXPECT_EQ(h100->nccl_minor, 29);
  auto polaris = MachineFromFacts(Facts("NVIDIA A100-SXM4-40GB", 8, 2, {}, ""));
  ASSERT_TRUE(polaris);
  EXPECT_EQ(polaris->gpus_per_node, 4);
  EXPECT_EQ(polaris->nodes, 2);
  EXPECT_EQ(polaris->link, IntraNodeLink::kNvLinkMesh);
  auto a100x8 = MachineFromFacts(Facts("NVIDIA A100-SXM4-80GB", 8, 1, {}, ""));
  EXPECT_EQ(a100x8->link, IntraNodeLink::kNvSwitch);
  auto shm = MachineFromFacts(Facts("NVIDIA A100-SXM4-40GB", 2, 1, {"SHM/direct/direct"}, ""));
  EXPECT_EQ(shm->link, IntraNodeLink::kPcie);
  auto sockets = MachineFromFacts(Facts("NVIDIA H100", 16, 2, {"NET/Socket/0"}, "2.22.3"));
  EXPECT_EQ(sockets->network, "TCP sockets");
  EXPECT_EQ(sockets->nccl_minor, 22);
  // The NICs are the network devices NCCL's transports name, PXN's form too.
  auto four_nics = MachineFromFacts(
      Facts("NVIDIA H100", 8, 2, {"NET/IB/1/GDRDMA", "NET/IB/2(0)/GDRDMA", "P2P/CUMEM"}, "2.22.3"));
  EXPECT_EQ(four_nics->nics_per_node, 2);
  EXPECT_EQ(four_nics->family, "");
  MachineFacts no_nvls = Facts("NVIDIA H100 80GB HBM3", 8, 1, {}, "2.29.2");
  no_nvls.nvls_channels = 0;
  EXPECT_FALSE(MachineFromFacts(no_nvls)->nvls);
  no_nvls.nvls_channels = 16;
  EXPECT_TRUE(MachineFromFacts(no_nvls)->nvls);
  std::string why;
  EXPECT_FALSE(MachineFromFacts(Facts("AMD Instinct MI300X", 8, 1, {}, ""), &why));
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
  auto m = MachineFromFacts(Facts("NVIDIA A100-PCIE-40GB", 2, 1, {}, "2.16.5"));
  ASSERT_TRUE(m);
  NcclGraphs g = SearchNcclGraphs(*m);
  EXPECT_EQ(g.ring.channels, 2);
  EXPECT_DOUBLE_EQ(g.ring.bw_intra, 12.0);
  EXPECT_FALSE(g.ring.nvlink);
  EXPECT_FALSE(g.ring.ll128_allowed);
}

// realdata Timez-zx (2x A100 PCIe, NCCL 2.27.7): the log's paths join the
// pair directly, `GPU/0-65000 (1/240.0/NVL)`, and NCCL's ring graph is
// "Pattern 4, crossNic 0, nChannels 12, bw 20.000000/20.000000, type NVL/PIX".
TEST(NcclGraph, TwoNvlinkBridgedPcieA100sFindTwelveRingChannelsOfTwenty) {
  auto m = MachineFromFacts(
      WithGpuPath(Facts("NVIDIA A100-PCIE-40GB", 2, 1, {}, "2.27.7"), "NVL", 1, 240.0));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->link, IntraNodeLink::kNvLinkMesh);
  EXPECT_EQ(m->nvlinks, 12);
  EXPECT_DOUBLE_EQ(m->PairLinkBw(), 240.0);
  NcclGraphs g = SearchNcclGraphs(*m);
  EXPECT_EQ(g.ring.channels, 12);
  EXPECT_DOUBLE_EQ(g.ring.bw_intra, 20.0);
  EXPECT_TRUE(g.ring.nvlink);
}

// Paths over PCIe keep a PCIe machine, whatever the GPU's name allows;
// NVLink through a switch keeps the family's board.
TEST(Machine, NcclsPathsDecideTheIntraNodeLink) {
  auto sys = MachineFromFacts(
      WithGpuPath(Facts("NVIDIA A100-PCIE-40GB", 2, 1, {}, "2.16.5"), "SYS", 3, 24.0));
  EXPECT_EQ(sys->link, IntraNodeLink::kPcie);
  auto bridged_sxm =
      MachineFromFacts(WithGpuPath(Facts("NVIDIA A100-SXM4-40GB", 8, 1, {}, ""), "PHB", 2, 24.0));
  EXPECT_EQ(bridged_sxm->link, IntraNodeLink::kPcie);
  EXPECT_EQ(bridged_sxm->family, "");  // not the NVSwitch board the name suggests
  auto switched =
      MachineFromFacts(WithGpuPath(Facts("NVIDIA A100-SXM4-80GB", 8, 1, {}, ""), "NVL", 2, 240.0));
  EXPECT_EQ(switched->link, IntraNodeLink::kNvSwitch);
  EXPECT_EQ(switched->family, "delta-a100x8");
  auto nv4 =
      MachineFromFacts(WithGpuPath(Facts("NVIDIA A100-SXM4-40GB", 4, 1, {}, ""), "NVL", 1, 80.0));
  EXPECT_EQ(nv4->link, IntraNodeLink::kNvLinkMesh);
  EXPECT_EQ(nv4->nvlinks, 4);
  EXPECT_EQ(nv4->family, "delta-a100x4");  // Delta's NV4 board, as its preset says
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

// Across nodes NCCL's channel count names its NICs' rate: 4 NICs of 25 GB/s
// carry 4 ring channels of 24 GB/s, not doubled (bwIntra < 25): 8 comm
// channels; of 50 GB/s, 4 of 48 doubled to 8: 16 (search.cc v2.25.1).
TEST(Machine, TheLoggedChannelCountGivesTheNicRate) {
  const std::vector<std::string> four_ib_nics = {"NET/IB/0/GDRDMA", "NET/IB/1/GDRDMA",
                                                 "NET/IB/2/GDRDMA", "NET/IB/3/GDRDMA"};
  MachineFacts facts = Facts("NVIDIA H100 80GB HBM3", 8, 2, four_ib_nics, "2.22.3");
  const double board = MachineFromFacts(facts)->nic_bw;
  EXPECT_DOUBLE_EQ(board, 50.0);
  facts.coll_channels = 16;
  EXPECT_DOUBLE_EQ(MachineFromFacts(facts)->nic_bw, 50.0);
  // 100 and 200 Gbit/s both give 8: the rate nearer the board's.
  facts.coll_channels = 8;
  std::string why;
  const auto hdr = MachineFromFacts(facts, &why);
  EXPECT_DOUBLE_EQ(hdr->nic_bw, 25.0);
  EXPECT_EQ(SearchNcclGraphs(*hdr).comm_channels, 8);
  EXPECT_NE(why.find("8 coll channels"), std::string::npos) << why;
  EXPECT_NE(why.find("200 Gbit/s"), std::string::npos) << why;
  // A count no rate gives keeps the board's, and says so.
  facts.coll_channels = 3;
  why.clear();
  EXPECT_DOUBLE_EQ(MachineFromFacts(facts, &why)->nic_bw, 50.0);
  EXPECT_NE(why.find("no standard NIC rate"), std::string::npos) << why;
  // One node has no NIC in its rings: the count says nothing about one.
  MachineFacts one_node = Facts("NVIDIA H100 80GB HBM3", 8, 1, {}, "2.22.3");
  one_node.coll_channels = 8;
  EXPECT_DOUBLE_EQ(MachineFromFacts(one_node)->nic_bw,
                   MachineFromFacts(Facts("NVIDIA H100 80GB HBM3", 8, 1, {}, "2.22.3"))->nic_bw);
}

TEST(Machine, FamilyNamesThePresetOnlyWhenTheHardwareIsIt) {
  EXPECT_EQ(FindMachine("hgx-h100:2")->family, "hgx-h100");
  EXPECT_EQ(MachineFromFacts(Facts("NVIDIA H100 80GB HBM3", 4, 1, {}, ""))->family, "hgx-h100");
  EXPECT_EQ(MachineFromFacts(Facts("NVIDIA A100-SXM4-40GB", 8, 2, {}, ""))->family, "delta-a100x4");
  EXPECT_EQ(MachineFromFacts(Facts("NVIDIA A40", 4, 1, {}, ""))->family, "delta-a40x4");
  EXPECT_EQ(MachineFromFacts(Facts("NVIDIA A100-PCIE-40GB", 2, 1, {}, ""))->family, "");
  EXPECT_EQ(MachineFromFacts(Facts("NVIDIA H100 PCIe", 2, 1, {}, ""))->family, "");
}

}  // namespace
}  // namespace collscope::engine
