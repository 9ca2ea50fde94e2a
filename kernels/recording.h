#pragma once

// Pieces every backend shares: the unrolled schedule, the trace skeleton
// with honest meta, step events, interrupt handling. Not part of the
// recorder's public interface (backend.h).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/collective.h"
#include "engine/schedule.h"
#include "kernels/backend.h"
#include "kernels/plan.h"
#include "trace/model.h"

namespace collscope::kernels {

// The signal that asked the run to stop (SIGINT, SIGTERM), or 0. Backends
// poll it between steps; the handler only stores the number.
std::atomic<int>& InterruptSignal();
void InstallInterruptHandlers();
// 128 + signal: the shell's convention for "killed by a signal".
inline int InterruptExitCode(int signal_number) { return 128 + signal_number; }

struct Prepared {
  std::unique_ptr<engine::Schedule> schedule;
  Plan plan;          // plan.sizes: each slot's bytes (NCCL's split of n)
  std::string error;  // set: bad input, nothing else is valid
};
// Validates and unrolls the schedule for `ranks` ranks (library mode needs
// no schedule but the same checks).
Prepared Prepare(const RecordOptions& options, int ranks);

// A trace with meta from the environment: host, SLURM_* partition, job id
// and cluster; "delta" only when SLURM_CLUSTER_NAME or the host name says so.
trace::Trace NewTrace(const RecordOptions& options, int ranks);
std::string HostName();
// The machine this process runs on (trace meta "machine"): one thread's
// memcpy bandwidth over 64 MiB, best of two after a warm-up copy (about
// 30 ms), and the CPUs this process may run on.
trace::HostMachine MeasureHost();
std::string NowUtc();  // "2026-11-25T12:00:00Z"

// The trace event of one rank in one step: first peer each way, the first
// slot it sends (or receives), and the larger of bytes sent and received
// (the slots' real sizes).
trace::StepEvent MakeStepEvent(const RankStep& work, std::int64_t step, int rank,
                               std::uint16_t phase);

// A run record for one iteration, without steps.
trace::Run MakeRun(const RecordOptions& options, int iteration);

// "<wrong> after iteration I of <what> <collective>": the one line a wrong
// result fails the command with.
std::string DescribeWrongResult(const std::string& wrong, int iteration, std::string_view what,
                                engine::Collective collective);

// Marks a trace cut short and says why (meta "incomplete_reason").
void MarkIncomplete(trace::Trace& trace, const std::string& reason);

// Mean time per iteration and the nccl-tests bandwidths for the summary line.
void Summarise(RecordResult& result, const RecordOptions& options, int ranks);

using Clock = std::chrono::steady_clock;
inline std::int64_t NanosSince(Clock::time_point zero, Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t - zero).count();
}

}  // namespace collscope::kernels
