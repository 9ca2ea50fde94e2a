#include "engine/machine.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

#include "engine/nccl_graph.h"

namespace collscope::engine {
namespace {

// NVLink bandwidth per link as NCCL counts it: src/graph/topo.h
// (SM80_NVLINK_BW 20.0, SM86_NVLINK_BW 12.0, SM90_NVLINK_BW 20.6,
// SM100_NVLINK_BW 40.1; stored commit 069a3d4f).
constexpr double kSm80NvlinkBw = 20.0;
constexpr double kSm86NvlinkBw = 12.0;
constexpr double kSm90NvlinkBw = 20.6;
constexpr double kSm100NvlinkBw = 40.1;
// PCIe Gen4 x16 as NCCL's topology prints it ("PCI[24.0]", realdata
// thomaslie210 A100-PCIE log); Gen5 x16 is twice that.
constexpr double kPcieGen4Bw = 24.0;
constexpr double kPcieGen5Bw = 48.0;

// A node's network: its NICs, each of link speed / 8 GB/s.
struct Network {
  std::string_view name;
  int nics_per_node;
  double nic_bw;
};
// Delta: one HPE Slingshot 11 NIC per node, 200 Gb/s = 25 GB/s
// (reference section 7, ncsa/Delta_doc architecture.rst).
constexpr Network kDeltaSlingshot = {"Slingshot 11 (aws-ofi-nccl)", /*nics_per_node=*/1, 200.0 / 8};
// HGX/DGX H100 and H200: eight ConnectX-7 400 Gb/s NICs per node (NVIDIA
// DGX H100 / DGX H200 data sheets).
constexpr Network kHgxNdr = {"InfiniBand NDR", /*nics_per_node=*/8, 400.0 / 8};

void TakeNetwork(const Network& network, Machine& m) {
  m.network = network.name;
  m.nics_per_node = network.nics_per_node;
  m.nic_bw = network.nic_bw;
}

std::string NodesSuffix(int nodes) {
  return nodes == 1 ? std::string(", one node") : ", " + std::to_string(nodes) + " nodes";
}

// What NCCL's model needs of a GPU, as GpuFactsFor knows it.
void TakeGpuFacts(const GpuFacts& gpu, Machine& m) {
  m.arch = gpu.arch;
  m.compute_capability = gpu.compute_capability;
  m.nvlink_bw = gpu.nvlink_bw;
  m.nvlinks = gpu.nvlinks;
}

// `nodes` nodes of `gpus_per_node` GPUs named as nvidia-smi prints them,
// with the GPU's facts from GpuFactsFor: a preset and a trace that name the
// same GPU read the same facts.
Machine NodesOf(std::string_view gpu, int gpus_per_node, int nodes) {
  Machine m;
  m.gpu = gpu;
  TakeGpuFacts(GpuFactsFor(gpu).value(), m);
  m.gpus_per_node = gpus_per_node;
  m.nodes = nodes;
  return m;
}

Machine DeltaA100x4(int nodes) {
  Machine m = NodesOf("NVIDIA A100-SXM4-40GB", /*gpus_per_node=*/4, nodes);
  m.name = "delta-a100x4";
  m.description = "Delta gpuA100x4: 4x A100 SXM4 40GB, NV4 full mesh (no NVSwitch)" +
                  NodesSuffix(nodes) + ", Slingshot 11";
  m.source = "reference section 7 (ncsa/Delta_doc architecture.rst); NVLink per link topo.h";
  m.link = IntraNodeLink::kNvLinkMesh;
  m.nvlinks = 4;  // NV4: four NVLink3 links bond every pair
  m.pci_bw = kPcieGen4Bw;
  TakeNetwork(kDeltaSlingshot, m);
  m.nic_near_gpu = false;  // only GPU3 is PHB to the NIC, the others SYS
  m.amd_cpu = true;        // 1x AMD EPYC 7763
  m.nccl_minor = 28;       // Delta's nccl module, 2.28.x (design.md's example meta)
  return m;
}

Machine DeltaA100x8(int nodes) {
  Machine m = DeltaA100x4(nodes);
  m.name = "delta-a100x8";
  m.description = "Delta gpuA100x8: 8x A100 SXM4 40GB on NVSwitch (NV12)" + NodesSuffix(nodes) +
                  ", Slingshot 11";
  m.gpus_per_node = 8;
  m.link = IntraNodeLink::kNvSwitch;
  m.nvlinks = 12;  // NV12: twelve NVLink3 links from each GPU to the switches
  return m;
}

Machine DeltaA40x4(int nodes) {
  Machine m = DeltaA100x4(nodes);
  m.name = "delta-a40x4";
  m.description =
      "Delta gpuA40x4: 4x A40 48GB on PCIe Gen4, no NVLink" + NodesSuffix(nodes) + ", Slingshot 11";
  m.gpu = "NVIDIA A40";
  m.compute_capability = 86;
  m.link = IntraNodeLink::kPcie;
  m.nvlinks = 0;
  m.nvlink_bw = 0;
  return m;
}

Machine HgxH100(int nodes) {
  // NVSwitch, 18 NVLink4 links per GPU: Machine's and GpuFactsFor's defaults.
  Machine m = NodesOf("NVIDIA H100 80GB HBM3", /*gpus_per_node=*/8, nodes);
  m.name = "hgx-h100";
  m.description = "HGX H100: 8x H100 SXM5 80GB, NVSwitch (18 NVLink4 links per GPU)" +
                  NodesSuffix(nodes) + ", 8x 400 Gb/s InfiniBand";
  m.source = "NVIDIA DGX H100 data sheet (18 NVLinks, 8x ConnectX-7 400 Gb/s); topo.h SM90 20.6";
  m.pci_bw = kPcieGen5Bw;
  TakeNetwork(kHgxNdr, m);
  m.nvls = true;
  m.nccl_minor = 29;
  return m;
}

Machine HgxH200(int nodes) {
  Machine m = HgxH100(nodes);
  m.name = "hgx-h200";
  m.description = "HGX H200: 8x H200 141GB, NVSwitch (18 NVLink4 links per GPU)" +
                  NodesSuffix(nodes) + ", 8x 400 Gb/s InfiniBand";
  m.source = "NVIDIA DGX H200 data sheet; Delta gpuH200x8 (NV18, reference section 7)";
  m.gpu = "NVIDIA H200";
  return m;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

std::string_view IntraNodeLinkName(IntraNodeLink link) {
  switch (link) {
    case IntraNodeLink::kNvSwitch:
      return "NVSwitch";
    case IntraNodeLink::kNvLinkMesh:
      return "NVLink mesh";
    case IntraNodeLink::kPcie:
      return "PCIe";
  }
  return "";
}

double Machine::GpuLinkBw() const {
  switch (link) {
    case IntraNodeLink::kNvSwitch:
      return nvlinks * nvlink_bw;
    case IntraNodeLink::kNvLinkMesh:
      return std::max(1, gpus_per_node - 1) * nvlinks * nvlink_bw;
    case IntraNodeLink::kPcie:
      return pci_bw;
  }
  return 0;
}

double Machine::PairLinkBw() const {
  // Through NVSwitches a pair has all of a GPU's links; in a mesh, its own.
  return link == IntraNodeLink::kPcie ? pci_bw : nvlinks * nvlink_bw;
}

std::string Machine::Describe() const {
  char text[256];
  std::snprintf(text, sizeof text, "%d x %d %s, %s %.4g GB/s per GPU, %d x %.4g GB/s NICs", nodes,
                gpus_per_node, std::string(GpuArchName(arch)).c_str(),
                std::string(IntraNodeLinkName(link)).c_str(), GpuLinkBw(), nics_per_node, nic_bw);
  return text;
}

std::optional<GpuFacts> GpuFactsFor(std::string_view gpu_name) {
  const std::string name = Lower(gpu_name);
  // Order matters: "h100 pcie" before "h100", "a100-pcie" before "a100".
  if (Contains(name, "b200") || Contains(name, "gb200") || Contains(name, "b100")) {
    return GpuFacts{GpuArch::kBlackwell, 100, kSm100NvlinkBw, 18, true};
  }
  if (Contains(name, "h200")) return GpuFacts{GpuArch::kHopper, 90, kSm90NvlinkBw, 18, true};
  if (Contains(name, "h100") || Contains(name, "h800")) {
    const bool pcie = Contains(name, "pcie") || Contains(name, "nvl");
    // H100 PCIe/NVL pair over NVLink bridges (12 links); SXM has 18.
    return GpuFacts{GpuArch::kHopper, 90, kSm90NvlinkBw, pcie ? 12 : 18, !pcie};
  }
  if (Contains(name, "a100") || Contains(name, "a800")) {
    const bool pcie = Contains(name, "pcie");
    return GpuFacts{GpuArch::kAmpere, 80, kSm80NvlinkBw, 12, !pcie};
  }
  if (Contains(name, "a40") || Contains(name, "a10") || Contains(name, "a6000")) {
    // sm86 NVLink runs at 12 GB/s a link; Delta's A40 nodes have no bridges.
    return GpuFacts{GpuArch::kAmpere, 86, kSm86NvlinkBw, 0, false};
  }
  if (Contains(name, "v100")) return GpuFacts{GpuArch::kVolta, 70, 20.0, 6, true};
  return std::nullopt;
}

const std::vector<MachinePreset>& MachinePresets() {
  static const std::vector<MachinePreset> presets = {
      {"delta-a100x4", DeltaA100x4}, {"delta-a100x8", DeltaA100x8}, {"delta-a40x4", DeltaA40x4},
      {"hgx-h100", HgxH100},         {"hgx-h200", HgxH200},
  };
  return presets;
}

std::optional<Machine> FindMachine(std::string_view name) {
  int nodes = 1;
  if (auto colon = name.find(':'); colon != std::string_view::npos) {
    std::string_view count = name.substr(colon + 1);
    auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), nodes);
    if (error != std::errc() || end != count.data() + count.size() || nodes < 1 ||
        nodes > 1'000'000) {
      return std::nullopt;
    }
    name = name.substr(0, colon);
  }
  for (const MachinePreset& preset : MachinePresets()) {
    if (preset.name == name) {
      Machine m = preset.make(nodes);
      m.family = m.name;
      return m;
    }
  }
  return std::nullopt;
}

std::optional<int> NcclMinorVersion(std::string_view version) {
  if (!version.starts_with("2.")) return std::nullopt;
  int minor = 0;
  auto [end, error] = std::from_chars(version.data() + 2, version.data() + version.size(), minor);
  if (error != std::errc() || end == version.data() + 2) return std::nullopt;
  return minor;
}

namespace {

// The network device of a transport as NCCL's log prints it: 2 in
// "net/ib/2/gdrdma" and in PXN's "net/ib/2(0)/gdrdma" (net.cc's
// "via NET/%s/%d%s%s"); nullopt for other transports.
std::optional<int> NetDevice(std::string_view transport) {
  if (!transport.starts_with("net/")) return std::nullopt;
  const std::size_t slash = transport.find('/', 4);
  if (slash == std::string_view::npos) return std::nullopt;
  const char* begin = transport.data() + slash + 1;
  int device = 0;
  auto [end, error] = std::from_chars(begin, transport.data() + transport.size(), device);
  if (error != std::errc() || end == begin) return std::nullopt;
  return device;
}

// How NCCL's topology search found the GPUs of a node joined, when its log
// printed the paths, outranks the guess from the GPU's name: an A100 PCIe
// pair may be bridged by 12 NVLinks (realdata Timez-zx: `GPU/0-65000
// (1/240.0/NVL)`, and NCCL's ring graph of 12 channels x 20 GB/s), or not
// (thomaslie210: `GPU/81000 (3/24.000000/SYS)`). An NVL path over one hop
// is a direct bridge or mesh link whose bandwidth is its links' sum
// (paths.cc adds the links' bw); over two it goes through an NVSwitch.
template <typename Say>
void TakeNcclsGpuPaths(const MachineFacts& facts, const GpuFacts& gpu, Machine& m,
                       std::string& family, Say say) {
  const std::string& type = facts.gpu_path_type;
  if (type.empty() || facts.gpu_path_bw <= 0) return;
  if (type == "NVL" && facts.gpu_path_hops == 1 && gpu.nvlink_bw > 0) {
    const int links = std::max(1, static_cast<int>(std::lround(facts.gpu_path_bw / gpu.nvlink_bw)));
    if (m.link != IntraNodeLink::kNvLinkMesh || m.nvlinks != links) family.clear();
    m.link = IntraNodeLink::kNvLinkMesh;
    m.nvlinks = links;
    m.nvlink_bw = gpu.nvlink_bw;
    m.nvls = false;
    char text[160];
    std::snprintf(text, sizeof text,
                  "NCCL's paths: each pair joined directly by NVLink, %.4g GB/s = %d links",
                  facts.gpu_path_bw, links);
    say(text);
  } else if (type == "NVL" || type == "NVB") {
    // Through NVSwitches (or another GPU): the board the family says.
    say("NCCL's paths: NVLink over " + std::to_string(facts.gpu_path_hops) + " hops");
  } else if (type == "PIX" || type == "PXB" || type == "PHB" || type == "SYS") {
    if (m.link != IntraNodeLink::kPcie) family.clear();
    m.link = IntraNodeLink::kPcie;
    m.nvlinks = 0;
    m.nvls = false;
    say("NCCL's paths: GPUs over PCIe (" + type + ")");
  }
}

// Across nodes every ring channel of NCCL's search crosses one NIC of each
// node at one of its speeds (src/graph/search.cc), so the channel count
// follows from the NICs' rate: 4 NICs of 25 GB/s carry 4 channels of 24,
// which ncclTopoDupChannels leaves alone (bwIntra < 25): 8 comm channels;
// of 50 GB/s, 4 of 48, doubled: 16. NCCL's NET/IB lines name the devices but
// not their rate, while its init line prints the channels ("8 coll
// channels"): the rate is the standard one (100, 200, 400 or 800 Gbit/s)
// nearest the board's at which the search finds the logged count.
template <typename Say>
void TakeNcclsChannelCount(int logged, Machine& m, Say say) {
  const std::string count = std::to_string(logged) + " coll channels";
  if (SearchNcclGraphs(m).comm_channels == logged) return;
  std::optional<double> nearest;
  for (double gbit : {100.0, 200.0, 400.0, 800.0}) {
    Machine candidate = m;
    candidate.nic_bw = gbit / 8;
    if (SearchNcclGraphs(candidate).comm_channels != logged) continue;
    const auto off = [&m](double bw) { return std::abs(std::log(bw / m.nic_bw)); };
    if (!nearest || off(candidate.nic_bw) < off(*nearest)) nearest = candidate.nic_bw;
  }
  if (!nearest) {
    say("NCCL's log: " + count + ", which no standard NIC rate gives here");
    return;
  }
  m.nic_bw = *nearest;
  m.family.clear();
  char rate[64];
  std::snprintf(rate, sizeof rate, "%g Gbit/s NICs", *nearest * 8);
  say("NCCL's log: " + count + ", as NCCL's search finds with " + rate);
}

}  // namespace

std::optional<Machine> MachineFromFacts(const MachineFacts& facts, std::string* why) {
  auto say = [&](const std::string& text) {
    if (why != nullptr) *why += (why->empty() ? "" : "; ") + text;
  };
  std::optional<GpuFacts> gpu = GpuFactsFor(facts.gpu);
  if (!gpu) {
    say("unknown GPU '" + facts.gpu + "'");
    return std::nullopt;
  }
  const int ranks = std::max(1, facts.ranks);
  const int nodes = std::clamp(facts.nodes > 0 ? facts.nodes : 1, 1, ranks);
  const int per_node = std::max(1, ranks / nodes);

  bool shm = false, net_ib = false, net_socket = false, net_ofi = false;
  std::set<int> net_devices;
  for (const std::string& transport : facts.transports) {
    const std::string t = Lower(transport);
    shm = shm || t.starts_with("shm");
    net_ib = net_ib || t.starts_with("net/ib");
    net_socket = net_socket || t.starts_with("net/socket");
    net_ofi = net_ofi || Contains(t, "libfabric") || Contains(t, "ofi");
    if (auto device = NetDevice(t)) net_devices.insert(*device);
  }

  // The preset family the GPU belongs to, then resized to the run. family
  // stays empty where the run's hardware is not really that preset.
  Machine m;
  std::string family;
  if (gpu->arch == GpuArch::kHopper || gpu->arch == GpuArch::kBlackwell) {
    m = Contains(Lower(facts.gpu), "h200") ? HgxH200(nodes) : HgxH100(nodes);
    TakeGpuFacts(*gpu, m);
    if (!gpu->sxm) {
      // PCIe/NVL cards: NVLink bridges between pairs, no NVSwitch, no NVLS.
      m.link = IntraNodeLink::kNvLinkMesh;
      m.nvls = false;
    } else if (gpu->arch == GpuArch::kHopper) {
      family = m.name;
    }
    say("HGX family of " + facts.gpu);
  } else if (gpu->compute_capability == 86 || gpu->nvlinks == 0 || shm) {
    m = DeltaA40x4(nodes);
    if (gpu->compute_capability == 86) family = m.name;
    m.gpu = facts.gpu;
    say(shm ? "GPUs talk through host memory (SHM): PCIe machine" : "no NVLink: PCIe machine");
  } else if (!gpu->sxm) {
    // A100 PCIe: NVLink bridge between a pair when NCCL uses P2P, else PCIe.
    m = DeltaA40x4(nodes);
    m.gpu = facts.gpu;
    m.compute_capability = gpu->compute_capability;
    say("A100 PCIe card: PCIe machine unless NCCL's paths say NVLink");
  } else if (per_node > 4) {
    m = DeltaA100x8(nodes);
    family = m.name;
    say("more than 4 SXM A100s per node: the NVSwitch board");
  } else {
    m = DeltaA100x4(nodes);
    family = m.name;
    say("up to 4 SXM A100s per node: the NV4 mesh board");
  }
  if (per_node > 1) TakeNcclsGpuPaths(facts, *gpu, m, family, say);
  m.family = family;
  m.name = "from-trace";
  m.gpu = facts.gpu;
  m.gpus_per_node = per_node;
  m.nodes = nodes;
  if (nodes > 1 && !net_devices.empty()) {
    // The NICs NCCL's rings and trees went through, not the board's full
    // count: odissei's 4-GPU H100 nodes use 4 of their IB ports (1 to 4).
    const int nics = static_cast<int>(net_devices.size());
    if (nics != m.nics_per_node) m.family.clear();
    m.nics_per_node = nics;
    say("NCCL's transports use " + std::to_string(m.nics_per_node) + " NIC(s) per node");
  }
  if (facts.nvls_channels == 0 && m.nvls) {
    m.nvls = false;
    m.family.clear();
    say("NCCL's log: 0 NVLS channels");
  }
  if (net_socket) {
    // TCP sockets: NCCL's NET_BW (topo.h, 100 Gbit) is the most it assumes.
    m.network = "TCP sockets";
    m.nic_bw = 12.0;
    m.nic_near_gpu = false;
    say("network: sockets");
  } else if (net_ib) {
    m.network = "InfiniBand";
    say("network: InfiniBand");
  } else if (net_ofi) {
    m.network = "libfabric (Slingshot/EFA)";
    say("network: libfabric");
  }
  if (auto minor = NcclMinorVersion(facts.nccl_version)) {
    m.nccl_minor = *minor;
  } else if (!facts.nccl_version.empty()) {
    say("NCCL version '" + facts.nccl_version + "' unreadable: newest tuning table");
  }
  if (nodes > 1 && facts.coll_channels > 0 && m.nics_per_node > 0 && !net_socket) {
    TakeNcclsChannelCount(facts.coll_channels, m, say);
  }
  m.description = facts.gpu + ", " + std::to_string(nodes) + " node(s) x " +
                  std::to_string(per_node) + " GPU(s), from the trace";
  m.source = "trace meta: " + (why != nullptr ? *why : std::string("GPU name and ranks"));
  return m;
}

}  // namespace collscope::engine
