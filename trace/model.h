#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collscope::trace {

// The collscope-trace format, version 1 (docs/traces.md, "The format"). Times are
// integer nanoseconds from the trace's own zero.
inline constexpr std::string_view kFormatName = "collscope-trace";
inline constexpr int kFormatVersion = 1;

// The machine a recording ran on, measured by the recorder when it started
// (meta "machine"): what a CPU run is priced against (trace/stats.h).
struct HostMachine {
  double memcpy_gbps = 0;  // one thread's memcpy of a buffer far larger than the caches
  std::int32_t cores = 0;  // CPU threads the process could run on
};

struct Meta {
  std::string source;  // threads|mpi|nccl|nccl-tests|nccl-log|kineto|example
  std::string host;
  std::string cluster;
  std::string partition;
  std::string gpu;
  std::string nccl_version;
  std::string created;
  std::string command;
  std::string note;  // where the trace really came from, when the fields above do not say
  std::optional<HostMachine> machine;  // recorded traces only
  // Other fields (importer findings, fields this build does not know): key
  // and value as JSON text, so a round trip keeps them as they were.
  std::vector<std::pair<std::string, std::string>> extra_json;

  const std::string* ExtraJson(std::string_view key) const;
  void SetExtraJson(std::string key, std::string json);
  void SetExtraString(std::string key, std::string_view value);
  void SetExtraNumber(std::string key, double value);
};

// Meta's text fields and their names in every format that carries them
// (trace JSON, Chrome otherData, rank files), in the order traces write them.
struct MetaTextField {
  std::string_view name;
  std::string Meta::*field;
};
inline constexpr MetaTextField kMetaTextFields[] = {
    {"source", &Meta::source},   {"host", &Meta::host},
    {"cluster", &Meta::cluster}, {"partition", &Meta::partition},
    {"gpu", &Meta::gpu},         {"nccl_version", &Meta::nccl_version},
    {"created", &Meta::created}, {"command", &Meta::command},
    {"note", &Meta::note},
};

struct RankInfo {
  std::int32_t rank = 0;
  std::string host;
  std::int32_t device = -1;  // -1: unknown
};

// One tree of one channel: each node's parent (-1 = root) and children, as
// NCCL prints them in `Trees [c] d0/d1/d2->r->u`.
struct TreeNode {
  std::int32_t rank = 0;
  std::int32_t parent = -1;
  std::vector<std::int32_t> children;
};
struct Tree {
  std::int32_t channel = 0;
  std::vector<TreeNode> nodes;  // sorted by rank
};

struct Link {
  std::int32_t src = 0;
  std::int32_t dst = 0;
  std::string transport;      // "P2P/IPC", "SHM/direct/direct", "NET/IB/0/GDRDMA"
  std::int32_t channel = -1;  // -1: not recorded
};

// One CollNet (SHARP) connection of one rank, as NCCL prints it in
// `CollNet 00/0 : 3 [send] via COLLNET/SHARP/0/GDRDMA`
// (src/transport/coll_net.cc).
struct CollNetLink {
  std::int32_t channel = 0;
  std::int32_t rank = 0;
  bool send = true;       // false: the [receive] side
  std::string transport;  // "COLLNET/SHARP/0/GDRDMA"
};

// One GPU-to-GPU path of NCCL's topology, as ncclTopoPrintPaths prints it
// (src/graph/paths.cc): `GPU/0-17000 :... GPU/0-65000 (1/240.0/NVL)` is one
// hop of 240 GB/s over NVLink from the GPU on bus 17000 to the one on 65000.
struct GpuPath {
  std::string host;  // the node whose topology it is ("" when not known)
  std::string from;  // NCCL's ids of the two GPUs: their PCI bus ids ("0-17000", "1000")
  std::string to;
  std::int32_t hops = 0;
  double bw_gbps = 0;
  // NCCL's path type (topo.cc topoPathTypeStr): LOC NVL NVB C2C PIX PXB PXN
  // PHB SYS NET DIS, from the closest (NVLink) to the farthest.
  std::string type;
};

struct Topology {
  std::vector<std::vector<std::int32_t>> rings;  // one ring order per channel
  std::vector<Tree> trees;
  std::vector<Link> links;
  std::vector<CollNetLink> collnet;
  std::vector<GpuPath> gpu_paths;
  bool Empty() const {
    return rings.empty() && trees.empty() && links.empty() && collnet.empty() && gpu_paths.empty();
  }
};

// One step of one rank. Kept compact (48 bytes) because a recorded trace can
// hold millions: the phase is an index into Trace::phases.
struct StepEvent {
  std::int32_t step = 0;
  std::int32_t rank = 0;
  std::int32_t send_to = -1;    // -1: sends nothing in this step
  std::int32_t recv_from = -1;  // -1: receives nothing in this step
  std::int32_t slot = -1;
  std::uint16_t phase = 0;    // index into Trace::phases
  std::uint16_t channel = 0;  // NCCL channel or tree; 0 when the source has none
  std::int64_t bytes = 0;
  std::int64_t t_start_ns = 0;
  std::int64_t t_end_ns = 0;

  std::int64_t DurationNs() const { return t_end_ns - t_start_ns; }
};

// One collective call (or one iteration of a recorded run).
struct Run {
  std::string collective;  // engine names: allreduce, allgather, ... ("sendrecv" too)
  std::string algorithm;   // "" when the source does not say
  std::string protocol;    // NCCL protocol (LL, LL128, SIMPLE) when known
  std::int64_t bytes = 0;  // the lecture's n: the full vector per rank
  std::string dtype;
  std::int32_t iteration = 0;
  std::int32_t rank = -1;     // -1: all ranks; a rank for per-rank sources (Kineto)
  std::int64_t stream = -1;   // CUDA stream, -1 when unknown
  std::string kernel;         // the NCCL kernel name, for Kineto runs
  std::string process_group;  // process group name, for Kineto runs
  // Ranks in the communicator the call ran on (the lecture's p); 0 when the
  // source does not say. A one-rank profile of an 8-rank job still says 8.
  std::int32_t comm_ranks = 0;
  // The call's number among the calls of its process group on its rank
  // (0, 1, 2, ...): the same call on every rank has the same number, which
  // is how calls are matched across ranks. -1 when unknown.
  std::int64_t sequence = -1;
  std::int64_t t_start_ns = 0;
  std::int64_t t_end_ns = 0;
  std::vector<StepEvent> steps;

  std::int64_t DurationNs() const { return t_end_ns - t_start_ns; }
};

// Per-iteration timing of one measurement (nccl-tests -I, v2.19.2+:
// src/util.cu writePerIterReport), in microseconds.
struct IterationTimes {
  double min_us = 0, max_us = 0, avg_us = 0, p50_us = 0, p95_us = 0, p99_us = 0;
  double stdev_us = 0;
  double cv_pct = 0;
  std::vector<double> times_us;  // one per timed iteration, when the source lists them
  // Per process, its slowest iteration ("for straggler analysis").
  std::vector<double> per_process_max_us;
};

// One test of a measurement file. A file may hold several: cluster scripts
// run all_reduce_perf, all_gather_perf, ... in a row into one log.
struct TestSection {
  std::string test;        // "all_reduce_perf"; "" when the file does not name it
  std::string collective;  // engine name; "" when unknown
  std::int32_t ranks = 0;  // the devices listed for the test
  std::int32_t rows = 0;   // data rows of its result table
  // False when the table stops before its closing lines (a run that hung
  // or was killed).
  bool complete = true;
  std::string command;  // the test's parameter line, as printed
};

// One row half of nccl-tests (out-of-place or in-place).
struct Measurement {
  std::string collective;
  std::int64_t bytes = 0;
  std::int64_t count = 0;
  std::string dtype;
  std::string redop;
  std::int32_t root = -1;
  std::int32_t ranks = 0;
  double time_us = 0;
  double algbw_gbps = 0;
  double busbw_gbps = 0;
  bool in_place = false;
  std::optional<double> wrong;  // nullopt: N/A (checking off)
  std::int32_t section = -1;    // index into Trace::sections; -1: none
  std::optional<IterationTimes> per_iteration;
};

// NCCL's choice for one call, from NCCL_DEBUG_SUBSYS=TUNING (NCCL >= 2.24,
// rank 0): `AllReduce: 8388608 Bytes -> Algo RING proto SIMPLE
// channel{Lo..Hi}={0..23}` (src/enqueue.cc).
struct TuningChoice {
  std::string collective;  // engine name
  std::int64_t bytes = 0;  // as NCCL prints it
  // ring, tree, collnet_direct, collnet_chain, nvls, nvls_tree, pat
  std::string algorithm;
  std::string protocol;  // LL, LL128, SIMPLE
  std::int32_t channel_lo = -1;
  std::int32_t channel_hi = -1;
  std::int32_t comm_ranks = 0;  // 0 when unknown
};

// One cell of the latency/bandwidth table NCCL prints at init with
// NCCL_DEBUG_SUBSYS=TUNING (src/graph/tuning.cc): `AllReduce | 10.4/ 43.6 |`
// is a base latency of 10.4 us and a bus bandwidth of 43.6 GB/s.
struct TuningTableEntry {
  std::string collective;  // engine name
  std::string algorithm;   // as TuningChoice
  std::string protocol;    // LL, LL128, SIMPLE
  double latency_us = 0;
  double bandwidth_gbps = 0;
  std::int32_t max_threads = 0;  // "Max NThreads" row; 0 when not printed
};

struct Trace {
  Meta meta;
  std::vector<RankInfo> ranks;
  Topology topology;
  std::vector<Run> runs;
  std::vector<Measurement> measurements;
  std::vector<TestSection> sections;
  std::vector<TuningChoice> tuning_choices;
  std::vector<TuningTableEntry> tuning_table;
  // Interned phase names; StepEvent::phase indexes this.
  std::vector<std::string> phases;
  // False for a recorder trace cut short (the run did not finish).
  bool complete = true;

  // Returns the index of `name` in phases, adding it when new.
  std::uint16_t InternPhase(std::string_view name);
  std::string_view PhaseName(std::uint16_t index) const;
  std::size_t StepEventCount() const;
  // Number of ranks: the ranks list, or the highest rank seen plus one.
  std::int32_t RankCount() const;
};

// Bytes of one element of a dtype ("float32", "bf16", "Float", "half"...);
// 0 when unknown.
int DtypeSize(std::string_view dtype);
// The canonical dtype name used in collscope traces ("float32", "bfloat16",
// "float16", "int32", ...), from the spellings of nccl-tests, NCCL kernel
// names and PyTorch; returns the input unchanged when unknown.
std::string CanonicalDtype(std::string_view dtype);
// The engine's collective name for NCCL, nccl-tests and PyTorch spellings
// ("AllReduce", "all_reduce_perf", "_allgather_base", "all_gather"...);
// "" when unknown. "sendrecv" for point-to-point.
std::string CanonicalCollective(std::string_view name);
// nccl-tests busbw factor (PERFORMANCE.md): busbw = algbw x factor.
double BusBwFactor(std::string_view collective, int ranks);
// NCCL's algorithm names as the TUNING lines print them ("RING", "NVLS_TREE",
// "CollNetDirect", or the numeric ids of src/include/device.h) -> ring,
// tree, collnet_direct, collnet_chain, nvls, nvls_tree, pat.
std::string CanonicalNcclAlgorithm(std::string_view name);
// NCCL's protocol names or ids -> LL, LL128, SIMPLE.
std::string CanonicalNcclProtocol(std::string_view name);

}  // namespace collscope::trace
