#include "trace/importers/kineto/parser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "trace/importers/text_lines.h"

namespace collscope::trace {
namespace {

using Kind = TraceEvent::Kind;

// A kernel's longest plausible duration; longer ones (and times before the
// clock's epoch or past int64 nanoseconds) are no real kernel: found by
// fuzz_import_kineto, they overflowed the sums below.
constexpr std::int64_t kMaxKernelNs = std::int64_t{24} * 3600 * 1000000000;

struct RankRuns {
  std::string path;
  TraceEventFile file;
  std::int64_t rank = -1;
  std::int64_t device = -1;  // Kineto's GPU pid is the device index
  std::vector<Run> runs;     // absolute times (ns on the file's clock)
  std::size_t skipped = 0;   // kernels at impossible times
};

// The CPU ops of one kind on each thread, by start time, to find the one
// around a kernel's launch.
class CommOps {
 public:
  CommOps(const std::vector<TraceEvent>& events, Kind kind) {
    for (const TraceEvent& event : events) {
      if (event.kind == kind && event.ts_ns && event.dur_ns) {
        by_thread_[{event.pid, event.tid}].push_back(&event);
      }
    }
    for (auto& [thread, ops] : by_thread_) {
      std::sort(ops.begin(), ops.end(),
                [](const TraceEvent* a, const TraceEvent* b) { return *a->ts_ns < *b->ts_ns; });
    }
  }
  std::int64_t FirstRank() const {
    for (const auto& [thread, ops] : by_thread_) {
      for (const TraceEvent* op : ops) {
        if (op->args.rank >= 0) return op->args.rank;
      }
    }
    return -1;
  }

  // The innermost op whose span holds the launch.
  const TraceEvent* Around(const KernelLaunch* launch) const {
    if (launch == nullptr) return nullptr;
    auto it = by_thread_.find({launch->pid, launch->tid});
    if (it == by_thread_.end() || !launch->ts_ns) return nullptr;
    const std::vector<const TraceEvent*>& ops = it->second;
    const std::int64_t at = *launch->ts_ns;
    auto after =
        std::upper_bound(ops.begin(), ops.end(), at,
                         [](std::int64_t t, const TraceEvent* op) { return t < *op->ts_ns; });
    // Ops nest rarely; look back a few for one that still spans `at`.
    for (int looked = 0; after != ops.begin() && looked < 8; ++looked) {
      --after;
      const TraceEvent* op = *after;
      if (*op->ts_ns <= at && at - *op->ts_ns <= *op->dur_ns) return op;
    }
    return nullptr;
  }

 private:
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<const TraceEvent*>> by_thread_;
};

// The kernel's args completed from the CPU ops around its launch: Kineto
// copies record_param_comms args onto the kernel only when it can link them;
// otherwise follow correlation -> launch -> enclosing ops. PyTorch <= 2.0's
// record_param_comms holds no sizes; its "nccl:all_reduce" op
// (ProcessGroupNCCL's record function) has the tensor's shape.
CommArgs ArgsOfKernel(const TraceEvent& kernel,
                      const std::map<std::int64_t, const KernelLaunch*>& launches,
                      const CommOps& param_comms, const CommOps& nccl_ops) {
  CommArgs args = kernel.args;
  if (!args.collective.empty() || args.in_nelems >= 0 || args.correlation < 0) return args;
  auto launch = launches.find(args.correlation);
  if (launch == launches.end()) return args;
  CommArgs merged = args;
  if (const TraceEvent* op = param_comms.Around(launch->second)) {
    merged = op->args;
    merged.correlation = args.correlation;
    merged.stream = args.stream;
  }
  if (const TraceEvent* op = nccl_ops.Around(launch->second)) {
    if (merged.collective.empty()) merged.collective = op->name;  // "nccl:all_reduce"
    if (merged.first_input_elements < 0) {
      merged.first_input_elements = op->args.first_input_elements;
      merged.first_input_type = op->args.first_input_type;
    }
  }
  return merged;
}

std::int64_t CommRanks(const CommArgs& args, const TraceEventFile& file) {
  if (args.group_size > 0) return args.group_size;
  if (auto it = file.group_sizes.find(args.process_group); it != file.group_sizes.end()) {
    return it->second;
  }
  // PyTorch <= 2.0 named no group: the job's default group.
  if (args.process_group.empty() || args.process_group == "0") return file.world_size;
  return 0;
}

std::int64_t CallBytes(const Run& run, const CommArgs& args) {
  const int element = DtypeSize(run.dtype);
  std::int64_t elements = std::max(args.in_nelems, args.out_nelems);
  if (elements < 0 && args.first_input_elements > 0) {
    // Only the input's shape: for an all-gather that is one rank's block of
    // the lecture's n.
    elements = args.first_input_elements;
    if (run.collective == "allgather" && run.comm_ranks > 0 &&
        __builtin_mul_overflow(elements, std::int64_t{run.comm_ranks}, &elements)) {
      return 0;
    }
  }
  std::int64_t bytes = 0;
  if (elements <= 0 || element <= 0 || __builtin_mul_overflow(elements, element, &bytes)) return 0;
  return bytes;
}

void CollectRuns(RankRuns& rank_runs, std::size_t file_index, std::vector<std::string>& warnings) {
  TraceEventFile& file = rank_runs.file;
  const CommOps param_comms(file.events, Kind::kParamComms);
  const CommOps nccl_ops(file.events, Kind::kNcclOp);
  std::map<std::int64_t, const KernelLaunch*> launches;  // correlation -> launch
  for (const KernelLaunch& launch : file.launches) launches[launch.correlation] = &launch;
  rank_runs.rank = file.rank;
  if (!file.has_distributed_info || file.rank < 0) {
    rank_runs.rank = param_comms.FirstRank();
    if (rank_runs.rank < 0) rank_runs.rank = static_cast<std::int64_t>(file_index);
    warnings.push_back(rank_runs.path + ": no distributedInfo.rank; rank taken as " +
                       std::to_string(rank_runs.rank));
  }
  for (const TraceEvent& event : file.events) {
    if (event.kind != Kind::kNcclKernel) continue;
    const NcclKernelName kernel = ParseNcclKernelName(event.name);
    const CommArgs args = ArgsOfKernel(event, launches, param_comms, nccl_ops);
    Run run;
    run.collective = CanonicalCollective(args.collective);
    if (run.collective.empty()) run.collective = kernel.collective;
    if (run.collective.empty()) run.collective = "unknown";
    run.dtype = !args.dtype.empty()              ? CanonicalDtype(args.dtype)
                : !kernel.dtype.empty()          ? kernel.dtype
                : !args.first_input_type.empty() ? CanonicalDtype(args.first_input_type)
                                                 : std::string();
    if (DtypeSize(run.dtype) == 0 && run.dtype.starts_with("c10::")) {
      run.dtype = CanonicalDtype(run.dtype.substr(5));
    }
    run.comm_ranks =
        static_cast<std::int32_t>(std::clamp<std::int64_t>(CommRanks(args, file), 0, 1 << 24));
    run.bytes = CallBytes(run, args);
    run.rank = static_cast<std::int32_t>(rank_runs.rank);
    run.stream = args.stream >= 0 ? args.stream : event.tid;
    run.kernel = event.name;
    run.process_group = args.process_group;
    if (!args.process_group_description.empty()) {
      run.process_group += run.process_group.empty() ? args.process_group_description
                                                     : " (" + args.process_group_description + ")";
    }
    run.sequence = args.sequence;
    // One clock for every file: the file's base plus the event's offset,
    // both exact integers, whatever the epoch (Unix-epoch microseconds in
    // PyTorch <= 2.0, offsets from baseTimeNanoseconds later).
    std::int64_t start = 0;
    std::int64_t end = 0;
    if (!event.ts_ns || !event.dur_ns || *event.dur_ns < 0 || *event.dur_ns > kMaxKernelNs ||
        __builtin_add_overflow(file.base_time_ns, *event.ts_ns, &start) || start < 0 ||
        __builtin_add_overflow(start, *event.dur_ns, &end)) {
      ++rank_runs.skipped;
      continue;
    }
    run.t_start_ns = start;
    run.t_end_ns = end;
    rank_runs.runs.push_back(std::move(run));
    if (rank_runs.device < 0) rank_runs.device = event.pid;
  }
  std::stable_sort(rank_runs.runs.begin(), rank_runs.runs.end(),
                   [](const Run& a, const Run& b) { return a.t_start_ns < b.t_start_ns; });
  // Calls are matched across ranks by their number within the process group
  // on each rank (the order NCCL runs them on a communicator), where PyTorch
  // wrote no sequence number.
  std::map<std::string, std::int64_t> next_in_group;
  std::map<std::string, std::int32_t> next_of_collective;
  for (Run& run : rank_runs.runs) {
    std::int64_t& next = next_in_group[run.process_group];
    if (run.sequence < 0) run.sequence = next;
    next = run.sequence + 1;
    run.iteration = next_of_collective[run.collective]++;
  }
  if (rank_runs.skipped > 0) {
    warnings.push_back(rank_runs.path + ": " + std::to_string(rank_runs.skipped) +
                       " NCCL kernels at impossible times (before the clock's epoch, past 2262, "
                       "or longer than a day) skipped");
  }
  if (rank_runs.runs.empty()) {
    warnings.push_back(rank_runs.path +
                       ": no NCCL kernels (ncclKernel_/ncclDevKernel_) in traceEvents");
  }
}

int Sniff(std::string_view /*path*/, std::string_view head) {
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || head[start] != '{') return 0;
  if (head.find("\"traceEvents\"") == std::string_view::npos &&
      head.find("\"schemaVersion\"") == std::string_view::npos) {
    return 0;
  }
  if (head.find("\"distributedInfo\"") != std::string_view::npos ||
      head.find("\"deviceProperties\"") != std::string_view::npos) {
    return 85;
  }
  return 70;
}

Result<ImportResult> Import(SourceFiles files) {
  ImportResult result;
  std::vector<RankRuns> per_file(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    // One file at a time: its text is gone once it is tokenized.
    Result<TraceEventFile> file = TokenizeTraceEvents(files, i);
    if (!file.ok()) return Result<ImportResult>::Failure(file.error());
    per_file[i].path = files.path(i);
    per_file[i].file = std::move(*file);
    CollectRuns(per_file[i], i, result.warnings);
    // Events are no longer needed once the runs exist.
    per_file[i].file.events.clear();
    per_file[i].file.events.shrink_to_fit();
    per_file[i].file.launches.clear();
    per_file[i].file.launches.shrink_to_fit();
  }
  // One time base: every file's clock is absolute (baseTimeNanoseconds +
  // ts); the earliest kernel of any rank becomes zero.
  std::int64_t zero = std::numeric_limits<std::int64_t>::max();
  std::size_t run_count = 0;
  for (const RankRuns& rank : per_file) {
    for (const Run& run : rank.runs) zero = std::min(zero, run.t_start_ns);
    run_count += rank.runs.size();
  }
  if (run_count == 0) {
    return Result<ImportResult>::Failure(
        files.path(0) + ":1: no NCCL kernels (ncclKernel_/ncclDevKernel_) in any file");
  }
  Trace& trace = result.trace;
  trace.meta.source = "kineto";
  std::string names;
  for (const RankRuns& rank : per_file) {
    names += (names.empty() ? "" : ", ") + rank.path;
    if (trace.meta.gpu.empty()) trace.meta.gpu = rank.file.gpu;
    if (trace.meta.nccl_version.empty()) trace.meta.nccl_version = rank.file.nccl_version;
    if (rank.file.world_size > 0) {
      trace.meta.SetExtraNumber("world_size", static_cast<double>(rank.file.world_size));
    }
    bool present = false;
    for (const RankInfo& info : trace.ranks) present = present || info.rank == rank.rank;
    if (present) {
      result.warnings.push_back(rank.path + ": rank " + std::to_string(rank.rank) +
                                " appears in more than one file");
    } else {
      RankInfo info;
      info.rank = static_cast<std::int32_t>(rank.rank);
      info.device = static_cast<std::int32_t>(rank.device);
      trace.ranks.push_back(info);
    }
    for (const Run& run : rank.runs) {
      Run shifted = run;
      // zero is the earliest start, so both differences are >= 0; one that
      // does not fit (a file on another clock by centuries) is dropped.
      if (__builtin_sub_overflow(run.t_start_ns, zero, &shifted.t_start_ns) ||
          __builtin_sub_overflow(run.t_end_ns, zero, &shifted.t_end_ns)) {
        result.warnings.push_back(rank.path +
                                  ": a kernel too far from the other files' times "
                                  "skipped");
        continue;
      }
      trace.runs.push_back(std::move(shifted));
    }
  }
  trace.meta.note = "imported from PyTorch profiler (Kineto) traces: " + names;
  // Integer text: a double would round nanoseconds since the epoch.
  trace.meta.SetExtraJson("time_zero_ns", std::to_string(zero));
  std::sort(trace.ranks.begin(), trace.ranks.end(),
            [](const RankInfo& a, const RankInfo& b) { return a.rank < b.rank; });
  std::stable_sort(trace.runs.begin(), trace.runs.end(), [](const Run& a, const Run& b) {
    return a.t_start_ns != b.t_start_ns ? a.t_start_ns < b.t_start_ns : a.rank < b.rank;
  });
  return result;
}

}  // namespace

NcclKernelName ParseNcclKernelName(std::string_view name) {
  NcclKernelName out;
  name = name.substr(0, name.find('('));
  for (std::string_view prefix : {"ncclDevKernel_", "ncclKernel_"}) {
    if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
  }
  std::vector<std::string_view> parts;
  while (!name.empty()) {
    const std::size_t underscore = name.find('_');
    parts.push_back(name.substr(0, underscore));
    if (underscore == std::string_view::npos) break;
    name.remove_prefix(underscore + 1);
  }
  if (parts.empty()) return out;
  out.collective = CanonicalCollective(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string dtype = CanonicalDtype(parts[i]);
    if (out.dtype.empty() && DtypeSize(dtype) > 0) out.dtype = dtype;
    for (std::string_view op : {"Sum", "Prod", "Max", "Min", "Avg", "PreMulSum", "SumPostDiv"}) {
      if (parts[i] == op) {
        out.redop = std::string(op);
        std::transform(out.redop.begin(), out.redop.end(), out.redop.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      }
    }
  }
  return out;
}

Importer KinetoImporter() {
  return {.name = "kineto",
          .description = "PyTorch profiler (Kineto) JSON, one file per rank, .json or .json.gz",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
