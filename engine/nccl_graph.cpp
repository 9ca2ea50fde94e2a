#include "engine/nccl_graph.h"

#include <algorithm>
#include <cmath>
#include <span>

namespace collscope::engine {
namespace {

// The per-channel speeds NCCL's search tries, fastest first:
// src/graph/search.cc v2.25.1 (commit 80f6bda4) speedArrayIntra/Inter,
// sm90SpeedArrayIntra/Inter, sm100SpeedArrayIntra/Inter. Intra arrays are
// used when the system has no NIC (one node), inter arrays otherwise.
constexpr double kSpeedIntra[] = {40.0, 30.0, 20.0, 18.0, 15.0, 12.0, 10.0,
                                  9.0,  7.0,  6.0,  5.0,  4.0,  3.0};
constexpr double kSpeedInter[] = {48.0, 30.0, 28.0, 24.0, 20.0, 18.0, 15.0, 12.0, 10.0, 9.0,
                                  7.0,  6.0,  5.0,  4.0,  3.0,  2.4,  1.2,  0.24, 0.12};
constexpr double kSm90SpeedIntra[] = {60.0, 50.0, 40.0, 30.0, 24.0, 20.0,
                                      15.0, 12.0, 11.0, 6.0,  3.0};
constexpr double kSm90SpeedInter[] = {48.0, 45.0, 42.0, 40.0, 30.0, 24.0, 22.0, 20.0, 17.5,
                                      15.0, 12.0, 6.0,  3.0,  2.4,  1.2,  0.24, 0.12};
constexpr double kSm100SpeedIntra[] = {90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 24.0, 20.0, 19.0};
constexpr double kSm100SpeedInter[] = {48.0, 45.0, 42.0, 40.0, 30.0, 24.0, 22.0, 20.0, 17.5,
                                       15.0, 12.0, 6.0,  3.0,  2.4,  1.2,  0.24, 0.12};

// init.cc: ringGraph.maxChannels = MAXCHANNELS/2 (MAXCHANNELS is 32).
constexpr int kMaxGraphChannels = 16;
constexpr int kMaxCommChannels = 32;
// NVLS runs on NVLS_NCHANNELS channels: 16 on H100 (the realdata g4 log
// prints "NVLS multicast support is available on dev 0 (NVLS_NCHANNELS 16)").
constexpr int kNvlsChannels = 16;
// src/include/device.h NCCL_MAX_NVLS_ARITY.
constexpr int kMaxNvlsArity = 32;

std::span<const double> Speeds(int compute_capability, bool multi_node) {
  if (compute_capability >= 100) {
    return multi_node ? std::span<const double>(kSm100SpeedInter) : kSm100SpeedIntra;
  }
  if (compute_capability >= 90) {
    return multi_node ? std::span<const double>(kSm90SpeedInter) : kSm90SpeedIntra;
  }
  return multi_node ? std::span<const double>(kSpeedInter) : kSpeedIntra;
}

// How many channels of `speed` the links carry: every ring channel leaves
// each GPU once over its intra-node links and, across nodes, crosses one
// NIC of each node.
int ChannelsAt(const Machine& m, double speed) {
  int channels = kMaxGraphChannels;
  if (m.gpus_per_node > 1) {
    const double per_gpu =
        m.link == IntraNodeLink::kNvLinkMesh
            ? std::max(1, m.gpus_per_node - 1) * std::floor(m.PairLinkBw() / speed)
            : std::floor(m.GpuLinkBw() / speed);
    channels = std::min(channels, static_cast<int>(per_gpu));
  }
  if (m.nodes > 1) {
    channels = std::min(channels, m.nics_per_node * static_cast<int>(std::floor(m.nic_bw / speed)));
  }
  return std::max(0, channels);
}

// The most one channel may carry (system->maxBw) and what the links carry
// in all (system->totalBw).
double MaxChannelBw(const Machine& m) {
  double bw = m.gpus_per_node > 1 ? m.PairLinkBw() : 1e9;
  if (m.nodes > 1) bw = std::min({bw, m.nic_bw, m.pci_bw});
  return bw;
}
double TotalBw(const Machine& m) {
  double bw = m.gpus_per_node > 1 ? m.GpuLinkBw() : 1e9;
  if (m.nodes > 1) bw = std::min(bw, m.nics_per_node * m.nic_bw);
  return bw;
}

// ncclTopoCompute's first pass for a ring: from the fastest speed the links
// allow, downwards while the next speed is more than .49 of the best found,
// keeping the channels x speed that carries most; then ncclTopoDupChannels
// and the second pass that raises the speed at the same channel count.
NcclGraph SearchRing(const Machine& m) {
  NcclGraph graph;
  const auto speeds = Speeds(m.compute_capability, m.nodes > 1);
  const double max_bw = MaxChannelBw(m), total_bw = TotalBw(m);
  std::size_t index = 0;
  while (index + 1 < speeds.size() && speeds[index] > max_bw) ++index;
  for (; index < speeds.size(); ++index) {
    if (graph.channels > 0 && speeds[index] / graph.bw_intra <= .49) break;
    const int channels = ChannelsAt(m, speeds[index]);
    if (channels * speeds[index] > graph.Total()) {
      graph.channels = channels;
      graph.bw_intra = graph.bw_inter = speeds[index];
    }
    if (graph.Total() >= total_bw) break;  // optimal: the links are full
  }
  if (graph.channels == 0) {
    // search.cc: "Could not find a path", one channel at 0.1 GB/s.
    graph.channels = 1;
    graph.bw_intra = graph.bw_inter = 0.1;
    return graph;
  }
  // ncclTopoDupChannels (search.cc v2.25.1).
  const bool dup = graph.bw_intra >= 25.0 &&
                   !(m.compute_capability > 80 && graph.bw_intra < 50.0 && graph.channels > 4);
  if (dup) {
    const int doubled = std::min(graph.channels * 2, kMaxGraphChannels);
    const int divide = (doubled + graph.channels - 1) / graph.channels;
    graph.bw_intra /= divide;
    graph.bw_inter /= divide;
    graph.channels = doubled;
  }
  // Second pass: a faster speed on the same channels, while the links allow.
  for (auto s = speeds.rbegin(); s != speeds.rend(); ++s) {
    if (*s > graph.bw_intra && *s <= max_bw && ChannelsAt(m, *s) >= graph.channels) {
      graph.bw_intra = graph.bw_inter = *s;
    }
  }
  return graph;
}

bool Ll128Allowed(const Machine& m) {
  // tuning.cc: typeIntra <= PATH_NVB, and typeInter <= PATH_PXB (PXN on
  // Hopper and newer, which reach a far NIC through a peer GPU).
  if (m.link == IntraNodeLink::kPcie && m.gpus_per_node > 1) return false;
  if (m.nodes > 1 && !m.nic_near_gpu && m.compute_capability < 90) return false;
  return m.compute_capability >= 70;
}

double FastestSpeedAtMost(const Machine& m, double bw) {
  const auto speeds = Speeds(m.compute_capability, m.nodes > 1);
  for (double s : speeds) {
    if (s <= bw) return s;
  }
  return speeds.back();
}

NcclGraph SearchTree(const Machine& m, const NcclGraph& ring) {
  NcclGraph tree = ring;  // init.cc: the tree uses the ring's channel count
  if (m.nodes == 1 && m.gpus_per_node == 2) {
    // A two-GPU chain uses each direction of the link for one tree only, so
    // NCCL's search finds twice the ring's per-channel speed (realdata: the
    // 2x A100 table's Tree/Simple 144 GB/s = 12 channels x 24 cap, and the
    // 2x A100-PCIE GRAPH lines: ring 2 x 12, tree 2 x 22).
    tree.bw_intra = tree.bw_inter = FastestSpeedAtMost(m, 2 * ring.bw_intra);
  } else if (m.nodes == 2) {
    // search.cc pass 2: "increase bwIntra for trees (2 nodes or collnet)",
    // up to twice bwInter while the intra-node links carry it.
    const auto speeds = Speeds(m.compute_capability, true);
    for (auto s = speeds.rbegin(); s != speeds.rend(); ++s) {
      if (*s > tree.bw_intra && *s < 2 * tree.bw_inter &&
          tree.channels * *s <= m.GpuLinkBw() + 1e-9) {
        tree.bw_intra = *s;
      }
    }
  }
  return tree;
}

// NVLS: one channel per GPU (search.cc: maxChannels = min(NCCL_MAX_NVLS_ARITY,
// ngpus), minChannels = maxChannels on one node), at the fastest speed the
// GPU's NVLinks carry for all of them; pass 2 raises bwInter while it is
// below twice bwIntra.
NcclGraph SearchNvls(const Machine& m) {
  NcclGraph graph;
  if (!m.nvls || m.link != IntraNodeLink::kNvSwitch || m.compute_capability < 90) return graph;
  graph.channels = std::min(kMaxNvlsArity, m.gpus_per_node);
  const auto speeds = Speeds(m.compute_capability, m.nodes > 1);
  std::size_t index = 0;
  while (index + 1 < speeds.size() && graph.channels * speeds[index] > m.GpuLinkBw()) ++index;
  graph.bw_intra = graph.bw_inter = speeds[index];
  while (index > 0 && graph.bw_inter < 2 * graph.bw_intra) graph.bw_inter = speeds[--index];
  if (m.nodes > 1) {
    graph.bw_inter = std::min(graph.bw_inter, m.nics_per_node * m.nic_bw / graph.channels);
  }
  return graph;
}

}  // namespace

NcclGraphs SearchNcclGraphs(const Machine& machine) {
  NcclGraphs graphs;
  graphs.ring = SearchRing(machine);
  graphs.ring.nvlink = machine.link != IntraNodeLink::kPcie;
  graphs.ring.ll128_allowed = Ll128Allowed(machine);
  graphs.ring.latency_inter_us = machine.nic_latency_us;
  graphs.tree = SearchTree(machine, graphs.ring);
  graphs.nvls = SearchNvls(machine);
  graphs.nvls.latency_inter_us = machine.nic_latency_us;
  if (machine.collnet && machine.nodes > 1) {
    graphs.collnet = graphs.tree;
    graphs.collnet.channels = std::min(graphs.tree.channels, machine.nics_per_node);
  }
  graphs.comm_channels = std::min(kMaxCommChannels, graphs.ring.channels * 2);
  graphs.nvls_channels = graphs.nvls.channels > 0 ? kNvlsChannels : 0;
  return graphs;
}

}  // namespace collscope::engine
