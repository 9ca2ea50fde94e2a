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
  // Other fields (importer findings, fields this build does not know): key
  // and value as JSON text, so a round trip keeps them as they were.
  std::vector<std::pair<std::string, std::string>> extra_json;

  const std::string* ExtraJson(std::string_view key) const;
  void SetExtraJson(std::string key, std::string json);
  void SetExtraString(std::string key, std::string_view value);
  void SetExtraNumber(std::string key, double value);
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

struct Topology {
  std::vector<std::vector<std::int32_t>> rings;  // one ring order per channel
  std::vector<Tree> trees;
  std::vector<Link> links;
  bool Empty() const { return rings.empty() && trees.empty() && links.empty(); }
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
  std::int64_t t_start_ns = 0;
  std::int64_t t_end_ns = 0;
  std::vector<StepEvent> steps;

  std::int64_t DurationNs() const { return t_end_ns - t_start_ns; }
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
};

struct Trace {
  Meta meta;
  std::vector<RankInfo> ranks;
  Topology topology;
  std::vector<Run> runs;
  std::vector<Measurement> measurements;
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

}  // namespace collscope::trace
