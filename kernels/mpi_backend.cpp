// The MPI backend: one process per rank. Each step a rank posts its receives
// and sends (MPI_Irecv / MPI_Isend, the general form of MPI_Sendrecv: a tree
// parent hears from two children in one step), waits for them with a
// deadline, then lands what arrived. Rank 0 gathers every rank's timings at
// the end and writes the trace.

#include <mpi.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <memory>
#include <sstream>
#include <thread>

#include "kernels/backend.h"
#include "kernels/host_transfer.h"
#include "kernels/iterations.h"
#include "kernels/mpi_common.h"
#include "kernels/rank_stream.h"
#include "kernels/recording.h"

namespace collscope::kernels {
namespace {

// bfloat16 and float16 have no MPI reduction: MPI_UINT16_T with our sum.
void SumBFloat16(void* in, void* inout, int* len, MPI_Datatype*) {
  ReduceInto(Dtype::kBFloat16, inout, in, static_cast<std::size_t>(*len));
}
void SumFloat16(void* in, void* inout, int* len, MPI_Datatype*) {
  ReduceInto(Dtype::kFloat16, inout, in, static_cast<std::size_t>(*len));
}

struct MpiTypes {
  MPI_Datatype type = MPI_BYTE;
  MPI_Op op = MPI_SUM;
  bool own_op = false;
};

MpiTypes TypesFor(Dtype dtype) {
  MpiTypes types;
  switch (dtype) {
    case Dtype::kFloat32:
      types.type = MPI_FLOAT;
      break;
    case Dtype::kFloat64:
      types.type = MPI_DOUBLE;
      break;
    case Dtype::kInt32:
      types.type = MPI_INT32_T;
      break;
    case Dtype::kInt64:
      types.type = MPI_INT64_T;
      break;
    case Dtype::kBFloat16:
    case Dtype::kFloat16:
      types.type = MPI_UINT16_T;
      MPI_Op_create(dtype == Dtype::kBFloat16 ? SumBFloat16 : SumFloat16, /*commute=*/1, &types.op);
      types.own_op = true;
      break;
  }
  return types;
}

class MpiRecorder : public IterationHooks {
 public:
  MpiRecorder(const RecordOptions& options, int rank, int size)
      : options_(options), rank_(rank), size_(size), pattern_(options.dtype, size) {}

  RecordResult Run();

 private:
  // The iteration skeleton's hooks (kernels/iterations.h).
  void Fill() override;
  bool GoOn(int iteration, bool failed) override;
  void BeginIteration(int iteration) override;
  bool Step(int iteration, std::int64_t step, const RankStep& work) override;
  void Library() override { RunLibraryCollective(); }
  void EndIteration(int iteration) override;
  std::string Check() override { return CheckBuffer(); }
  void InjectFault(Fault::Kind kind) override { InjectProcessFault(kind); }

  // Waits for `requests` until the step deadline; false on timeout (then
  // `late` names a peer that never answered).
  bool WaitAll(std::vector<MPI_Request>& requests, const std::vector<int>& peers, int& late);
  void RunScheduleStep(const RankStep& work, const StepLayout& layout, std::int64_t step);
  void RunLibraryCollective();
  [[noreturn]] void AbortRun(const std::string& reason);
  void BuildTrace(RecordResult& result, bool gather);
  std::string CheckBuffer();

  RecordOptions options_;
  int rank_;
  int size_;
  Prepared prepared_;
  Pattern pattern_;
  MpiTypes types_;
  std::int64_t chunk_ = 0;  // bytes between slot starts: the longest chunk
  // Per rank j: the elements of chunk j and where it starts (MPI's v-forms).
  std::vector<int> counts_;
  std::vector<int> displs_;
  std::unique_ptr<std::byte[]> buffer_;
  std::unique_ptr<std::byte[]> recv_staging_;
  std::unique_ptr<std::byte[]> send_staging_;
  std::unique_ptr<std::byte[]> result_;  // library reduce-scatter output
  Clock::time_point zero_{};
  std::vector<trace::PackedEvent> events_;
  std::vector<std::int64_t> iteration_start_;  // measured iterations, ns since zero
  std::vector<std::int64_t> iteration_end_;
  std::vector<std::uint16_t> phases_;
  trace::Trace trace_;
  std::vector<StepLayout> layouts_;  // this rank's, per step
  int iteration_ = 0;
  int stop_signal_ = 0;
  Clock::time_point iteration_start_time_{};
  // Scratch reused every step.
  std::vector<MPI_Request> requests_;
  std::vector<int> peers_;
  // This rank's own file: what it recorded, should the job die (rank_stream.h).
  RankStream rank_file_;
};

bool MpiRecorder::WaitAll(std::vector<MPI_Request>& requests, const std::vector<int>& peers,
                          int& late) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(options_.step_timeout_s));
  int spins = 0;
  while (true) {
    int done = 0;
    MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done, MPI_STATUSES_IGNORE);
    if (done) return true;
    // Alive while waiting: the merge of the ranks' files (trace/importers/
    // partial/) names the rank whose last sign of life came first.
    if ((spins & 1023) == 0) rank_file_.Heartbeat();
    if (Clock::now() > deadline) {
      for (std::size_t i = 0; i < requests.size(); ++i) {
        int flag = 0;
        if (requests[i] != MPI_REQUEST_NULL) {
          MPI_Test(&requests[i], &flag, MPI_STATUS_IGNORE);
          if (!flag) {
            late = peers[i];
            return false;
          }
        }
      }
      late = -1;
      return false;
    }
    // Oversubscribed (more ranks than cores): let the peer run.
    if (++spins > 1000) sched_yield();
  }
}

void MpiRecorder::AbortRun(const std::string& reason) {
  if (rank_ == 0) {
    // What rank 0 recorded so far, marked incomplete, before the job goes.
    RecordResult partial;
    BuildTrace(partial, /*gather=*/false);
    MarkIncomplete(partial.trace, reason);
    const std::string error = WriteTraceAtomically(partial.trace, options_.output);
    std::fprintf(stderr, "collscope record: %s (partial trace of rank 0 %s)\n", reason.c_str(),
                 error.empty() ? ("written to " + options_.output).c_str() : error.c_str());
  } else {
    std::fprintf(stderr, "collscope record: %s\n", reason.c_str());
    std::fflush(stderr);
    // MPI_Abort takes every rank down: give rank 0, which may be timing out
    // at the same moment, time to write its partial trace first.
    std::this_thread::sleep_for(
        std::chrono::duration<double>(std::min(2.0, options_.step_timeout_s)));
  }
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);
}

void MpiRecorder::RunScheduleStep(const RankStep& work, const StepLayout& layout,
                                  std::int64_t step) {
  const SlotSizes& sizes = prepared_.plan.sizes;
  const SlotBuffer mine{buffer_.get(), prepared_.plan.slots, rank_, &sizes};
  const std::int32_t slots = prepared_.plan.slots;
  requests_.clear();
  peers_.clear();
  const int tag = static_cast<int>(step % 32768);
  // Receives first (and local copies, which read the data from before the
  // step), then sends; staged receives land after everything arrived.
  auto staged = [&](std::byte* staging, std::int64_t at) { return staging + at * chunk_; };
  for (std::size_t i = 0; i < work.recvs.size(); ++i) {
    const PlannedTransfer& t = work.recvs[i];
    const std::int64_t at = layout.recv_staging[i];
    std::byte* target = at == StepLayout::kInPlace ? mine.Slot(t.dst_slot, 0, t.stride)
                                                   : staged(recv_staging_.get(), at);
    if (t.peer == rank_) {
      PackSlots(t, mine, target);
      continue;
    }
    requests_.emplace_back();
    peers_.push_back(t.peer);
    MPI_Irecv(target, static_cast<int>(sizes.RunBytes(rank_, t.dst_slot, t.count, t.stride, slots)),
              MPI_BYTE, t.peer, tag, MPI_COMM_WORLD, &requests_.back());
  }
  for (std::size_t i = 0; i < work.sends.size(); ++i) {
    const PlannedTransfer& t = work.sends[i];
    const std::int64_t at = layout.send_staging[i];
    const std::byte* source = mine.Slot(t.src_slot, 0, t.stride);
    if (at != StepLayout::kInPlace) {
      PackSlots(t, mine, staged(send_staging_.get(), at));
      source = staged(send_staging_.get(), at);
    }
    requests_.emplace_back();
    peers_.push_back(t.peer);
    MPI_Isend(source, static_cast<int>(sizes.RunBytes(rank_, t.src_slot, t.count, t.stride, slots)),
              MPI_BYTE, t.peer, tag, MPI_COMM_WORLD, &requests_.back());
  }
  int late = -1;
  if (!WaitAll(requests_, peers_, late)) {
    std::ostringstream reason;
    reason << "rank " << rank_ << ": step " << step << " of iteration " << iteration_
           << ": no answer from rank " << late << " within " << options_.step_timeout_s
           << " s (a hung or dead peer); aborting the job";
    AbortRun(reason.str());
  }
  for (std::size_t i = 0; i < work.recvs.size(); ++i) {
    const std::int64_t at = layout.recv_staging[i];
    if (at == StepLayout::kInPlace) continue;
    LandTransfer(options_.dtype, work.recvs[i], mine, staged(recv_staging_.get(), at),
                 /*src_packed=*/true, mine);
  }
}

void MpiRecorder::Fill() {
  FillRank(buffer_.get(), pattern_, prepared_.plan.sizes, options_.root, rank_);
}

bool MpiRecorder::GoOn(int iteration, bool failed) {
  iteration_ = iteration;
  return AgreeToGoOn(failed, stop_signal_);
}

void MpiRecorder::BeginIteration(int) { iteration_start_time_ = Clock::now(); }

bool MpiRecorder::Step(int iteration, std::int64_t step, const RankStep& work) {
  const Clock::time_point start = Clock::now();
  RunScheduleStep(work, layouts_[static_cast<std::size_t>(step - 1)], step);
  const int measured = iteration - options_.warmup;
  if (measured >= 0 && options_.step_timing && work.Active()) {
    trace::StepEvent event =
        MakeStepEvent(work, step, rank_, phases_[static_cast<std::size_t>(step - 1)]);
    event.t_start_ns = NanosSince(zero_, start);
    event.t_end_ns = NanosSince(zero_, Clock::now());
    events_.push_back(trace::PackEvent(measured, event));
    rank_file_.Event(measured, event);
  }
  return true;  // a peer that does not answer aborts the whole job instead
}

void MpiRecorder::EndIteration(int iteration) {
  const Clock::time_point iteration_end = Clock::now();
  if (iteration - options_.warmup >= 0) {
    iteration_start_.push_back(NanosSince(zero_, iteration_start_time_));
    iteration_end_.push_back(NanosSince(zero_, iteration_end));
    rank_file_.Iteration(iteration - options_.warmup, iteration_start_.back(),
                         iteration_end_.back());
  }
}

void MpiRecorder::RunLibraryCollective() {
  std::byte* data = buffer_.get();
  const engine::ChunkSplit& split = prepared_.plan.sizes.split;
  const auto full_count = static_cast<int>(split.Elements());
  const auto stride_count = static_cast<int>(split.Largest());
  const int root = options_.root;
  const bool is_root = rank_ == root;
  std::byte* my_slot = data + rank_ * chunk_;
  const int my_count = counts_[static_cast<std::size_t>(rank_)];
  switch (options_.collective) {
    case engine::Collective::kAllReduce:
      MPI_Allreduce(MPI_IN_PLACE, data, full_count, types_.type, types_.op, MPI_COMM_WORLD);
      break;
    case engine::Collective::kReduceScatter:  // rank Y gets chunk Y, counts_[Y] long
      MPI_Reduce_scatter(data, result_.get(), counts_.data(), types_.type, types_.op,
                         MPI_COMM_WORLD);
      break;
    case engine::Collective::kAllGather:
      MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, data, counts_.data(), displs_.data(),
                     types_.type, MPI_COMM_WORLD);
      break;
    case engine::Collective::kBroadcast:
      MPI_Bcast(data, full_count, types_.type, root, MPI_COMM_WORLD);
      break;
    case engine::Collective::kReduce:
      MPI_Reduce(is_root ? MPI_IN_PLACE : data, is_root ? data : nullptr, full_count, types_.type,
                 types_.op, root, MPI_COMM_WORLD);
      break;
    case engine::Collective::kScatter:
      MPI_Scatterv(data, counts_.data(), displs_.data(), types_.type,
                   is_root ? MPI_IN_PLACE : my_slot, my_count, types_.type, root, MPI_COMM_WORLD);
      break;
    case engine::Collective::kGather:
      MPI_Gatherv(is_root ? MPI_IN_PLACE : my_slot, my_count, types_.type, data, counts_.data(),
                  displs_.data(), types_.type, root, MPI_COMM_WORLD);
      break;
    case engine::Collective::kAllToAll: {
      // Input blocks in slots 0..p-1, output in p..2p-1: block j to rank j
      // is counts_[j] long, and every block this rank receives is its own
      // chunk's length (engine::SizingChunk).
      std::vector<int> receive(static_cast<std::size_t>(size_), my_count);
      std::vector<int> receive_at(static_cast<std::size_t>(size_));
      for (int j = 0; j < size_; ++j) receive_at[static_cast<std::size_t>(j)] = j * stride_count;
      MPI_Alltoallv(data, counts_.data(), displs_.data(), types_.type, data + size_ * chunk_,
                    receive.data(), receive_at.data(), types_.type, MPI_COMM_WORLD);
      break;
    }
  }
}

std::string MpiRecorder::CheckBuffer() {
  if (options_.library && options_.collective == engine::Collective::kReduceScatter) {
    // MPI returns rank Y's reduced chunk in its own buffer: put it in slot Y.
    std::memcpy(buffer_.get() + rank_ * chunk_, result_.get(),
                static_cast<std::size_t>(prepared_.plan.sizes.Bytes(rank_, rank_)));
  }
  return CheckRank(buffer_.get(), pattern_, prepared_.plan.sizes, options_.root, rank_);
}

void MpiRecorder::BuildTrace(RecordResult& result, bool gather) {
  result.trace = trace_;
  GatherRuns(options_, rank_, size_, events_, iteration_start_, iteration_end_, phases_,
             result.trace, gather);
}

RecordResult MpiRecorder::Run() {
  RecordResult result;
  prepared_ = Prepare(options_, size_);
  if (!prepared_.error.empty()) {
    result.exit_code = 2;
    if (rank_ == 0) result.message = prepared_.error;
    return result;
  }
  // MPI counts are ints: one message (or a library call's element count) must fit.
  const std::int64_t largest_message =
      prepared_.plan.sizes.Stride() *
      std::max({std::int64_t{1}, prepared_.plan.max_recv_slots, prepared_.plan.max_send_slots});
  if (largest_message > INT_MAX || options_.bytes / DtypeBytes(options_.dtype) > INT_MAX) {
    result.exit_code = 2;
    if (rank_ == 0)
      result.message = "one message would exceed 2 GiB, MPI's int count; use a smaller -n";
    return result;
  }
  chunk_ = prepared_.plan.sizes.Stride();
  for (int j = 0; j < size_; ++j) {
    const engine::ElementRange range = prepared_.plan.sizes.split.Range(j);
    counts_.push_back(static_cast<int>(range.count));
    displs_.push_back(static_cast<int>(range.first));
  }
  options_.ranks = size_;
  types_ = TypesFor(options_.dtype);
  const Plan& plan = prepared_.plan;
  buffer_ =
      std::make_unique_for_overwrite<std::byte[]>(static_cast<std::size_t>(plan.slots * chunk_));
  recv_staging_ = std::make_unique_for_overwrite<std::byte[]>(
      static_cast<std::size_t>(std::max<std::int64_t>(1, plan.max_recv_slots * chunk_)));
  send_staging_ = std::make_unique_for_overwrite<std::byte[]>(
      static_cast<std::size_t>(std::max<std::int64_t>(1, plan.max_send_slots * chunk_)));
  result_ = std::make_unique_for_overwrite<std::byte[]>(static_cast<std::size_t>(chunk_));
  trace_ = NewTrace(options_, size_);
  GatherHosts(trace_, rank_, size_);
  for (const StepPlan& step : plan.steps) phases_.push_back(trace_.InternPhase(step.phase));
  layouts_ = plan.LayoutsOf(rank_);
  // Rank 0's host prices a CPU run (trace/stats.h); the others wait for it
  // at the clock's barrier, so the measurement has memory to itself.
  if (rank_ == 0) trace_.meta.machine = MeasureHost();
  zero_ = AgreeClockZero(rank_);
  BroadcastMachine(trace_.meta);
  if (const std::string error = rank_file_.Open(options_, rank_, size_, trace_, plan);
      !error.empty()) {
    std::fprintf(stderr, "collscope record: rank %d: %s\n", rank_, error.c_str());
  }

  const std::string failure = RunIterations(
      options_, plan, rank_, options_.library ? "the MPI library's" : options_.algorithm, *this,
      &rank_file_);
  if (AnyRankFailed(failure, rank_)) {
    result.exit_code = 1;
    return result;
  }
  BuildTrace(result, /*gather=*/true);
  if (types_.own_op) MPI_Op_free(&types_.op);
  const int stop_signal = stop_signal_;
  if (rank_ != 0) {
    result.exit_code = stop_signal ? InterruptExitCode(stop_signal) : 0;
    return result;
  }
  result.write_trace = true;
  const int completed = static_cast<int>(result.trace.runs.size());
  if (stop_signal != 0) {
    result.exit_code = InterruptExitCode(stop_signal);
    result.message = "interrupted by signal " + std::to_string(stop_signal) + " after " +
                     std::to_string(completed) + " of " + std::to_string(options_.iters) +
                     " iterations";
    MarkIncomplete(result.trace, result.message);
  }
  Summarise(result, options_, size_);
  return result;
}

}  // namespace

// --- Shared with the NCCL recorder (mpi_common.h) ---------------------------

// The launcher's process count before MPI_Init (OpenMPI, PMI, PMIx, Slurm).
int LauncherSize() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  const char* tasks = std::getenv("SLURM_NTASKS");
  if (std::getenv("SLURM_STEP_ID") && tasks) return std::atoi(tasks);
  return 0;
}

MpiWorld StartMpi() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MpiWorld world;
  MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world.size);
  return world;
}

bool AgreeToGoOn(bool failed, int& stop_signal) {
  std::array<int, 2> flags = {InterruptSignal().load(), failed ? 1 : 0};
  MPI_Allreduce(MPI_IN_PLACE, flags.data(), 2, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  stop_signal = flags[0];
  return flags[0] == 0 && flags[1] == 0;
}

bool AnyRankFailed(const std::string& failure, int rank) {
  int failed_rank = failure.empty() ? INT_MAX : rank;
  MPI_Allreduce(MPI_IN_PLACE, &failed_rank, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (failed_rank == INT_MAX) return false;
  if (rank == failed_rank) std::fprintf(stderr, "collscope record: %s\n", failure.c_str());
  return true;
}

Clock::time_point AgreeClockZero(int rank) {
  // One clock for all ranks of a host: rank 0's steady clock, which every
  // process on the same machine shares. Ranks on other hosts start theirs at
  // the same barrier (good to a few microseconds).
  char host[256] = {};
  const std::string mine = HostName();
  std::strncpy(host, mine.c_str(), sizeof(host) - 1);
  std::int64_t zero_ns = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  const Clock::time_point now = Clock::now();
  if (rank == 0) zero_ns = now.time_since_epoch().count();
  MPI_Bcast(&zero_ns, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  MPI_Bcast(host, sizeof(host), MPI_CHAR, 0, MPI_COMM_WORLD);
  return mine == host ? Clock::time_point(Clock::duration(zero_ns)) : now;
}

void BroadcastMachine(trace::Meta& meta) {
  std::array<double, 2> machine = {0, 0};
  if (meta.machine) machine = {meta.machine->memcpy_gbps, static_cast<double>(meta.machine->cores)};
  MPI_Bcast(machine.data(), 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (machine[1] > 0) meta.machine = trace::HostMachine{machine[0], static_cast<int>(machine[1])};
}

void GatherHosts(trace::Trace& trace, int rank, int size) {
  char host[256] = {};
  std::strncpy(host, HostName().c_str(), sizeof(host) - 1);
  std::vector<char> hosts(static_cast<std::size_t>(size) * sizeof(host));
  MPI_Gather(host, sizeof(host), MPI_CHAR, hosts.data(), sizeof(host), MPI_CHAR, 0, MPI_COMM_WORLD);
  for (int r = 0; r < size && rank == 0 && r < static_cast<int>(trace.ranks.size()); ++r) {
    trace.ranks[static_cast<std::size_t>(r)].host =
        &hosts[static_cast<std::size_t>(r) * sizeof(host)];
  }
}

void GatherRuns(const RecordOptions& options, int rank, int size,
                const std::vector<trace::PackedEvent>& events, std::vector<std::int64_t> starts,
                std::vector<std::int64_t> ends, const std::vector<std::uint16_t>& phases,
                trace::Trace& trace, bool gather) {
  std::vector<trace::PackedEvent> all = events;
  const auto iterations = static_cast<int>(starts.size());
  if (gather) {
    int count = static_cast<int>(events.size()) * trace::kPackedEventFields;
    std::vector<int> counts(static_cast<std::size_t>(size));
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> displs(static_cast<std::size_t>(size), 0);
    for (int r = 1; r < size; ++r) {
      displs[static_cast<std::size_t>(r)] =
          displs[static_cast<std::size_t>(r - 1)] + counts[static_cast<std::size_t>(r - 1)];
    }
    if (rank == 0) {
      all.resize(
          static_cast<std::size_t>((displs.back() + counts.back()) / trace::kPackedEventFields));
    }
    MPI_Gatherv(events.data(), count, MPI_INT64_T, all.data(), counts.data(), displs.data(),
                MPI_INT64_T, 0, MPI_COMM_WORLD);
    // A run spans from the first rank's start to the last rank's end.
    MPI_Reduce(rank == 0 ? MPI_IN_PLACE : starts.data(), starts.data(), iterations, MPI_INT64_T,
               MPI_MIN, 0, MPI_COMM_WORLD);
    MPI_Reduce(rank == 0 ? MPI_IN_PLACE : ends.data(), ends.data(), iterations, MPI_INT64_T,
               MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank != 0) return;
  }
  const std::int64_t shift = starts.empty() ? 0 : starts.front();
  const int completed = static_cast<int>(ends.size());
  for (int i = 0; i < iterations; ++i) {
    trace::Run run = MakeRun(options, i);
    run.t_start_ns = starts[static_cast<std::size_t>(i)] - shift;
    run.t_end_ns = i < completed ? ends[static_cast<std::size_t>(i)] - shift : run.t_start_ns;
    trace.runs.push_back(std::move(run));
  }
  for (const trace::PackedEvent& packed : all) {
    const auto iteration = static_cast<int>(trace::PackedIteration(packed));
    if (iteration >= iterations) continue;
    trace::StepEvent event = trace::UnpackEvent(packed);
    event.phase = phases.empty() ? 0 : phases[static_cast<std::size_t>(event.step - 1)];
    event.t_start_ns -= shift;
    event.t_end_ns -= shift;
    trace::Run& run = trace.runs[static_cast<std::size_t>(iteration)];
    if (iteration >= completed) run.t_end_ns = std::max(run.t_end_ns, event.t_end_ns);
    run.steps.push_back(event);
  }
  for (trace::Run& run : trace.runs) {
    std::sort(run.steps.begin(), run.steps.end(),
              [](const trace::StepEvent& a, const trace::StepEvent& b) {
                return a.step != b.step ? a.step < b.step : a.rank < b.rank;
              });
  }
}

RecordResult RecordMpi(const RecordOptions& options) {
  RecordResult result;
  if (options.ranks > 1 && LauncherSize() == 0) {
    // Without a launcher MPI would start one lonely process.
    result.exit_code = 2;
    result.message = "--backend mpi with --ranks " + std::to_string(options.ranks) +
                     " needs an MPI launcher: mpirun -np " + std::to_string(options.ranks) +
                     " collscope record --backend mpi ... (or srun)";
    return result;
  }
  const MpiWorld world = StartMpi();
  const int rank = world.rank;
  const int size = world.size;
  if (options.ranks > 0 && options.ranks != size) {
    result.exit_code = 2;
    if (rank == 0) {
      result.message = "--ranks " + std::to_string(options.ranks) + " but the launcher started " +
                       std::to_string(size) + " processes";
    }
  } else {
    MpiRecorder recorder(options, rank, size);
    result = recorder.Run();
  }
  // Write and report before MPI_Finalize: when mpirun is going down (it
  // got SIGTERM), finalize can block until mpirun's SIGKILL arrives.
  if (result.write_trace) {
    const std::string error = WriteTraceAtomically(result.trace, options.output);
    result.write_trace = false;
    result.trace_written = error.empty();
    if (!error.empty()) {
      result.exit_code = 1;
      result.message = error;
    }
  }
  // Every rank got here, so the ranks' own files are closed (the last
  // collective came after them) and the trace, when there is one, holds
  // what they hold: rank 0 removes them.
  if (world.rank == 0) RankStream::RemoveAll(options.output, size);
  if (result.exit_code != 0 && !result.message.empty()) {
    const std::string where =
        result.trace_written ? " (partial trace written to " + options.output + ")" : "";
    std::fprintf(stderr, "collscope record: %s%s\n", result.message.c_str(), where.c_str());
    std::fflush(stderr);
    result.message.clear();
  }
  MPI_Finalize();
  return result;
}

}  // namespace collscope::kernels
