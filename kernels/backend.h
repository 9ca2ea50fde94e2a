#pragma once

// The recorder: runs an engine schedule (or the library's own collective) for
// real on threads, MPI processes or NCCL GPUs and turns what each rank did in
// each step into a collscope trace. One file per backend:
//   threads_backend.cpp  one std::thread per rank, shared memory (always built)
//   mpi_backend.cpp      one process per rank, MPI point-to-point per step
//   nccl/               one process per GPU, ncclSend/ncclRecv per step; a
//                        separate executable so `collscope` never needs CUDA.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "kernels/dtype.h"
#include "trace/model.h"

namespace collscope::kernels {

enum class BackendKind { kThreads, kMpi, kNccl };

std::string_view BackendName(BackendKind kind);
std::optional<BackendKind> ParseBackend(std::string_view name);

// Whether this build has the backend (threads always; mpi when OpenMPI was
// found; nccl when nvcc and nccl.h were found).
bool BackendBuilt(BackendKind kind);

// Fault injection for the fault tests, read from COLLSCOPE_RECORD_FAULT
// ("KIND:RANK:STEP", step counted over all iterations' steps starting at 1,
// warm-up included). Never set in normal use. Kinds: hang (stop answering),
// die (exit at once), kill (SIGKILL to the rank's process: no handler, no
// clean-up; the threads backend, one process, treats it as die), term
// (SIGTERM to the rank's process, as Slurm's time limit sends).
struct Fault {
  enum class Kind { kNone, kHang, kDie, kKill, kTerm } kind = Kind::kNone;
  int rank = 0;
  std::int64_t step = 0;
};
std::optional<Fault> ParseFault(std::string_view text);  // nullopt: malformed

struct RecordOptions {
  BackendKind backend = BackendKind::kThreads;
  engine::Collective collective = engine::Collective::kAllReduce;
  std::string algorithm;  // resolved: never empty once validated
  int root = 0;
  std::int64_t bytes = 0;  // the lecture's n: the full vector per rank
  int ranks = 0;           // 0: the launcher's process count (mpi, nccl) or 4 (threads)
  int iters = 5;
  int warmup = 1;
  Dtype dtype = Dtype::kFloat32;
  bool library = false;        // time the library's own collective instead
  bool step_timing = true;     // false: only per-iteration times (overhead check)
  double step_timeout_s = 60;  // a peer that does not answer within this aborts the run
  std::string command_line;    // recorded in the trace's meta
  std::string output;          // the trace file (written by rank 0)
  Fault fault;
};

// Limits of what a run may ask for.
inline constexpr int kMaxThreadRanks = 256;
inline constexpr int kMaxIters = 1000000;

// Checks what does not depend on the launcher: the algorithm exists for the
// collective and p, n splits into p chunks of whole elements, the dtype can
// hold the test pattern's sums exactly. Returns "" or one line of error.
std::string ValidateOptions(const RecordOptions& options, int ranks);

// What a backend hands back. exit_code: 0 ok, 1 the run failed (wrong
// result, timeout, a peer died), 2 bad input, 130/143 interrupted.
struct RecordResult {
  int exit_code = 0;
  std::string message;          // one line for stderr when exit_code != 0
  bool write_trace = false;     // this process owns the trace (rank 0 under MPI)
  bool trace_written = false;   // the backend wrote it already (MPI: before MPI_Finalize)
  trace::Trace trace;           // complete == false when cut short
  int iterations_done = 0;      // measured iterations that finished and verified
  double mean_iteration_s = 0;  // over the measured iterations
};

RecordResult RecordThreads(const RecordOptions& options);
// Initialises and finalises MPI itself. Only built with MPI.
RecordResult RecordMpi(const RecordOptions& options);

// Serialises options for the collscope-record-nccl executable and back.
std::vector<std::string> OptionsToArgv(const RecordOptions& options);
// Throws nothing; returns "" or an error line.
std::string OptionsFromArgv(const std::vector<std::string>& argv, RecordOptions& options);

// Writes the trace atomically (a temporary file beside `path`, then rename):
// readers never see half a trace. Returns "" or an error line.
std::string WriteTraceAtomically(const trace::Trace& trace, const std::string& path);

// Where `collscope record --backend nccl` finds the CUDA executable:
// $COLLSCOPE_RECORD_NCCL, next to the running binary, or the build tree.
std::string NcclRecorderPath();

}  // namespace collscope::kernels
