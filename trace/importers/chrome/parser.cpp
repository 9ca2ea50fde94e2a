#include "trace/importers/chrome/parser.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "trace/importers/kineto/parser.h"
#include "trace/importers/text_lines.h"

namespace collscope::trace {
namespace {

using Kind = TraceEvent::Kind;

std::int64_t Number(const TraceEvent& event, std::string_view key, std::int64_t fallback) {
  auto it = event.numbers.find(key);
  return it != event.numbers.end() ? it->second : fallback;
}
std::string Text(const TraceEvent& event, std::string_view key) {
  auto it = event.strings.find(key);
  return it != event.strings.end() ? it->second : std::string();
}
std::int32_t Narrow(std::int64_t value, std::int32_t fallback = -1) {
  if (value < std::numeric_limits<std::int32_t>::min() ||
      value > std::numeric_limits<std::int32_t>::max()) {
    return fallback;
  }
  return static_cast<std::int32_t>(value);
}

// "rank 3", "Rank 3 (gpub001)", "python (rank 3)" -> 3.
std::optional<std::int64_t> RankInName(std::string_view name) {
  for (std::size_t at = 0; at + 4 < name.size(); ++at) {
    const char r = name[at];
    if ((r != 'r' && r != 'R') || name.substr(at + 1, 3) != "ank") continue;
    std::size_t i = at + 4;
    while (i < name.size() && (name[i] == ' ' || name[i] == '_' || name[i] == ':')) ++i;
    std::size_t end = i;
    while (end < name.size() && end - i < 9 && name[end] >= '0' && name[end] <= '9') ++end;
    std::int64_t rank = 0;
    if (end > i && ParseInt64(name.substr(i, end - i), rank)) return rank;
  }
  return std::nullopt;
}

// A slice's start and end in nanoseconds; false when its times are not
// numbers that fit.
bool SliceTimes(const TraceEvent& event, std::int64_t& start, std::int64_t& end) {
  if (!event.ts_ns || !event.dur_ns || *event.dur_ns < 0) return false;
  start = *event.ts_ns;
  return !__builtin_add_overflow(start, *event.dur_ns, &end);
}

void AddMeta(const TraceEventFile& file, Meta& meta) {
  for (const auto& [key, field] : kMetaTextFields) {
    auto it = file.other_data.find(key);
    std::string& target = meta.*field;
    if (it != file.other_data.end() && target.empty()) target = it->second;
  }
}

// collscope's own export: the runs and steps it was written from.
struct OwnRun {
  Run run;
  bool has_times = false;
};

void ReadOwnExport(const TraceEventFile& file, Trace& trace, std::vector<std::string>& warnings,
                   const std::string& path) {
  std::map<std::int64_t, OwnRun> runs;  // by the "run" arg (older exports: the iteration)
  std::size_t skipped = 0;
  for (const TraceEvent& event : file.events) {
    if (event.kind != Kind::kCollscope) continue;
    std::int64_t start = 0, end = 0;
    if (!SliceTimes(event, start, end)) {
      ++skipped;
      continue;
    }
    const std::int64_t index = Number(event, "run", Number(event, "iteration", 0));
    OwnRun& own = runs[index];
    Run& run = own.run;
    auto fill = [&] {
      if (run.collective.empty()) {
        run.collective = Text(event, "collective");
        // Exports before the "collective" arg: the slice's title starts with it.
        if (run.collective.empty()) {
          const std::vector<std::string_view> words = SplitWhitespace(event.name);
          if (!words.empty()) run.collective = std::string(words[0]);
          if (words.size() > 2) run.algorithm = std::string(words[1]);
        }
      }
      if (run.algorithm.empty()) run.algorithm = Text(event, "algorithm");
      if (run.protocol.empty()) run.protocol = Text(event, "protocol");
      if (run.dtype.empty()) run.dtype = Text(event, "dtype");
      if (run.comm_ranks == 0) run.comm_ranks = Narrow(Number(event, "comm_ranks", 0), 0);
      if (run.sequence < 0) run.sequence = Number(event, "sequence", -1);
      run.iteration = Narrow(Number(event, "iteration", run.iteration), 0);
    };
    fill();
    if (event.cat == "run" || event.cat == "kernel") {
      run.bytes = std::max<std::int64_t>(0, Number(event, "bytes", run.bytes));
      run.t_start_ns = own.has_times ? std::min(run.t_start_ns, start) : start;
      run.t_end_ns = own.has_times ? std::max(run.t_end_ns, end) : end;
      own.has_times = true;
    }
    if (event.cat == "kernel") {
      run.rank = Narrow(event.pid);
      run.stream = Number(event, "stream", -1);
      run.kernel = Text(event, "kernel");
      run.process_group = Text(event, "process_group");
    }
    if (event.cat == "step") {
      StepEvent step;
      step.step = Narrow(Number(event, "step", 0), 0);
      step.rank = Narrow(event.pid, 0);
      step.send_to = Narrow(Number(event, "send_to", -1));
      step.recv_from = Narrow(Number(event, "recv_from", -1));
      step.slot = Narrow(Number(event, "slot", -1));
      step.bytes = std::max<std::int64_t>(0, Number(event, "bytes", 0));
      std::string phase = Text(event, "phase");
      if (phase.empty()) phase = event.name.substr(0, event.name.find(" step "));
      step.phase = trace.InternPhase(phase);
      // The export puts channel c on thread 1 + phase + 1000 c.
      const std::int64_t channel =
          Number(event, "channel", event.tid > 0 ? (event.tid - 1) / 1000 : 0);
      step.channel = static_cast<std::uint16_t>(std::clamp<std::int64_t>(channel, 0, 0xFFFF));
      step.t_start_ns = start;
      step.t_end_ns = end;
      run.steps.push_back(step);
    }
  }
  for (auto& [index, own] : runs) {
    Run& run = own.run;
    if (!own.has_times && !run.steps.empty()) {
      run.t_start_ns = run.steps.front().t_start_ns;
      run.t_end_ns = run.steps.front().t_end_ns;
      for (const StepEvent& step : run.steps) {
        run.t_start_ns = std::min(run.t_start_ns, step.t_start_ns);
        run.t_end_ns = std::max(run.t_end_ns, step.t_end_ns);
      }
    }
    std::sort(run.steps.begin(), run.steps.end(), [](const StepEvent& a, const StepEvent& b) {
      return a.step != b.step ? a.step < b.step : a.rank < b.rank;
    });
    trace.runs.push_back(std::move(run));
  }
  if (skipped > 0) {
    warnings.push_back(path + ": " + std::to_string(skipped) +
                       " slices with times that are not numbers skipped");
  }
}

// Any other Chrome trace: one run per NCCL kernel slice. A file may hold
// many ranks (a process each); the rank is in the process's name when the
// tool wrote one ("rank 3"), else the processes in order.
void ReadKernels(const TraceEventFile& file, Trace& trace, std::vector<std::string>& warnings,
                 const std::string& path) {
  std::set<std::int64_t> pids;
  for (const TraceEvent& event : file.events) {
    if (event.kind == Kind::kNcclKernel) pids.insert(event.pid);
  }
  std::map<std::int64_t, std::int64_t> rank_of_pid;
  std::set<std::int64_t> named_ranks;
  for (std::int64_t pid : pids) {
    auto name = file.process_names.find(pid);
    if (name == file.process_names.end()) continue;
    if (auto rank = RankInName(name->second); rank && named_ranks.insert(*rank).second) {
      rank_of_pid[pid] = *rank;
    }
  }
  if (rank_of_pid.size() != pids.size()) {
    rank_of_pid.clear();
    std::int64_t next = 0;
    for (std::int64_t pid : pids) rank_of_pid[pid] = next++;
    if (pids.size() > 1) {
      warnings.push_back(path + ": processes do not name their ranks; ranks given in pid order");
    }
  }
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> next_in_group;
  std::size_t skipped = 0;
  for (const TraceEvent& event : file.events) {
    if (event.kind != Kind::kNcclKernel) continue;
    std::int64_t start = 0, end = 0;
    if (!SliceTimes(event, start, end) || start < 0) {
      ++skipped;
      continue;
    }
    const NcclKernelName kernel = ParseNcclKernelName(event.name);
    Run run;
    run.collective = CanonicalCollective(event.args.collective);
    if (run.collective.empty()) run.collective = kernel.collective;
    if (run.collective.empty()) run.collective = "unknown";
    run.dtype = !event.args.dtype.empty() ? CanonicalDtype(event.args.dtype) : kernel.dtype;
    const std::int64_t elements = std::max(event.args.in_nelems, event.args.out_nelems);
    const int element = DtypeSize(run.dtype);
    std::int64_t bytes = 0;
    if (elements > 0 && element > 0 && !__builtin_mul_overflow(elements, element, &bytes)) {
      run.bytes = bytes;
    }
    run.rank = Narrow(rank_of_pid[event.pid], 0);
    run.comm_ranks = Narrow(
        event.args.group_size > 0 ? event.args.group_size : static_cast<std::int64_t>(pids.size()),
        0);
    run.stream = event.args.stream >= 0 ? event.args.stream : event.tid;
    run.kernel = event.name;
    run.process_group = event.args.process_group;
    run.sequence = event.args.sequence;
    run.t_start_ns = start;
    run.t_end_ns = end;
    trace.runs.push_back(std::move(run));
  }
  std::stable_sort(trace.runs.begin(), trace.runs.end(), [](const Run& a, const Run& b) {
    return a.t_start_ns != b.t_start_ns ? a.t_start_ns < b.t_start_ns : a.rank < b.rank;
  });
  std::map<std::pair<std::int32_t, std::string>, std::int32_t> next_of_collective;
  for (Run& run : trace.runs) {
    std::int64_t& next = next_in_group[{run.rank, run.process_group}];
    if (run.sequence < 0) run.sequence = next;
    next = run.sequence + 1;
    run.iteration = next_of_collective[{run.rank, run.collective}]++;
  }
  for (const auto& [pid, rank] : rank_of_pid) {
    RankInfo info;
    info.rank = Narrow(rank, 0);
    trace.ranks.push_back(info);
  }
  if (skipped > 0) {
    warnings.push_back(path + ": " + std::to_string(skipped) +
                       " NCCL kernels with impossible times skipped");
  }
}

int Sniff(std::string_view /*path*/, std::string_view head) {
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return 0;
  if (head.find("\"generator\":\"collscope export\"") != std::string_view::npos) return 95;
  const bool object = head[start] == '{' && head.find("\"traceEvents\"") != std::string_view::npos;
  const bool array = head[start] == '[' && head.find("\"ph\"") != std::string_view::npos;
  if (!object && !array) return 0;
  // A PyTorch profile is Kineto's (its distributedInfo, time base, devices).
  for (std::string_view kineto : {"\"schemaVersion\"", "\"distributedInfo\"",
                                  "\"deviceProperties\"", "\"baseTimeNanoseconds\""}) {
    if (head.find(kineto) != std::string_view::npos) return 0;
  }
  return 75;
}

Result<ImportResult> Import(SourceFiles files) {
  ImportResult result;
  Trace& trace = result.trace;
  for (std::size_t index = 0; index < files.size(); ++index) {
    Result<TraceEventFile> file = TokenizeTraceEvents(files, index);
    if (!file.ok()) return Result<ImportResult>::Failure(file.error());
    const std::string& path = files.path(index);
    AddMeta(*file, trace.meta);
    const std::size_t before = trace.runs.size();
    if (file->generator == "collscope export") {
      ReadOwnExport(*file, trace, result.warnings, path);
      for (const auto& [pid, name] : file->process_names) {
        RankInfo info;
        info.rank = Narrow(RankInName(name).value_or(pid), 0);
        const std::size_t open = name.find(" (");
        if (open != std::string::npos && name.ends_with(")")) {
          info.host = name.substr(open + 2, name.size() - open - 3);
        }
        trace.ranks.push_back(info);
      }
    } else {
      ReadKernels(*file, trace, result.warnings, path);
    }
    if (trace.runs.size() == before) {
      return Result<ImportResult>::Failure(
          path +
          ":1: no NCCL kernels (ncclKernel_/ncclDevKernel_) and no collscope "
          "export slices in traceEvents");
    }
  }
  std::sort(trace.ranks.begin(), trace.ranks.end(),
            [](const RankInfo& a, const RankInfo& b) { return a.rank < b.rank; });
  trace.ranks.erase(
      std::unique(trace.ranks.begin(), trace.ranks.end(),
                  [](const RankInfo& a, const RankInfo& b) { return a.rank == b.rank; }),
      trace.ranks.end());
  if (trace.meta.source.empty()) trace.meta.source = "chrome";
  std::string names;
  for (std::size_t index = 0; index < files.size(); ++index) {
    names += (names.empty() ? "" : ", ") + files.path(index);
  }
  if (trace.meta.note.empty()) trace.meta.note = "imported from a Chrome trace: " + names;
  return result;
}

}  // namespace

Importer ChromeImporter() {
  return {.name = "chrome",
          .description = "Chrome / Perfetto JSON with NCCL kernels; collscope export --chrome",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
