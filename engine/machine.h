#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/nccl_tuning.h"

namespace collscope::engine {

// How the GPUs of one node reach each other.
enum class IntraNodeLink {
  kNvSwitch,    // every GPU's NVLinks go to NVSwitches (HGX A100/H100/H200)
  kNvLinkMesh,  // NVLinks bond every pair directly (Delta gpuA100x4: NV4)
  kPcie,        // no NVLink: PCIe, through the CPU when GPUs sit on different sockets
};
std::string_view IntraNodeLinkName(IntraNodeLink link);

// A machine as NCCL sees it: what its topology search starts from
// (src/graph/topo.cc), not an alpha-beta pair. Bandwidths in GB/s, as NCCL
// counts them (src/graph/topo.h).
struct Machine {
  std::string name;
  std::string family;  // the preset it is, or was derived from ("hgx-h100")
  std::string description;
  std::string source;  // where the facts come from
  std::string gpu;     // "NVIDIA H100 80GB HBM3"
  GpuArch arch = GpuArch::kAmpere;
  int compute_capability = 80;
  int gpus_per_node = 1;  // GPUs in the communicator on each node
  int nodes = 1;

  IntraNodeLink link = IntraNodeLink::kNvSwitch;
  // NVSwitch: links from each GPU to the switches; mesh: links to each peer.
  int nvlinks = 0;
  double nvlink_bw = 0;  // per link (topo.h SM80_NVLINK_BW, SM90_NVLINK_BW...)
  double pci_bw = 24;    // GPU's PCIe link (NCCL prints PCI[24.0] for Gen4 x16)

  int nics_per_node = 0;
  double nic_bw = 0;          // per NIC: link speed in Gbit/s / 8
  std::string network;        // "Slingshot 11 (aws-ofi-nccl)", "InfiniBand NDR"
  bool nic_near_gpu = true;   // GPU-NIC path at most PXB/PXN, so LL128 stays on
  double nic_latency_us = 0;  // the net plugin's latency (graph latencyInter)
  bool amd_cpu = false;       // tuning.cc: 2 us net overhead, AMD llMaxBw row
  bool nvls = false;          // NVLink SHARP multicast (NVSwitch, Hopper or newer)
  bool collnet = false;       // SHARP in-network reductions enabled

  int nccl_minor = 29;  // the NCCL release 2.<minor> whose tuning table applies

  int Ranks() const { return gpus_per_node * nodes; }
  // Bandwidth out of one GPU over its intra-node links.
  double GpuLinkBw() const;
  // Bandwidth between one pair of GPUs of a node.
  double PairLinkBw() const;
  std::string Describe() const;
};

// The GPU facts NCCL's model needs, from a GPU name as nvidia-smi and
// nccl-tests print it ("NVIDIA A100-SXM4-40GB", "NVIDIA H100 80GB HBM3",
// "NVIDIA A40"); nullopt for GPUs collscope does not know.
struct GpuFacts {
  GpuArch arch;
  int compute_capability;
  double nvlink_bw;  // per link, 0 without NVLink
  int nvlinks;       // links per GPU
  bool sxm;          // on an HGX/SXM board (NVSwitch when 8 per node)
};
std::optional<GpuFacts> GpuFactsFor(std::string_view gpu_name);

// Named machines: Delta's gpuA100x4, gpuA100x8 and gpuA40x4 nodes (one
// node, or several over Slingshot 11), HGX H100 and HGX H200.
struct MachinePreset {
  std::string_view name;
  Machine (*make)(int nodes);
};
const std::vector<MachinePreset>& MachinePresets();
// "delta-a100x4" (one node) or "delta-a100x4:2" (two nodes); nullopt when
// the name is unknown or the node count is not a positive number.
std::optional<Machine> FindMachine(std::string_view name);

// What a trace says about where it ran.
struct MachineFacts {
  std::string gpu;                      // GPU name
  int ranks = 0;                        // communicator size
  int nodes = 0;                        // 0: unknown (one node is assumed)
  std::vector<std::string> transports;  // NCCL log "via ..." texts
  std::string nccl_version;             // "2.29.2"
  // The slowest GPU-to-GPU path NCCL's topology found, when its log printed
  // the paths (src/graph/paths.cc): type "NVL" in 1 hop is an NVLink bridge
  // or mesh link, "NVL" in 2 an NVSwitch, "PIX" to "SYS" PCIe; "" unknown.
  std::string gpu_path_type;
  int gpu_path_hops = 0;
  double gpu_path_bw = 0;  // GB/s, as NCCL counts it
  // From the init line "8 coll channels, ..., 0 nvls channels": 0 says NCCL
  // found no NVLS (no NVSwitch multicast); -1 not logged.
  int nvls_channels = -1;
  // comm->nChannels from the same line ("8 coll channels"); 0 not logged.
  int coll_channels = 0;
};
// The machine a trace points to: the preset family its GPU belongs to,
// resized to its ranks and nodes, with the network its transports name.
// nullopt when the GPU is unknown.
std::optional<Machine> MachineFromFacts(const MachineFacts& facts, std::string* why = nullptr);

// NCCL release minor from "2.29.2+cuda13.1"; nullopt when unreadable.
std::optional<int> NcclMinorVersion(std::string_view version);

}  // namespace collscope::engine
