// What every backend shares: option checks, the trace skeleton and its meta,
// interrupt handling, and the hand-over to the NCCL executable.

#include <sched.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <sstream>
#include <thread>

#include "engine/algorithm.h"
#include "engine/chunk_split.h"
#include "engine/verify.h"
#include "kernels/backend.h"
#include "kernels/recording.h"
#include "trace/writer.h"

namespace collscope::kernels {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

std::atomic<int> g_interrupt{0};

extern "C" void OnInterrupt(int signal_number) { g_interrupt.store(signal_number); }

// Strict integer parsing for the argv hand-over.
bool ParseInt(const std::string& text, long long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtoll(text.c_str(), &end, 10);
  return end && *end == '\0';
}

// NCCL's reduce-scatter, all-gather, scatter, gather and all-to-all take a
// per-rank count (nccl.h: recvcount, sendcount), so every rank's block has
// the same length; nccl-tests rounds n down to fit (src/reduce_scatter.cu,
// ReduceScatterGetCollByteCount: count / nranks).
bool NcclTakesOneCountPerRank(engine::Collective collective) {
  return collective != engine::Collective::kAllReduce &&
         collective != engine::Collective::kBroadcast && collective != engine::Collective::kReduce;
}

}  // namespace

std::string_view BackendName(BackendKind kind) {
  switch (kind) {
    case BackendKind::kThreads:
      return "threads";
    case BackendKind::kMpi:
      return "mpi";
    case BackendKind::kNccl:
      break;
  }
  return "nccl";
}

std::optional<BackendKind> ParseBackend(std::string_view name) {
  for (BackendKind kind : {BackendKind::kThreads, BackendKind::kMpi, BackendKind::kNccl}) {
    if (BackendName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool BackendBuilt(BackendKind kind) {
  switch (kind) {
    case BackendKind::kThreads:  // NOLINT(bugprone-branch-clone): differs when MPI is off
      return true;
    case BackendKind::kMpi:
#ifdef COLLSCOPE_HAVE_MPI
      return true;
#else
      return false;
#endif
    case BackendKind::kNccl:
      break;
  }
#ifdef COLLSCOPE_HAVE_NCCL
  return true;
#else
  return false;
#endif
}

std::optional<Fault> ParseFault(std::string_view text) {
  Fault fault;
  if (text.empty()) return fault;
  std::string s(text);
  for (char& c : s) {
    if (c == ':') c = ' ';
  }
  std::istringstream in(s);
  std::string kind;
  std::string extra;
  if (!(in >> kind >> fault.rank >> fault.step) || (in >> extra)) return std::nullopt;
  if (kind == "hang") {
    fault.kind = Fault::Kind::kHang;
  } else if (kind == "die") {
    fault.kind = Fault::Kind::kDie;
  } else if (kind == "kill") {
    fault.kind = Fault::Kind::kKill;
  } else if (kind == "term") {
    fault.kind = Fault::Kind::kTerm;
  } else {
    return std::nullopt;
  }
  if (fault.rank < 0 || fault.step < 1) return std::nullopt;
  return fault;
}

std::string ValidateOptions(const RecordOptions& options, int ranks) {
  std::ostringstream error;
  if (ranks < 1) return "--ranks must be at least 1";
  if (options.library && options.backend == BackendKind::kThreads) {
    return "--library times MPI's or NCCL's own collective: use --backend mpi or nccl";
  }
  if (options.root < 0 || options.root >= ranks) {
    error << "--root " << options.root << " is not a rank of " << ranks;
    return error.str();
  }
  if (options.iters < 1 || options.iters > kMaxIters) {
    error << "--iters must be in 1.." << kMaxIters;
    return error.str();
  }
  if (options.warmup < 0 || options.warmup > kMaxIters) {
    error << "--warmup must be in 0.." << kMaxIters;
    return error.str();
  }
  // Any whole number of elements splits over any p, as NCCL splits it
  // (engine/chunk_split.h): the last chunks shorter, or empty.
  const int element = DtypeBytes(options.dtype);
  if (options.bytes <= 0) {
    error << "-n " << options.bytes << " bytes: the vector needs at least one element";
    return error.str();
  }
  if (!engine::ChunkSplit::OfBytes(options.bytes, ranks, element)) {
    error << "-n " << options.bytes << " bytes is not a whole number of "
          << DtypeName(options.dtype) << " elements (" << element << " bytes each)";
    return error.str();
  }
  if (options.library && options.backend == BackendKind::kNccl &&
      !engine::ChunkSplit::OfBytes(options.bytes, ranks, element)->Even() &&
      NcclTakesOneCountPerRank(options.collective)) {
    error << "--library: NCCL's " << engine::CollectiveName(options.collective)
          << " takes one count for every rank, so -n must be a multiple of p x " << element << " = "
          << static_cast<std::int64_t>(ranks) * element << " bytes (the schedule"
          << " mode records any -n)";
    return error.str();
  }
  if (DtypeExactLimit(options.dtype) < ranks) {
    error << DtypeName(options.dtype) << " cannot hold the check pattern's sums exactly for "
          << ranks << " ranks (at most " << static_cast<long long>(DtypeExactLimit(options.dtype))
          << ")";
    return error.str();
  }
  if (!options.library) {
    const engine::AlgorithmInfo* info = engine::FindAlgorithm(options.algorithm);
    if (!info) return "unknown algorithm '" + options.algorithm + "' (see collscope list)";
    if (!engine::Supports(*info, options.collective)) {
      return "algorithm '" + options.algorithm + "' does not implement " +
             std::string(engine::CollectiveName(options.collective)) + " (see collscope list)";
    }
  }
  return "";
}

Prepared Prepare(const RecordOptions& options, int ranks) {
  Prepared prepared;
  prepared.error = ValidateOptions(options, ranks);
  if (!prepared.error.empty()) return prepared;
  const int element = DtypeBytes(options.dtype);
  const SlotSizes sizes{options.collective, ranks,
                        engine::ChunkSplit(options.bytes / element, ranks), element};
  if (options.library) {
    prepared.plan.ranks = ranks;
    prepared.plan.slots = engine::SlotCount(options.collective, ranks);
    prepared.plan.sizes = sizes;
    return prepared;
  }
  engine::BuildResult built =
      engine::BuildSchedule(options.collective, options.algorithm, ranks, options.root);
  if (!built.schedule) {
    prepared.error = built.error;
    return prepared;
  }
  // A recorder unrolls every transfer once; ten million is ~300 MB of plan.
  constexpr std::int64_t kMaxTransfers = 10'000'000;
  if (Plan::CountTransfers(*built.schedule) > kMaxTransfers) {
    prepared.error =
        "the schedule has more than 10 million transfers at p = " + std::to_string(ranks) +
        "; record with fewer ranks";
    return prepared;
  }
  // The schedules are the same for every n; what an uneven split adds is
  // that each chunk lands in a slot of its own length.
  const engine::VerifyResult ranges =
      engine::VerifyChunkRanges(*built.schedule, options.collective, sizes.split);
  if (!ranges.ok) {
    prepared.error = options.algorithm + " cannot move " + std::to_string(options.bytes) +
                     " bytes over " + std::to_string(ranks) + " ranks: " + ranges.message;
    return prepared;
  }
  prepared.plan = Plan::Build(*built.schedule, sizes);
  prepared.schedule = std::move(built.schedule);
  return prepared;
}

#ifndef COLLSCOPE_HAVE_MPI
RecordResult RecordMpi(const RecordOptions&) {
  RecordResult result;
  result.exit_code = 2;
  result.message =
      "the mpi backend is not in this build (MPI was not found when it was configured)";
  return result;
}
#endif

std::atomic<int>& InterruptSignal() { return g_interrupt; }

void InstallInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

trace::HostMachine MeasureHost() {
  trace::HostMachine machine;
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  machine.cores = sched_getaffinity(0, sizeof(cpus), &cpus) == 0
                      ? CPU_COUNT(&cpus)
                      : static_cast<std::int32_t>(std::thread::hardware_concurrency());
  // Far larger than a CPU's caches on the machines collscope meets (Delta's
  // AMD Milan: 32 MiB of L3 per CCD), so this is memory's bandwidth.
  constexpr std::size_t kBytes = std::size_t{64} << 20;
  const auto from = std::make_unique<std::byte[]>(kBytes);  // zeroed: the pages exist
  const auto to = std::make_unique<std::byte[]>(kBytes);
  double best_s = 0;
  for (int round = 0; round < 3; ++round) {
    const Clock::time_point start = Clock::now();
    std::memcpy(to.get(), from.get(), kBytes);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Round 0 is the warm-up: it pays the destination's page faults.
    if (round > 0 && (best_s == 0 || seconds < best_s)) best_s = seconds;
  }
  machine.memcpy_gbps = best_s > 0 ? static_cast<double>(kBytes) / best_s * 1e-9 : 0;
  return machine;
}

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

trace::Trace NewTrace(const RecordOptions& options, int ranks) {
  trace::Trace trace;
  trace::Meta& meta = trace.meta;
  meta.source = std::string(BackendName(options.backend));
  meta.host = HostName();
  // Only the environment names the cluster: Slurm's own name for it, or a
  // host name inside NCSA Delta's domain. A trace from elsewhere says nothing.
  meta.cluster = Env("SLURM_CLUSTER_NAME");
  if (meta.cluster.empty() && meta.host.find(".delta.ncsa.illinois.edu") != std::string::npos) {
    meta.cluster = "delta";
  }
  meta.partition = Env("SLURM_JOB_PARTITION");
  meta.created = NowUtc();
  meta.command = options.command_line;
  std::ostringstream note;
  note << "recorded by collscope record --backend " << BackendName(options.backend) << " on host "
       << meta.host << " (" << ranks << " rank" << (ranks == 1 ? "" : "s") << ", "
       << std::thread::hardware_concurrency() << " CPU threads visible"
       << (meta.cluster.empty() ? ", no cluster" : ", cluster " + meta.cluster) << ")";
  meta.note = note.str();
  meta.SetExtraString("mode", options.library ? "library" : "schedule");
  meta.SetExtraNumber("ranks", ranks);
  meta.SetExtraNumber("iters", options.iters);
  meta.SetExtraNumber("warmup", options.warmup);
  meta.SetExtraNumber("root", options.root);
  meta.SetExtraString("step_timing", options.step_timing ? "on" : "off");
  for (const char* name : {"SLURM_JOB_ID", "SLURM_JOB_NODELIST", "SLURM_NNODES", "SLURM_NTASKS"}) {
    const std::string value = Env(name);
    if (!value.empty()) meta.SetExtraString(name, value);
  }
  for (int rank = 0; rank < ranks; ++rank) {
    trace.ranks.push_back(trace::RankInfo{rank, meta.host, -1});
  }
  return trace;
}

trace::StepEvent MakeStepEvent(const RankStep& work, std::int64_t step, int rank,
                               std::uint16_t phase) {
  trace::StepEvent event;
  event.step = static_cast<std::int32_t>(step);
  event.rank = rank;
  event.phase = phase;
  if (!work.sends.empty()) {
    event.send_to = work.sends.front().peer;
    event.slot = work.sends.front().src_slot;
    event.channel = work.sends.front().channel;
  }
  for (const PlannedTransfer& r : work.recvs) {
    if (r.peer == rank) continue;
    event.recv_from = r.peer;
    if (event.slot < 0) {
      event.slot = r.dst_slot;
      event.channel = r.channel;
    }
    break;
  }
  if (event.slot < 0 && !work.recvs.empty()) event.slot = work.recvs.front().dst_slot;
  event.bytes = std::max(work.send_bytes, work.recv_bytes);
  return event;
}

trace::Run MakeRun(const RecordOptions& options, int iteration) {
  trace::Run run;
  run.collective = std::string(engine::CollectiveName(options.collective));
  run.algorithm = options.library ? "library" : options.algorithm;
  run.bytes = options.bytes;
  run.dtype = std::string(DtypeName(options.dtype));
  run.iteration = iteration;
  return run;
}

std::string DescribeWrongResult(const std::string& wrong, int iteration, std::string_view what,
                                engine::Collective collective) {
  return wrong + " after iteration " + std::to_string(iteration) + " of " + std::string(what) +
         " " + std::string(engine::CollectiveName(collective));
}

void MarkIncomplete(trace::Trace& trace, const std::string& reason) {
  trace.complete = false;
  trace.meta.SetExtraString("incomplete_reason", reason);
}

void Summarise(RecordResult& result, const RecordOptions& options, int ranks) {
  double total_s = 0;
  int count = 0;
  for (const trace::Run& run : result.trace.runs) {
    total_s += static_cast<double>(run.DurationNs()) * 1e-9;
    ++count;
  }
  result.iterations_done = count;
  result.mean_iteration_s = count ? total_s / count : 0;
  if (count && result.mean_iteration_s > 0) {
    trace::Measurement m;
    m.collective = std::string(engine::CollectiveName(options.collective));
    m.bytes = options.bytes;
    m.count = options.bytes / DtypeBytes(options.dtype);
    m.dtype = std::string(DtypeName(options.dtype));
    m.redop = "sum";
    m.root = engine::HasRoot(options.collective) ? options.root : -1;
    m.ranks = ranks;
    m.time_us = result.mean_iteration_s * 1e6;
    m.algbw_gbps = static_cast<double>(options.bytes) / result.mean_iteration_s * 1e-9;
    m.busbw_gbps = m.algbw_gbps * trace::BusBwFactor(m.collective, ranks);
    m.wrong = 0;  // every iteration was checked
    result.trace.measurements.push_back(m);
  }
}

std::vector<std::string> OptionsToArgv(const RecordOptions& options) {
  std::vector<std::string> argv = {
      "--collective",
      std::string(engine::CollectiveName(options.collective)),
      "--algorithm",
      options.algorithm,
      "--root",
      std::to_string(options.root),
      "--bytes",
      std::to_string(options.bytes),
      "--ranks",
      std::to_string(options.ranks),
      "--iters",
      std::to_string(options.iters),
      "--warmup",
      std::to_string(options.warmup),
      "--dtype",
      std::string(DtypeName(options.dtype)),
      "--library",
      options.library ? "1" : "0",
      "--step-timing",
      options.step_timing ? "1" : "0",
      "--step-timeout-ms",
      std::to_string(static_cast<long long>(options.step_timeout_s * 1000)),
      "--output",
      options.output,
      "--command",
      options.command_line,
  };
  return argv;
}

std::string OptionsFromArgv(const std::vector<std::string>& argv, RecordOptions& options) {
  options.backend = BackendKind::kNccl;
  if (argv.size() % 2 != 0) return "expected --key value pairs";
  for (std::size_t i = 0; i < argv.size(); i += 2) {
    const std::string& key = argv[i];
    const std::string& value = argv[i + 1];
    long long number = 0;
    const bool numeric = ParseInt(value, number);
    if (key == "--collective") {
      const auto collective = engine::ParseCollective(value);
      if (!collective) return "unknown collective '" + value + "'";
      options.collective = *collective;
    } else if (key == "--algorithm") {
      options.algorithm = value;
    } else if (key == "--dtype") {
      const auto dtype = ParseDtype(value);
      if (!dtype) return "unknown dtype '" + value + "'";
      options.dtype = *dtype;
    } else if (key == "--output") {
      options.output = value;
    } else if (key == "--command") {
      options.command_line = value;
    } else if (!numeric) {
      return "bad value '" + value + "' for " + key;
    } else if (key == "--root") {
      options.root = static_cast<int>(number);
    } else if (key == "--bytes") {
      options.bytes = number;
    } else if (key == "--ranks") {
      options.ranks = static_cast<int>(number);
    } else if (key == "--iters") {
      options.iters = static_cast<int>(number);
    } else if (key == "--warmup") {
      options.warmup = static_cast<int>(number);
    } else if (key == "--library") {
      options.library = number != 0;
    } else if (key == "--step-timing") {
      options.step_timing = number != 0;
    } else if (key == "--step-timeout-ms") {
      options.step_timeout_s = static_cast<double>(number) / 1000.0;
    } else {
      return "unknown option " + key;
    }
  }
  const auto fault = ParseFault(Env("COLLSCOPE_RECORD_FAULT"));
  if (!fault) return "COLLSCOPE_RECORD_FAULT must look like KIND:RANK:STEP (hang, die, kill, term)";
  options.fault = *fault;
  return "";
}

std::string WriteTraceAtomically(const trace::Trace& trace, const std::string& path) {
  return trace::WriteTrace(trace, path).error;
}

std::string NcclRecorderPath() {
  namespace fs = std::filesystem;
  std::string from_env = Env("COLLSCOPE_RECORD_NCCL");
  if (!from_env.empty()) return from_env;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path beside = self.parent_path() / "collscope-record-nccl";
    if (fs::exists(beside, error)) return beside.string();
  }
#ifdef COLLSCOPE_NCCL_RECORDER_BUILD_PATH
  if (fs::exists(COLLSCOPE_NCCL_RECORDER_BUILD_PATH, error)) {
    return COLLSCOPE_NCCL_RECORDER_BUILD_PATH;
  }
#endif
  return "";
}

}  // namespace collscope::kernels
