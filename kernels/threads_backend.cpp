// The threads backend: one std::thread per rank, every rank's buffer in one
// shared address space. A step is a pull: each rank reads what its senders
// hold and lands it in its own buffer, then all ranks meet at a barrier. A
// rank whose received slots are also ones it sends in the same step lands
// them through a staging buffer after a second barrier, so every transfer
// reads the data from before the step (the engine's step semantics).

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>
#include <sstream>
#include <thread>

#include "engine/collective.h"
#include "kernels/backend.h"
#include "kernels/host_transfer.h"
#include "kernels/iterations.h"
#include "kernels/rank_stream.h"
#include "kernels/recording.h"
#include "kernels/step_barrier.h"

namespace collscope::kernels {
namespace {

// Step events are kept for at most this many (rank, step) pairs; later
// iterations keep their run times only, so a long run cannot fill memory.
constexpr std::int64_t kMaxStepEvents = 4'000'000;

struct RecordedEvent {
  std::int32_t iteration;
  trace::StepEvent event;  // times still absolute: ns since the recorder's clock zero
};

// Everything the rank threads share. Held by shared_ptr so that a thread
// that never returns (a real hang) cannot outlive what it touches.
struct Shared {
  RecordOptions options;
  Prepared prepared;
  int ranks = 0;
  std::int64_t stride = 0;  // bytes between slot starts: the longest chunk
  int total_iters = 0;
  std::int64_t event_iterations = 0;  // iterations that keep step events
  Pattern pattern;
  std::vector<std::unique_ptr<std::byte[]>> buffers;
  std::vector<std::unique_ptr<std::byte[]>> staging;
  StepBarrier barrier;
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::mutex failure_mutex;
  std::string failure;  // first wrong result
  Clock::time_point zero{};
  std::vector<Clock::time_point> iteration_start;  // written by rank 0
  std::vector<Clock::time_point> iteration_end;
  std::vector<std::vector<RecordedEvent>> events;  // per rank
  std::vector<int> phases;                         // step -> trace phase index
  std::atomic<int> finished{0};
  trace::Trace skeleton;  // the trace's meta, for the ranks' own files

  Shared(const RecordOptions& o, Prepared p, int r)
      : options(o),
        prepared(std::move(p)),
        ranks(r),
        stride(prepared.plan.sizes.Stride()),
        pattern(o.dtype, r),
        barrier(r, [this] {
          // The last rank to arrive decides for all whether the run goes on.
          if (InterruptSignal().load() != 0 || failed.load()) stop.store(true);
        }) {}

  void Fail(const std::string& message) {
    std::lock_guard lock(failure_mutex);
    if (failure.empty()) failure = message;
    failed.store(true);
  }
};

SlotBuffer BufferOf(const Shared& shared, int rank) {
  return SlotBuffer{shared.buffers[static_cast<std::size_t>(rank)].get(),
                    shared.prepared.plan.slots, rank, &shared.prepared.plan.sizes};
}

// Lands one rank's receives of one step. Phase A pulls (directly, or into
// staging when the step is staged); phase B lands the staging.
void PullReceives(const Shared& shared, const RankStep& work, int rank) {
  const SlotBuffer mine = BufferOf(shared, rank);
  std::byte* staging = shared.staging[static_cast<std::size_t>(rank)].get();
  std::int64_t offset = 0;
  for (const PlannedTransfer& t : work.recvs) {
    const SlotBuffer from = BufferOf(shared, t.peer);
    if (!work.staged) {
      LandTransfer(shared.options.dtype, t, mine, nullptr, /*src_packed=*/false, from);
    } else {
      PackSlots(t, from, staging + offset);
      offset += t.count * shared.stride;
    }
  }
}

void LandStaging(const Shared& shared, const RankStep& work, int rank) {
  const SlotBuffer mine = BufferOf(shared, rank);
  const std::byte* staging = shared.staging[static_cast<std::size_t>(rank)].get();
  std::int64_t offset = 0;
  for (const PlannedTransfer& t : work.recvs) {
    LandTransfer(shared.options.dtype, t, mine, staging + offset, /*src_packed=*/true, mine);
    offset += t.count * shared.stride;
  }
}

// Waits at the barrier; on a timeout names the ranks that never came and
// aborts the run. Returns false when the rank must stop.
bool Meet(Shared& shared, int rank, int iteration, std::int64_t step) {
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(shared.options.step_timeout_s));
  const auto outcome = shared.barrier.ArriveAndWait(rank, deadline);
  if (outcome == StepBarrier::Outcome::kTimedOut) {
    std::ostringstream reason;
    const std::vector<int> missing = shared.barrier.Missing();
    reason << (missing.size() == 1 ? "rank " : "ranks ");
    for (std::size_t i = 0; i < missing.size(); ++i) reason << (i ? "," : "") << missing[i];
    reason << " did not finish step " << step << " of iteration " << iteration << " within "
           << shared.options.step_timeout_s << " s (a hung peer); run aborted";
    shared.barrier.Abort(reason.str());
    return false;
  }
  return outcome == StepBarrier::Outcome::kPassed && !shared.stop.load();
}

// One rank's thread: the iteration skeleton (kernels/iterations.h) with
// the shared buffers and the barrier.
class RankThread : public IterationHooks {
 public:
  RankThread(Shared& shared, int rank)
      : shared_(shared),
        plan_(shared.prepared.plan),
        options_(shared.options),
        rank_(rank),
        mine_(shared.buffers[static_cast<std::size_t>(rank)].get()) {}

  void Run() {
    // Events go to a vector of this thread's own, handed over when the
    // thread ends: ranks pushing into neighbouring vector headers would
    // share a cache line every step.
    std::vector<RecordedEvent>& slot = shared_.events[static_cast<std::size_t>(rank_)];
    events_.swap(slot);  // takes the reserved storage
    // Each rank's own file too: a kill of the whole process leaves them.
    const std::string error =
        rank_file_.Open(options_, rank_, shared_.ranks, shared_.skeleton, plan_);
    if (!error.empty() && rank_ == 0) std::fprintf(stderr, "collscope record: %s\n", error.c_str());
    RunIterations(options_, plan_, rank_, options_.algorithm, *this, &rank_file_);
    slot.swap(events_);
  }

 private:
  void Fill() override { FillRank(mine_, shared_.pattern, plan_.sizes, options_.root, rank_); }
  // The barrier's last arrival decides for all (a signal, a wrong result).
  bool GoOn(int iteration, bool) override { return Meet(shared_, rank_, iteration, 0); }
  void BeginIteration(int iteration) override {
    if (rank_ == 0) {
      shared_.iteration_start[static_cast<std::size_t>(iteration)] = shared_.barrier.CompletedAt();
    }
    const int measured = iteration - options_.warmup;  // < 0: warm-up
    keep_events_ = options_.step_timing && measured >= 0 && measured < shared_.event_iterations;
    iteration_start_ = shared_.barrier.CompletedAt();
  }
  bool Step(int iteration, std::int64_t step, const RankStep& work) override {
    const StepPlan& step_plan = plan_.steps[static_cast<std::size_t>(step - 1)];
    // The step starts when the last rank finished the previous one.
    const Clock::time_point start = shared_.barrier.CompletedAt();
    PullReceives(shared_, work, rank_);
    if (step_plan.any_staged) {
      if (!Meet(shared_, rank_, iteration, step)) return false;
      if (work.staged) LandStaging(shared_, work, rank_);
    }
    if (keep_events_ && work.Active()) {
      trace::StepEvent event = MakeStepEvent(
          work, step, rank_,
          static_cast<std::uint16_t>(shared_.phases[static_cast<std::size_t>(step - 1)]));
      event.t_start_ns = NanosSince(shared_.zero, start);
      event.t_end_ns = NanosSince(shared_.zero, Clock::now());
      events_.push_back(RecordedEvent{iteration - options_.warmup, event});
      rank_file_.Event(iteration - options_.warmup, event);
    }
    return Meet(shared_, rank_, iteration, step);
  }
  void Library() override {}  // ValidateOptions refuses --library here
  void EndIteration(int iteration) override {
    const Clock::time_point end = shared_.barrier.CompletedAt();
    if (rank_ == 0) shared_.iteration_end[static_cast<std::size_t>(iteration)] = end;
    if (iteration >= options_.warmup) {
      rank_file_.Iteration(iteration - options_.warmup, NanosSince(shared_.zero, iteration_start_),
                           NanosSince(shared_.zero, end));
    }
  }
  std::string Check() override {
    return CheckRank(mine_, shared_.pattern, plan_.sizes, options_.root, rank_);
  }
  void WrongResult(const std::string& line) override { shared_.Fail(line); }
  // Stop answering: a hang waits for the abort, a death just leaves. A
  // kill takes the whole process (every rank is in it) after the peers had
  // time to wait for this rank, as they would for a rank that stalls before
  // the out-of-memory killer comes; a signal reaches the process and the
  // run stops at the next step.
  void InjectFault(Fault::Kind kind) override {
    if (kind == Fault::Kind::kKill) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      std::raise(SIGKILL);
    }
    if (kind == Fault::Kind::kTerm) std::raise(SIGTERM);
    while (kind == Fault::Kind::kHang && !shared_.barrier.Aborted()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  Shared& shared_;
  const Plan& plan_;
  const RecordOptions& options_;
  int rank_;
  std::byte* mine_;
  std::vector<RecordedEvent> events_;
  bool keep_events_ = false;
  Clock::time_point iteration_start_{};
  RankStream rank_file_;
};

void RankMain(const std::shared_ptr<Shared>& shared, int rank) {
  RankThread(*shared, rank).Run();
  shared->finished.fetch_add(1);
}

std::int64_t PhysicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<std::int64_t>(pages) * page : 0;
}

}  // namespace

RecordResult RecordThreads(const RecordOptions& options_in) {
  RecordOptions options = options_in;
  RecordResult result;
  const int ranks = options.ranks > 0 ? options.ranks : 4;
  options.ranks = ranks;
  if (ranks > kMaxThreadRanks) {
    result.exit_code = 2;
    result.message = "--ranks " + std::to_string(ranks) +
                     " is more than the threads backend runs (" + std::to_string(kMaxThreadRanks) +
                     ")";
    return result;
  }
  Prepared prepared = Prepare(options, ranks);
  if (!prepared.error.empty()) {
    result.exit_code = 2;
    result.message = prepared.error;
    return result;
  }
  const Plan& plan = prepared.plan;
  const std::int64_t chunk = plan.sizes.Stride();
  const std::int64_t per_rank = (plan.slots + plan.max_recv_slots) * chunk;
  const std::int64_t total = per_rank * ranks;
  const std::int64_t memory = PhysicalMemoryBytes();
  if (memory > 0 && total > memory / 2) {
    std::ostringstream message;
    message << "the threads backend needs " << total / (1 << 20) << " MiB for " << ranks
            << " ranks of " << options.bytes << " bytes, more than half of this machine's "
            << memory / (1 << 20) << " MiB";
    result.exit_code = 2;
    result.message = message.str();
    return result;
  }

  auto shared = std::make_shared<Shared>(options, std::move(prepared), ranks);
  const auto steps = static_cast<std::int64_t>(shared->prepared.plan.steps.size());
  shared->total_iters = options.warmup + options.iters;
  shared->event_iterations =
      std::max<std::int64_t>(1, kMaxStepEvents / std::max<std::int64_t>(1, steps * ranks));
  shared->iteration_start.resize(static_cast<std::size_t>(shared->total_iters));
  shared->iteration_end.resize(static_cast<std::size_t>(shared->total_iters));
  shared->events.resize(static_cast<std::size_t>(ranks));
  result.trace = NewTrace(options, ranks);
  result.trace.meta.machine = MeasureHost();
  shared->skeleton = result.trace;
  for (const StepPlan& step : shared->prepared.plan.steps) {
    shared->phases.push_back(result.trace.InternPhase(step.phase));
  }
  for (int rank = 0; rank < ranks; ++rank) {
    shared->buffers.push_back(
        std::make_unique_for_overwrite<std::byte[]>(static_cast<std::size_t>(plan.slots * chunk)));
    shared->staging.push_back(std::make_unique_for_overwrite<std::byte[]>(static_cast<std::size_t>(
        std::max<std::int64_t>(1, shared->prepared.plan.max_recv_slots * chunk))));
    const std::int64_t expected =
        std::min<std::int64_t>(options.iters, shared->event_iterations) * steps;
    shared->events[static_cast<std::size_t>(rank)].reserve(
        static_cast<std::size_t>(options.step_timing ? expected : 0));
  }
  shared->zero = Clock::now();

  std::vector<std::thread> threads;
  for (int rank = 0; rank < ranks; ++rank) threads.emplace_back(RankMain, shared, rank);
  // A rank thread that never returns (it cannot, short of a bug) is left
  // behind after a grace period rather than blocking the recorder forever.
  const auto grace_end = Clock::now() + std::chrono::hours(24 * 365);
  auto abandon_at = grace_end;
  while (shared->finished.load() < ranks && Clock::now() < abandon_at) {
    if (shared->barrier.Aborted() && abandon_at == grace_end) {
      abandon_at = Clock::now() + std::chrono::seconds(5);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (std::thread& thread : threads) {
    if (shared->finished.load() == ranks) {
      thread.join();
    } else {
      thread.detach();
    }
  }

  // Measured iterations that ran to the end; zero is the first one's start.
  const int first = options.warmup;
  int completed = 0;
  for (int i = first; i < shared->total_iters; ++i) {
    if (shared->iteration_end[static_cast<std::size_t>(i)] == Clock::time_point{}) break;
    ++completed;
  }
  const bool any_measured =
      shared->iteration_start[static_cast<std::size_t>(first)] != Clock::time_point{};
  const std::int64_t shift =
      any_measured
          ? NanosSince(shared->zero, shared->iteration_start[static_cast<std::size_t>(first)])
          : 0;
  const int runs = completed + (completed < options.iters && any_measured ? 1 : 0);
  for (int m = 0; m < runs; ++m) {
    trace::Run run = MakeRun(options, m);
    const auto index = static_cast<std::size_t>(first + m);
    run.t_start_ns = NanosSince(shared->zero, shared->iteration_start[index]) - shift;
    run.t_end_ns = m < completed ? NanosSince(shared->zero, shared->iteration_end[index]) - shift
                                 : run.t_start_ns;
    result.trace.runs.push_back(std::move(run));
  }
  for (const auto& rank_events : shared->events) {
    for (const RecordedEvent& recorded : rank_events) {
      if (recorded.iteration >= runs) continue;
      trace::Run& run = result.trace.runs[static_cast<std::size_t>(recorded.iteration)];
      trace::StepEvent event = recorded.event;
      event.t_start_ns -= shift;
      event.t_end_ns -= shift;
      if (recorded.iteration >= completed) run.t_end_ns = std::max(run.t_end_ns, event.t_end_ns);
      run.steps.push_back(event);
    }
  }
  for (trace::Run& run : result.trace.runs) {
    std::sort(run.steps.begin(), run.steps.end(),
              [](const trace::StepEvent& a, const trace::StepEvent& b) {
                return a.step != b.step ? a.step < b.step : a.rank < b.rank;
              });
  }
  if (shared->event_iterations < options.iters && options.step_timing) {
    result.trace.meta.SetExtraString(
        "step_events", "first " + std::to_string(shared->event_iterations) + " iterations only");
  }

  if (shared->failed.load()) {
    // A wrong result is never written as a trace.
    result.exit_code = 1;
    result.message = shared->failure;
    return result;
  }
  result.write_trace = true;
  const int signal_number = InterruptSignal().load();
  if (shared->barrier.Aborted()) {
    result.exit_code = 1;
    result.message = shared->barrier.Reason();
    MarkIncomplete(result.trace, result.message);
  } else if (signal_number != 0 && completed < options.iters) {
    result.exit_code = InterruptExitCode(signal_number);
    result.message = "interrupted by signal " + std::to_string(signal_number) + " after " +
                     std::to_string(completed) + " of " + std::to_string(options.iters) +
                     " iterations";
    MarkIncomplete(result.trace, result.message);
  }
  // Only whole iterations count towards the summary.
  trace::Trace& trace = result.trace;
  std::vector<trace::Run> partial;
  if (static_cast<int>(trace.runs.size()) > completed) {
    partial.assign(std::make_move_iterator(trace.runs.begin() + completed),
                   std::make_move_iterator(trace.runs.end()));
    trace.runs.resize(static_cast<std::size_t>(completed));
  }
  Summarise(result, options, ranks);
  for (trace::Run& run : partial) trace.runs.push_back(std::move(run));
  return result;
}

}  // namespace collscope::kernels
