// collscope record: runs a collective for real (threads, MPI processes or
// NCCL GPUs) and writes a collscope trace of every rank's every step.

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/cli/commands.h"
#include "engine/algorithm.h"
#include "kernels/backend.h"
#include "kernels/rank_stream.h"
#include "kernels/recording.h"

namespace collscope::cli {
namespace {

constexpr std::string_view kUsage =
    R"(usage: collscope record --backend threads|mpi|nccl -c COLLECTIVE [-a ALGORITHM] -n BYTES
                        [--ranks P] [--iters K] [--warmup W] [--dtype TYPE] [--root R]
                        [--library] [--step-timeout S] [--no-step-timing] -o OUT.json

Runs the engine's schedule of COLLECTIVE by ALGORITHM for real on P ranks,
times every step on every rank, checks the result after every iteration
against the collective's definition, and writes a collscope trace. A wrong
result fails the command and writes nothing.

  --backend threads   one thread per rank in this process (default P = 4)
  --backend mpi       one process per rank: mpirun -np P collscope record ...
                      (or srun); P is the launcher's process count
  --backend nccl      one process per GPU, launched like mpi; runs the
                      CUDA executable collscope-record-nccl
  -n BYTES            the full vector per rank (64MiB, 1G, ...): any whole
                      number of elements, split over P as NCCL splits it
  --iters K           measured iterations (default 5); --warmup W (default 1)
  --dtype TYPE        float32 (default), float64, bfloat16, float16, int32, int64
  --library           time the library's own collective (MPI_Allreduce,
                      ncclAllReduce, ...) instead of the schedule
  --step-timeout S    seconds a rank waits for a peer in one step (default 60)
  --no-step-timing    time whole iterations only (to measure timing overhead)

SIGINT or SIGTERM (Slurm's time limit) stops the run: what was recorded is
written as a trace marked incomplete, and the exit code is 128 + signal.
Exit codes: 0 recorded, 1 failed (wrong result, hung or dead peer),
2 bad input or backend unavailable.
)";

std::string JoinArgs(const std::vector<std::string>& args) {
  std::string line = "collscope record";
  for (const std::string& arg : args) {
    line += ' ';
    const bool quote = arg.empty() || arg.find_first_of(" \t\"'$") != std::string::npos;
    line += quote ? "'" + arg + "'" : arg;
  }
  return line;
}

kernels::RecordOptions ParseOptions(const std::vector<std::string>& argv) {
  const Args::Spec spec{
      .value_flags = {{"--backend"},
                      {"-c", "--collective"},
                      {"-a", "--algorithm"},
                      {"-n", "--bytes"},
                      {"-p", "--ranks"},
                      {"--iters"},
                      {"--warmup"},
                      {"--dtype"},
                      {"--root"},
                      {"--step-timeout"},
                      {"-o", "--output"}},
      .switch_flags = {{"--library"}, {"--no-step-timing"}},
  };
  const Args args = Args::Parse("record", argv, spec);
  kernels::RecordOptions options;
  const std::string backend = args.Required("--backend");
  const auto kind = kernels::ParseBackend(backend);
  if (!kind) throw UsageError{"--backend '" + backend + "': expected threads, mpi or nccl"};
  options.backend = *kind;
  const std::string collective = args.Required("--collective");
  const auto parsed = engine::ParseCollective(collective);
  if (!parsed) {
    throw UsageError{"unknown collective '" + collective + "' (see collscope list)"};
  }
  options.collective = *parsed;
  options.algorithm =
      args.Value("--algorithm").value_or(std::string(engine::DefaultAlgorithm(options.collective)));
  const auto bytes = args.Bytes("--bytes");
  if (!bytes) throw UsageError{"-n BYTES is required"};
  if (*bytes < 1 || std::floor(*bytes) != *bytes) {
    throw UsageError{"-n must be a whole number of bytes, at least 1"};
  }
  options.bytes = static_cast<std::int64_t>(*bytes);
  options.ranks = static_cast<int>(args.Integer("--ranks", 1, engine::kMaxRanks).value_or(0));
  options.iters = static_cast<int>(args.Integer("--iters", 1, kernels::kMaxIters).value_or(5));
  options.warmup = static_cast<int>(args.Integer("--warmup", 0, kernels::kMaxIters).value_or(1));
  options.root = static_cast<int>(args.Integer("--root", 0, engine::kMaxRanks).value_or(0));
  if (const auto dtype = args.Value("--dtype")) {
    const auto parsed_dtype = kernels::ParseDtype(*dtype);
    if (!parsed_dtype) {
      throw UsageError{"--dtype '" + *dtype +
                       "': expected float32, float64, bfloat16, float16, int32 or int64"};
    }
    options.dtype = *parsed_dtype;
  }
  if (const auto timeout = args.Number("--step-timeout")) {
    if (!(*timeout > 0 && *timeout <= 86400)) {
      throw UsageError{"--step-timeout must be in (0, 86400] seconds"};
    }
    options.step_timeout_s = *timeout;
  }
  options.library = args.Has("--library");
  options.step_timing = !args.Has("--no-step-timing");
  options.output = args.Required("--output");
  options.command_line = JoinArgs(argv);
  const auto fault = kernels::ParseFault(
      std::getenv("COLLSCOPE_RECORD_FAULT") ? std::getenv("COLLSCOPE_RECORD_FAULT") : "");
  if (!fault) {
    throw UsageError{
        "COLLSCOPE_RECORD_FAULT must look like KIND:RANK:STEP (hang, die, kill, term)"};
  }
  options.fault = *fault;
  return options;
}

// Replaces this process with collscope-record-nccl, so that under mpirun or
// srun each rank's process becomes the CUDA recorder with the same pid.
int ExecNcclRecorder(const kernels::RecordOptions& options) {
  const std::string path = kernels::NcclRecorderPath();
  if (path.empty()) {
    std::cerr << "collscope record: collscope-record-nccl was not found next to collscope "
                 "(set COLLSCOPE_RECORD_NCCL to its path)\n";
    return kExitUsage;
  }
  std::vector<std::string> argv = kernels::OptionsToArgv(options);
  argv.insert(argv.begin(), path);
  std::vector<char*> raw;
  for (std::string& arg : argv) raw.push_back(arg.data());
  raw.push_back(nullptr);
  std::cout.flush();
  execv(path.c_str(), raw.data());
  std::cerr << "collscope record: cannot run " << path << ": " << std::strerror(errno) << "\n";
  return kExitUsage;
}

int Run(const std::vector<std::string>& argv) {
  const kernels::RecordOptions options = ParseOptions(argv);
  if (!kernels::BackendBuilt(options.backend)) {
    std::cerr << "collscope record: the " << kernels::BackendName(options.backend)
              << " backend is not in this build ("
              << (options.backend == kernels::BackendKind::kMpi
                      ? "MPI was not found when it was configured"
                      : "nvcc, nccl.h or MPI were not found when it was configured")
              << ")\n";
    return kExitUsage;
  }
  if (options.backend == kernels::BackendKind::kNccl) return ExecNcclRecorder(options);

  kernels::InstallInterruptHandlers();
  kernels::RecordResult result = options.backend == kernels::BackendKind::kThreads
                                     ? kernels::RecordThreads(options)
                                     : kernels::RecordMpi(options);
  if (result.write_trace) {
    const std::string error = kernels::WriteTraceAtomically(result.trace, options.output);
    if (!error.empty()) {
      std::cerr << "collscope record: " << error << "\n";
      return kExitFailed;
    }
  }
  // The ranks' own files matter only when this process dies before here;
  // now the trace holds what they do (or, for a wrong result, nothing may
  // be kept). The MPI backend cleans up after its own rank 0's write.
  if (options.backend == kernels::BackendKind::kThreads) {
    kernels::RankStream::RemoveAll(options.output, static_cast<int>(result.trace.ranks.size()));
  }
  if (result.exit_code != 0) {
    if (!result.message.empty()) {
      std::cerr << "collscope record: " << result.message
                << (result.write_trace ? " (partial trace written to " + options.output + ")" : "")
                << "\n";
    }
    return result.exit_code;
  }
  if (result.write_trace || result.trace_written) {
    const int ranks = result.trace.RankCount();
    const double algbw = static_cast<double>(options.bytes) / result.mean_iteration_s * 1e-9;
    std::printf(
        "recorded %d iterations of %s %s, %s backend, %d ranks, %lld bytes %s: %.3f ms per "
        "iteration, algbw %.2f GB/s, busbw %.2f GB/s -> %s\n",
        result.iterations_done,
        result.trace.runs.empty() ? "" : result.trace.runs[0].algorithm.c_str(),
        std::string(engine::CollectiveName(options.collective)).c_str(),
        std::string(kernels::BackendName(options.backend)).c_str(), ranks,
        static_cast<long long>(options.bytes),
        std::string(kernels::DtypeName(options.dtype)).c_str(), result.mean_iteration_s * 1e3,
        algbw, result.trace.measurements.empty() ? 0.0 : result.trace.measurements[0].busbw_gbps,
        options.output.c_str());
  }
  return kExitOk;
}

}  // namespace

Command RecordCommand() {
  return Command{"record", "run a collective for real and write a trace", kUsage, Run};
}

}  // namespace collscope::cli
