#pragma once

#include "engine/machine.h"

namespace collscope::engine {

// One graph of NCCL's topology search (struct ncclTopoGraph): how many
// channels it found and the bandwidth each carries, inside a node and
// between nodes, in GB/s.
struct NcclGraph {
  int channels = 0;  // 0: no graph (NVLS without NVSwitch, CollNet without SHARP)
  double bw_intra = 0;
  double bw_inter = 0;
  bool nvlink = true;           // typeIntra NVL: NVLINK latencies, else PCI
  bool ll128_allowed = true;    // typeIntra <= NVB and typeInter <= PXB (PXN on Hopper+)
  bool same_channels = true;    // Broadcast/Reduce ring latency counts one hop
  bool tree_pattern = false;    // NCCL_TOPO_PATTERN_TREE: Tree busBw x 0.85
  double latency_inter_us = 0;  // the network's own latency
  double Total() const { return channels * bw_intra; }
};

struct NcclGraphs {
  NcclGraph ring;
  NcclGraph tree;
  NcclGraph collnet;
  NcclGraph nvls;
  int comm_channels = 0;  // comm->nChannels: the ring's channels, doubled at setup
  int nvls_channels = 0;  // comm->nvlsChannels: channels an NVLS call runs on
};

// What NCCL's topology search (src/graph/search.cc ncclTopoCompute,
// ncclTopoDupChannels) finds on this machine, in the simplified form
// described in docs/nccl-model.md: the fastest speed of NCCL's speed array
// that the links carry on as many channels as fit, then the channel
// duplication. Pinned against NCCL's own init tables in the tests.
NcclGraphs SearchNcclGraphs(const Machine& machine);

}  // namespace collscope::engine
