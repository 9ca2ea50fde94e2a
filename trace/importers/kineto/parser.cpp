#include "trace/importers/kineto/parser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "trace/importers/text_lines.h"

namespace collscope::trace {
namespace {

using Kind = KinetoEvent::Kind;

// record_param_comms / kernel args that matter (reference §5.3).
struct CommArgs {
  std::string collective;
  std::int64_t in_nelems = -1;
  std::int64_t out_nelems = -1;
  std::string dtype;
  std::int64_t group_size = 0;
  std::string process_group;
  std::int64_t rank = -1;
  std::int64_t correlation = -1;
  std::int64_t stream = -1;
};

void FillArgs(const nlohmann::json& args, CommArgs& out);

std::int64_t IntArg(const nlohmann::json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end()) return -1;
  if (it->is_number_float()) {
    // Found by fuzz_import_kineto: 2.6e89 does not fit an int64 (undefined
    // behaviour to convert); a size or id that large is no size or id.
    const double value = it->get<double>();
    return std::isfinite(value) && value >= -9.2e18 && value <= 9.2e18
               ? static_cast<std::int64_t>(value)
               : -1;
  }
  if (it->is_number()) return it->get<std::int64_t>();
  if (it->is_string()) {
    std::int64_t value = -1;
    if (ParseInt64(Trim(it->get<std::string>()), value)) return value;
  }
  return -1;
}

std::string StringArg(const nlohmann::json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return {};
}

CommArgs ParseArgs(const std::string& json) {
  CommArgs out;
  if (json.empty()) return out;
  nlohmann::json args = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!args.is_object()) return out;
  try {
    FillArgs(args, out);
  } catch (const nlohmann::json::exception&) {
    // An args value of an odd type: keep what was read before it.
  }
  return out;
}

void FillArgs(const nlohmann::json& args, CommArgs& out) {
  out.collective = StringArg(args, "Collective name");
  out.in_nelems = IntArg(args, "In msg nelems");
  out.out_nelems = IntArg(args, "Out msg nelems");
  out.dtype = StringArg(args, "dtype");
  out.group_size = IntArg(args, "Group size");
  out.process_group = StringArg(args, "Process Group Name");
  const std::string description = StringArg(args, "Process Group Description");
  if (!description.empty()) {
    out.process_group += out.process_group.empty() ? description : " (" + description + ")";
  }
  out.rank = IntArg(args, "Rank");
  out.correlation = IntArg(args, "correlation");
  out.stream = IntArg(args, "stream");
}

struct RankRuns {
  std::string path;
  KinetoFile file;
  std::int64_t rank = -1;
  std::int64_t device = -1;  // Kineto's GPU pid is the device index
  std::vector<Run> runs;     // absolute times (ns since the epoch of the file's clock)
};

// The record_param_comms op around the CPU launch of a kernel.
const KinetoEvent* EnclosingParamComms(const std::vector<const KinetoEvent*>& comms,
                                       const KinetoEvent& launch) {
  const KinetoEvent* best = nullptr;
  for (const KinetoEvent* op : comms) {
    if (op->pid != launch.pid || op->tid != launch.tid) continue;
    if (op->ts_us <= launch.ts_us && launch.ts_us <= op->ts_us + op->dur_us) {
      if (best == nullptr || op->ts_us > best->ts_us) best = op;
    }
  }
  return best;
}

Status CollectRuns(const std::string& path, RankRuns& rank_runs, std::size_t file_index,
                   std::vector<std::string>& warnings) {
  KinetoFile& file = rank_runs.file;
  std::vector<const KinetoEvent*> comms;
  std::map<std::int64_t, const KinetoEvent*> launches;  // correlation -> launch
  std::vector<CommArgs> comm_args;
  for (const KinetoEvent& event : file.events) {
    if (event.kind == Kind::kParamComms) comms.push_back(&event);
    if (event.kind == Kind::kLaunch) {
      const CommArgs args = ParseArgs(event.args_json);
      if (args.correlation >= 0) launches[args.correlation] = &event;
    }
  }
  rank_runs.rank = file.rank;
  if (!file.has_distributed_info || file.rank < 0) {
    for (const KinetoEvent* op : comms) {
      const CommArgs args = ParseArgs(op->args_json);
      if (args.rank >= 0) {
        rank_runs.rank = args.rank;
        break;
      }
    }
    if (rank_runs.rank < 0) rank_runs.rank = static_cast<std::int64_t>(file_index);
    warnings.push_back(path + ": no distributedInfo.rank; rank taken as " +
                       std::to_string(rank_runs.rank));
  }
  std::map<std::string, std::int32_t> sequence;  // collective -> calls so far
  for (const KinetoEvent& event : file.events) {
    if (event.kind != Kind::kNcclKernel) continue;
    const NcclKernelName kernel = ParseNcclKernelName(event.name);
    CommArgs args = ParseArgs(event.args_json);
    if (args.collective.empty() && args.correlation >= 0) {
      // Kineto copies the comm args onto the kernel only when it can link
      // them; otherwise follow correlation -> launch -> enclosing op.
      auto launch = launches.find(args.correlation);
      if (launch != launches.end()) {
        if (const KinetoEvent* op = EnclosingParamComms(comms, *launch->second)) {
          const CommArgs op_args = ParseArgs(op->args_json);
          const std::int64_t correlation = args.correlation;
          const std::int64_t stream = args.stream;
          args = op_args;
          args.correlation = correlation;
          args.stream = stream;
        }
      }
    }
    Run run;
    run.collective = CanonicalCollective(args.collective);
    if (run.collective.empty()) run.collective = kernel.collective;
    if (run.collective.empty()) run.collective = "unknown";
    run.dtype = !args.dtype.empty() ? CanonicalDtype(args.dtype) : kernel.dtype;
    const std::int64_t nelems = std::max(args.in_nelems, args.out_nelems);
    const int element = DtypeSize(run.dtype);
    run.bytes = nelems > 0 && element > 0 && nelems < std::numeric_limits<std::int64_t>::max() / 16
                    ? nelems * element
                    : 0;
    run.rank = static_cast<std::int32_t>(rank_runs.rank);
    run.stream = args.stream >= 0 ? args.stream : event.tid;
    run.kernel = event.name;
    run.process_group = args.process_group;
    run.iteration = sequence[run.collective]++;
    // Found by fuzz_import_kineto: absurd times overflowed int64 nanoseconds
    // here and when runs moved onto one time base. A real file has a base
    // near now (1.7e18 ns since the epoch) and times relative to it; a kernel
    // whose base is past 2096 or whose time or duration is more than 7 years
    // is skipped, so every sum and difference below stays within int64.
    const double start_ns = event.ts_us * 1000.0;
    const double duration_ns = event.dur_us * 1000.0;
    constexpr double kBaseLimitNs = 4e18;
    constexpr double kOffsetLimitNs = 2.5e17;
    if (!std::isfinite(start_ns) || !std::isfinite(duration_ns) ||
        std::abs(start_ns) >= kOffsetLimitNs || std::abs(duration_ns) >= kOffsetLimitNs ||
        std::abs(static_cast<double>(file.base_time_ns)) >= kBaseLimitNs) {
      continue;
    }
    run.t_start_ns = file.base_time_ns + std::llround(start_ns);
    run.t_end_ns = run.t_start_ns + std::llround(duration_ns);
    rank_runs.runs.push_back(std::move(run));
    if (rank_runs.device < 0) rank_runs.device = event.pid;
  }
  if (rank_runs.runs.empty()) {
    warnings.push_back(path + ": no NCCL kernels (ncclKernel_/ncclDevKernel_) in traceEvents");
  }
  return Status::Ok();
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

Result<ImportResult> Import(std::vector<SourceFile>& files) {
  ImportResult result;
  std::vector<RankRuns> per_file(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    Result<KinetoFile> file = TokenizeKineto(files[i]);
    if (!file.ok()) return Result<ImportResult>::Failure(file.error());
    per_file[i].path = files[i].path;
    per_file[i].file = std::move(*file);
    if (Status status = CollectRuns(files[i].path, per_file[i], i, result.warnings); !status.ok()) {
      return Result<ImportResult>::Failure(status.error);
    }
    // Events are no longer needed once the runs exist.
    per_file[i].file.events.clear();
    files[i].text.clear();
    files[i].text.shrink_to_fit();
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
        files.front().path + ":1: no NCCL kernels (ncclKernel_/ncclDevKernel_) in any file");
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
      shifted.t_start_ns -= zero;
      shifted.t_end_ns -= zero;
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
