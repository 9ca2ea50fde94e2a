#include "trace/importers/inspector/parser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "trace/json_text.h"

namespace collscope::trace {
namespace {

using Kind = InspectorRecord::Kind;

// inspectorComputeCollBw (inspector.cc): AllGather and ReduceScatter count
// the message of every rank, which is the lecture's n; the others their own
// message. False when that does not fit an int64.
bool TrafficBytes(const InspectorRecord& record, std::int64_t& bytes) {
  if ((record.op == "AllGather" || record.op == "ReduceScatter") && record.n_ranks > 0) {
    if (record.msg_bytes > std::numeric_limits<std::int64_t>::max() / record.n_ranks) return false;
    bytes = record.msg_bytes * record.n_ranks;
    return true;
  }
  bytes = record.msg_bytes;
  return true;
}

std::string ProcessGroup(const InspectorRecord& record) {
  if (record.comm_name.empty() || record.comm_name == "unknown") return record.comm_id;
  return record.comm_id + " (" + record.comm_name + ")";
}

std::string Gbps(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", value);
  return buffer;
}

std::string Where(const SourceFile& file, const InspectorRecord& record) {
  return Position(file.path, file.text, record.offset);
}

struct Collector {
  explicit Collector(ImportResult& result_in) : result(result_in) {}
  ImportResult& result;
  // (communicator, collective) -> rank -> coll_sn seen, for the gaps users
  // report: ranks that drop records (nccl#1945), files that stop (#1958).
  std::map<std::pair<std::string, std::string>, std::map<std::int32_t, std::set<std::int64_t>>>
      seen;
  std::map<std::pair<std::string, std::int32_t>, std::string> file_of;  // (comm, rank) -> path
  std::map<std::pair<std::string, std::int32_t>, std::string> host_of;  // (comm, rank) -> host
  std::map<std::pair<std::string, std::int32_t>, std::size_t> file_index_of;
  std::set<std::pair<std::string, std::int32_t>> duplicates;             // said once
  std::size_t file_index = 0;                                            // of the file being read
  std::map<std::string, std::int32_t> comm_ranks;                        // comm -> n_ranks
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> dropped;  // dump_stats
  std::map<std::tuple<std::string, std::string, std::int32_t>, std::int32_t> calls;  // iteration
  std::set<std::string> hosts, versions;
  std::int64_t nnodes = 0;
  std::size_t from_kernels = 0, from_dumps = 0;
};

// What one file's records had wrong: counted, and said once per file with
// the place of the first (a damaged file can have one per line).
struct FileFindings {
  struct Kind {
    std::size_t count = 0;
    std::string first;
    void Add(const SourceFile& file, const InspectorRecord& record, const std::string& what) {
      if (count++ == 0) first = Where(file, record) + ": " + what;
    }
  };
  Kind unknown_op, too_large, untimed, bandwidth;
  std::size_t bad_channels = 0;
  std::size_t from_dumps = 0;
};

void AddRecord(const SourceFile& file, const InspectorRecord& record, Collector& c,
               FileFindings& findings) {
  Trace& trace = c.result.trace;
  if (!record.hostname.empty()) c.hosts.insert(record.hostname);
  if (!record.version.empty()) c.versions.insert(record.version);
  c.nnodes = std::max(c.nnodes, record.nnodes);
  c.comm_ranks[record.comm_id] = std::max(c.comm_ranks[record.comm_id], record.n_ranks);
  c.file_of.emplace(std::make_pair(record.comm_id, record.rank), file.path);
  const auto [owner, added] =
      c.file_index_of.emplace(std::make_pair(record.comm_id, record.rank), c.file_index);
  if (!added && owner->second != c.file_index && c.duplicates.insert(owner->first).second) {
    c.result.warnings.push_back(file.path + ": communicator " + record.comm_id + " rank " +
                                std::to_string(record.rank) + " is also in " +
                                c.file_of[owner->first] + " (the same process imported twice?)");
  }
  c.host_of.emplace(std::make_pair(record.comm_id, record.rank), record.hostname);
  if (record.kind == Kind::kDumpStats) {
    std::int64_t& total = c.dropped[{record.comm_id, record.rank}];
    // Both are counts (not negative); saturate rather than overflow.
    const std::int64_t sum = record.coll_dropped_total > std::numeric_limits<std::int64_t>::max() -
                                                             record.p2p_dropped_total
                                 ? std::numeric_limits<std::int64_t>::max()
                                 : record.coll_dropped_total + record.p2p_dropped_total;
    total = std::max(total, sum);
    return;
  }
  Run run;
  run.collective = CanonicalCollective(record.op);
  if (run.collective.empty()) {
    findings.unknown_op.Add(file, record, "unknown operation '" + record.op + "'");
    run.collective = "unknown";
  }
  if (!TrafficBytes(record, run.bytes)) {
    findings.too_large.Add(file, record, "message size too large; record skipped");
    return;
  }
  if (!record.algo.empty() && record.algo != "unknown") {
    run.algorithm = CanonicalNcclAlgorithm(record.algo);
  }
  if (!record.proto.empty() && record.proto != "unknown") {
    run.protocol = CanonicalNcclProtocol(record.proto);
  }
  run.rank = record.rank;
  run.comm_ranks = record.n_ranks;
  run.sequence = record.sn;
  run.process_group = ProcessGroup(record);
  run.iteration = c.calls[{record.comm_id, record.op, record.rank}]++;
  // Verbose records carry the CPU times of the kernel channels; the run
  // starts when the first channel was seen running and lasts the exec time
  // the Inspector measured (the slowest channel on the GPU clock). Without
  // them the only time is the dump's, after the call completed.
  std::int64_t start_us = 0;
  if (record.verbose) {
    for (const InspectorChannel& channel : record.channels) {
      if (channel.start_ts_us > 0 && (start_us == 0 || channel.start_ts_us < start_us)) {
        start_us = channel.start_ts_us;
      }
    }
    if (start_us == 0) start_us = record.start_ts_us;
  }
  if (start_us > 0) {
    ++c.from_kernels;
  } else {
    if (record.dump_ts_us <= 0) {
      findings.untimed.Add(file, record,
                           "no time (no event_trace_ts, no dump_timestamp_us); record skipped");
      return;
    }
    start_us = std::max<std::int64_t>(0, record.dump_ts_us - record.exec_us);
    ++c.from_dumps;
    ++findings.from_dumps;
  }
  run.t_start_ns = start_us * 1000;
  run.t_end_ns = run.t_start_ns + record.exec_us * 1000;
  const std::uint16_t phase = trace.InternPhase("kernel");
  for (const InspectorChannel& channel : record.channels) {
    if (channel.start_ts_us <= 0 || channel.stop_ts_us < channel.start_ts_us ||
        channel.channel < 0 || channel.channel > std::numeric_limits<std::uint16_t>::max()) {
      ++findings.bad_channels;  // the profiler saw no start or stop of that channel
      continue;
    }
    StepEvent step;
    step.step = 0;
    step.rank = record.rank;
    step.channel = static_cast<std::uint16_t>(channel.channel);
    step.phase = phase;
    step.t_start_ns = channel.start_ts_us * 1000;
    step.t_end_ns = channel.stop_ts_us * 1000;
    if (record.kind == Kind::kP2p && record.op == "Send") step.send_to = record.peer;
    if (record.kind == Kind::kP2p && record.op == "Recv") step.recv_from = record.peer;
    run.steps.push_back(step);
  }
  // The writer's algbw is traffic / exec time (inspectorComputeCollBw),
  // printed with "%lf".
  const double expected =
      record.exec_us > 0 ? static_cast<double>(run.bytes) / 1.0e9 / (record.exec_us / 1.0e6) : 0;
  const double factor =
      record.kind == Kind::kP2p ? 1.0 : BusBwFactor(run.collective, record.n_ranks);
  const bool algbw_off = std::fabs(expected - record.algbw_gbps) > 2e-6 + 1e-6 * expected;
  const bool busbw_off =
      std::fabs(record.algbw_gbps * factor - record.busbw_gbps) > 4e-6 + 1e-6 * record.busbw_gbps;
  if (algbw_off || busbw_off) {
    findings.bandwidth.Add(file, record,
                           "algbw " + Gbps(record.algbw_gbps) + " / busbw " +
                               Gbps(record.busbw_gbps) + " GB/s disagree with " +
                               std::to_string(run.bytes) + " bytes in " +
                               std::to_string(record.exec_us) + " us (" + Gbps(expected) + " / " +
                               Gbps(expected * factor) + ")");
  }
  if (record.kind == Kind::kColl)
    c.seen[{record.comm_id, record.op}][record.rank].insert(record.sn);
  trace.runs.push_back(std::move(run));
}

// Calls missing on some ranks or on all of them. coll_sn counts the calls
// of one collective type on a communicator (comm->seqNumber[func]), the same
// on every rank.
void CheckSequences(Collector& c) {
  for (const auto& [key, ranks] : c.seen) {
    const auto& [comm, op] = key;
    std::set<std::int64_t> all;
    for (const auto& [rank, sns] : ranks) all.insert(sns.begin(), sns.end());
    if (all.empty()) continue;
    const std::int64_t lowest = *all.begin(), highest = *all.rbegin();
    // Unsigned: the span of two sequence numbers near INT64_MAX.
    const std::uint64_t span = static_cast<std::uint64_t>(highest - lowest) + 1;
    const std::uint64_t nowhere = span - all.size();
    if (nowhere > 0) {
      c.result.warnings.push_back(
          "communicator " + comm + " " + op + ": " + std::to_string(nowhere) + " of the calls " +
          std::to_string(lowest) + ".." + std::to_string(highest) +
          " are in no file (the Inspector kept only some of them: an older version writes the "
          "latest call per dump, a newer one drops calls when its ring overflows)");
    }
    for (const auto& [rank, sns] : ranks) {
      const std::size_t missing = all.size() - sns.size();
      if (missing == 0) continue;
      // The first call this rank lacks: every call before it is in `sns`,
      // so the walks of all ranks together stay within the records.
      std::int64_t first_missing = lowest;
      for (std::int64_t sn : all) {
        if (!sns.contains(sn)) {
          first_missing = sn;
          break;
        }
      }
      const std::string& path = c.file_of[{comm, rank}];
      const bool stops = first_missing > *sns.rbegin();
      c.result.warnings.push_back(
          path + ": communicator " + comm + " rank " + std::to_string(rank) + " " + op +
          (stops ? ": the records stop after coll_sn " + std::to_string(*sns.rbegin()) +
                       " while other ranks reach " + std::to_string(highest) +
                       " (the file stopped updating, nccl#1958)"
                 : ": " + std::to_string(missing) +
                       " call(s) other ranks recorded are missing, first coll_sn " +
                       std::to_string(first_missing) + " (records dropped, nccl#1945)"));
    }
  }
  for (const auto& [comm, n_ranks] : c.comm_ranks) {
    std::set<std::int32_t> ranks;
    for (const auto& [key, path] : c.file_of) {
      if (key.first == comm) ranks.insert(key.second);
    }
    if (n_ranks > 0 && static_cast<std::int32_t>(ranks.size()) < n_ranks) {
      c.result.warnings.push_back("communicator " + comm + " has " + std::to_string(n_ranks) +
                                  " ranks; records of " + std::to_string(ranks.size()) +
                                  " were imported (give every rank's file to compare them)");
    }
  }
  for (const auto& [key, total] : c.dropped) {
    if (total > 0) {
      c.result.warnings.push_back(c.file_of[key] + ": communicator " + key.first + " rank " +
                                  std::to_string(key.second) + ": the Inspector reports " +
                                  std::to_string(total) + " records dropped (dump_stats)");
    }
  }
}

int Sniff(std::string_view /*path*/, std::string_view head) {
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || head[start] != '{') return 0;
  const std::string_view body = head.substr(start);
  const bool perf = body.find("\"coll_perf\"") != std::string_view::npos ||
                    body.find("\"p2p_perf\"") != std::string_view::npos ||
                    body.find("\"dump_stats\"") != std::string_view::npos;
  const bool version = body.find("\"inspector_output_format_version\"") != std::string_view::npos;
  // inspector_json.cc: every line starts with the header object.
  if (body.starts_with("{\"header\":{\"id\":") && (perf || version)) return 98;
  if (body.find("\"header\"") != std::string_view::npos && perf && version) return 90;
  return 0;
}

Result<ImportResult> Import(SourceFiles files) {
  ImportResult result;
  Collector collector(result);
  Trace& trace = result.trace;
  std::string names;
  for (std::size_t index = 0; index < files.size(); ++index) {
    Result<SourceFile> taken = files.Take(index);
    if (!taken.ok()) return Result<ImportResult>::Failure(taken.error());
    SourceFile& file = *taken;
    Result<InspectorFile> parsed = TokenizeInspector(file);
    if (!parsed.ok()) return Result<ImportResult>::Failure(parsed.error());
    names += (names.empty() ? "" : ", ") + file.path;
    if (parsed->bad_lines > 0) {
      result.warnings.push_back(parsed->first_bad + " (" + std::to_string(parsed->bad_lines) +
                                " line(s) that are not Inspector records skipped)");
    }
    if (!parsed->cut_short.empty()) {
      result.warnings.push_back(parsed->cut_short +
                                " (the last line is cut short: the process stopped while the "
                                "Inspector wrote it; skipped)");
    }
    FileFindings findings;
    ++collector.file_index;
    for (const InspectorRecord& record : parsed->records) {
      AddRecord(file, record, collector, findings);
    }
    for (const FileFindings::Kind* kind :
         {&findings.unknown_op, &findings.too_large, &findings.untimed, &findings.bandwidth}) {
      if (kind->count == 0) continue;
      std::string more;
      if (kind->count > 1) more = " (and " + std::to_string(kind->count - 1) + " more like it)";
      result.warnings.push_back(kind->first + more);
    }
    if (findings.from_dumps > 0) {
      result.warnings.push_back(
          file.path + ": " + std::to_string(findings.from_dumps) +
          " records without event_trace_ts (NCCL_INSPECTOR_DUMP_VERBOSE=0): placed at their dump "
          "time minus their exec time, up to one dump interval late");
    }
    if (findings.bad_channels > 0) {
      result.warnings.push_back(file.path + ": " + std::to_string(findings.bad_channels) +
                                " kernel channel(s) without a start or stop time; not drawn");
    }
  }
  if (trace.runs.empty()) {
    return Result<ImportResult>::Failure(files.path(0) +
                                         ":1: no collective or point-to-point records");
  }
  CheckSequences(collector);
  if (collector.versions.size() > 1 ||
      (!collector.versions.empty() && !collector.versions.begin()->starts_with("v4"))) {
    std::string list;
    for (const std::string& v : collector.versions) list += (list.empty() ? "" : ", ") + v;
    result.warnings.push_back("Inspector output versions " + list + "; read as v4");
  }

  // One time base: gettimeofday microseconds on every host (as synchronised
  // as their clocks); the earliest start becomes zero.
  std::int64_t zero = std::numeric_limits<std::int64_t>::max();
  for (const Run& run : trace.runs) {
    zero = std::min(zero, run.t_start_ns);
    for (const StepEvent& step : run.steps) zero = std::min(zero, step.t_start_ns);
  }
  for (Run& run : trace.runs) {
    run.t_start_ns -= zero;
    run.t_end_ns -= zero;
    for (StepEvent& step : run.steps) {
      step.t_start_ns -= zero;
      step.t_end_ns -= zero;
    }
  }
  std::stable_sort(trace.runs.begin(), trace.runs.end(), [](const Run& a, const Run& b) {
    return a.t_start_ns != b.t_start_ns ? a.t_start_ns < b.t_start_ns : a.rank < b.rank;
  });

  // The ranks of the largest communicator (ranks of a smaller one are its
  // own numbering).
  std::string largest;
  std::int32_t most = 0;
  for (const auto& [comm, n] : collector.comm_ranks) {
    if (n > most) {
      most = n;
      largest = comm;
    }
  }
  for (const auto& [key, host] : collector.host_of) {
    if (key.first != largest) continue;
    RankInfo info;
    info.rank = key.second;
    info.host = host;
    trace.ranks.push_back(std::move(info));
  }
  std::sort(trace.ranks.begin(), trace.ranks.end(),
            [](const RankInfo& a, const RankInfo& b) { return a.rank < b.rank; });

  Meta& meta = trace.meta;
  meta.source = "inspector";
  std::string hosts;
  for (const std::string& host : collector.hosts) hosts += (hosts.empty() ? "" : ",") + host;
  meta.host = hosts;
  if (collector.nnodes > 0) meta.SetExtraNumber("nodes", static_cast<double>(collector.nnodes));
  if (!collector.versions.empty()) {
    meta.SetExtraString("inspector_output_format_version", *collector.versions.rbegin());
  }
  meta.SetExtraNumber("communicators", static_cast<double>(collector.comm_ranks.size()));
  meta.SetExtraString("inspector_times", collector.from_dumps == 0     ? "kernel"
                                         : collector.from_kernels == 0 ? "dump"
                                                                       : "kernel+dump");
  meta.SetExtraJson("time_zero_ns", std::to_string(zero));
  meta.note = "imported from NCCL Inspector output: " + names;
  return result;
}

}  // namespace

Importer InspectorImporter() {
  return {.name = "inspector",
          .description =
              "NCCL Inspector JSON lines (plugins/profiler/inspector, v4.x), one file "
              "per process",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
