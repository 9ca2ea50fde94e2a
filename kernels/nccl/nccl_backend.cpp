// The NCCL backend: one process per GPU, started by mpirun or srun. Each step
// a rank posts its ncclRecv and ncclSend calls inside one
// ncclGroupStart/End on its stream (so a tree parent hears both children at
// once), then lands staged receives with a copy or the reduction kernel.
// CUDA events around every step time it on the GPU; MPI starts the
// processes, agrees on a clock and gathers the timings on rank 0.

#include <cuda_runtime.h>
#include <mpi.h>
#include <nccl.h>

#include <array>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>
#include <thread>

#include "kernels/iterations.h"
#include "kernels/mpi_common.h"
#include "kernels/nccl/nccl_recorder.h"
#include "kernels/nccl/reduce_kernels.h"
#include "kernels/plan.h"
#include "kernels/rank_stream.h"
#include "kernels/recording.h"
#include "trace/importers/importer.h"

namespace collscope::kernels::nccl {
namespace {

// A CUDA or NCCL call that fails ends the job: one line naming the call,
// then MPI_Abort so no rank waits for the failed one.
[[noreturn]] void Fatal(int rank, const std::string& what) {
  std::fprintf(stderr, "collscope record: rank %d: %s\n", rank, what.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);
}

#define COLLSCOPE_CUDA(rank, call)                                                 \
  do {                                                                             \
    const cudaError_t status_ = (call);                                            \
    if (status_ != cudaSuccess) {                                                  \
      Fatal(rank, std::string(#call) + " failed: " + cudaGetErrorString(status_)); \
    }                                                                              \
  } while (0)
#define COLLSCOPE_NCCL(rank, call)                                                 \
  do {                                                                             \
    const ncclResult_t status_ = (call);                                           \
    if (status_ != ncclSuccess) {                                                  \
      Fatal(rank, std::string(#call) + " failed: " + ncclGetErrorString(status_)); \
    }                                                                              \
  } while (0)

ncclDataType_t NcclType(Dtype dtype) {
  switch (dtype) {
    case Dtype::kFloat32:
      return ncclFloat32;
    case Dtype::kFloat64:
      return ncclFloat64;
    case Dtype::kBFloat16:
      return ncclBfloat16;
    case Dtype::kFloat16:
      return ncclFloat16;
    case Dtype::kInt32:
      return ncclInt32;
    case Dtype::kInt64:
      break;
  }
  return ncclInt64;
}

struct DeviceBuffer {
  void* ptr = nullptr;
  ~DeviceBuffer() {
    if (ptr) cudaFree(ptr);
  }
  std::byte* Bytes() const { return static_cast<std::byte*>(ptr); }
};

class NcclRecorder : public IterationHooks {
 public:
  NcclRecorder(const RecordOptions& options, int rank, int size, int device)
      : options_(options),
        rank_(rank),
        size_(size),
        device_(device),
        pattern_(options.dtype, size) {}
  ~NcclRecorder() override {
    for (cudaEvent_t event : events_) cudaEventDestroy(event);
    if (comm_) ncclCommDestroy(comm_);
    if (stream_) cudaStreamDestroy(stream_);
  }

  int Run();

 private:
  // The iteration skeleton's hooks (kernels/iterations.h).
  void Fill() override;
  bool GoOn(int, bool failed) override { return AgreeToGoOn(failed, stop_signal_); }
  void BeginIteration(int iteration) override;
  bool Step(int iteration, std::int64_t step, const RankStep& work) override;
  void Library() override { RunLibraryCollective(); }
  void EndIteration(int iteration) override;
  std::string Check() override;
  void InjectFault(Fault::Kind kind) override { InjectProcessFault(kind); }

  void Setup();
  // This rank's own file: what it recorded, should the job die (rank_stream.h).
  RankStream rank_file_;
  void RunStep(const RankStep& work, const StepLayout& layout);
  void RunLibraryCollective();
  void WaitForIteration(std::int64_t steps);
  void ImportTopology(trace::Trace& trace);
  std::byte* Slot(std::int32_t first, std::int32_t k, std::int32_t stride) const {
    return main_.Bytes() + SlotAt(first, k, stride, prepared_.plan.slots) * chunk_;
  }
  // The real length of that slot (NCCL's split of n, kernels/plan.h).
  std::int64_t SlotBytes(std::int32_t first, std::int32_t k, std::int32_t stride) const {
    return prepared_.plan.sizes.Bytes(rank_, SlotAt(first, k, stride, prepared_.plan.slots));
  }
  std::int64_t RunBytes(std::int32_t first, std::int32_t count, std::int32_t stride) const {
    return prepared_.plan.sizes.RunBytes(rank_, first, count, stride, prepared_.plan.slots);
  }
  // Copies the slots t reads, back to back at their real sizes.
  void PackOnDevice(const PlannedTransfer& t, std::byte* packed);

  RecordOptions options_;
  int rank_;
  int size_;
  int device_;  // CUDA device index in this process
  Prepared prepared_;
  Pattern pattern_;
  std::int64_t chunk_ = 0;  // bytes between slot starts: the longest chunk
  cudaStream_t stream_ = nullptr;
  ncclComm_t comm_ = nullptr;
  DeviceBuffer main_;
  DeviceBuffer recv_staging_;
  DeviceBuffer send_staging_;
  DeviceBuffer result_;
  std::vector<std::byte> host_;
  std::vector<cudaEvent_t> events_;  // [0] iteration start, [1] end, then 2 per step
  std::string gpu_name_;
  std::string nccl_version_;
  std::vector<StepLayout> layouts_;  // this rank's, per step
  std::vector<std::uint16_t> phases_;
  Clock::time_point zero_{};
  Clock::time_point host_start_{};
  std::vector<trace::PackedEvent> recorded_;
  std::vector<std::int64_t> starts_;
  std::vector<std::int64_t> ends_;
  int stop_signal_ = 0;
};

void NcclRecorder::Setup() {
  COLLSCOPE_CUDA(rank_, cudaSetDevice(device_));
  cudaDeviceProp props{};
  COLLSCOPE_CUDA(rank_, cudaGetDeviceProperties(&props, device_));
  gpu_name_ = props.name;
  int version = 0;
  COLLSCOPE_NCCL(rank_, ncclGetVersion(&version));
  nccl_version_ = std::to_string(version / 10000) + "." + std::to_string(version % 10000 / 100) +
                  "." + std::to_string(version % 100);
  COLLSCOPE_CUDA(rank_, cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
  ncclUniqueId id{};
  if (rank_ == 0) COLLSCOPE_NCCL(rank_, ncclGetUniqueId(&id));
  MPI_Bcast(&id, sizeof(id), MPI_BYTE, 0, MPI_COMM_WORLD);
  COLLSCOPE_NCCL(rank_, ncclCommInitRank(&comm_, size_, id, rank_));
  const Plan& plan = prepared_.plan;
  auto allocate = [&](DeviceBuffer& buffer, std::int64_t bytes) {
    COLLSCOPE_CUDA(
        rank_, cudaMalloc(&buffer.ptr, static_cast<std::size_t>(std::max<std::int64_t>(bytes, 1))));
  };
  allocate(main_, plan.slots * chunk_);
  allocate(recv_staging_, plan.max_recv_slots * chunk_);
  allocate(send_staging_, plan.max_send_slots * chunk_);
  allocate(result_, chunk_);
  host_.resize(static_cast<std::size_t>(plan.slots * chunk_));
  events_.resize(2 + 2 * plan.steps.size());
  for (cudaEvent_t& event : events_) COLLSCOPE_CUDA(rank_, cudaEventCreate(&event));
}

void NcclRecorder::PackOnDevice(const PlannedTransfer& t, std::byte* packed) {
  for (std::int32_t k = 0; k < t.count; ++k) {
    const auto bytes = static_cast<std::size_t>(SlotBytes(t.src_slot, k, t.stride));
    COLLSCOPE_CUDA(rank_, cudaMemcpyAsync(packed, Slot(t.src_slot, k, t.stride), bytes,
                                          cudaMemcpyDeviceToDevice, stream_));
    packed += bytes;
  }
}

void NcclRecorder::RunStep(const RankStep& work, const StepLayout& layout) {
  const auto copy = cudaMemcpyDeviceToDevice;
  auto staged = [&](const DeviceBuffer& staging, std::int64_t at) {
    return staging.Bytes() + at * chunk_;
  };
  // Local copies and packed sends read the data from before the step: take
  // them first, on the same stream, before anything lands.
  for (std::size_t i = 0; i < work.recvs.size(); ++i) {
    const PlannedTransfer& t = work.recvs[i];
    if (t.peer != rank_) continue;
    PackOnDevice(t, staged(recv_staging_, layout.recv_staging[i]));
  }
  std::vector<const std::byte*> sources;
  for (std::size_t i = 0; i < work.sends.size(); ++i) {
    const PlannedTransfer& t = work.sends[i];
    const std::int64_t at = layout.send_staging[i];
    if (at == StepLayout::kInPlace) {
      sources.push_back(Slot(t.src_slot, 0, t.stride));
      continue;
    }
    std::byte* packed = staged(send_staging_, at);
    PackOnDevice(t, packed);
    sources.push_back(packed);
  }
  COLLSCOPE_NCCL(rank_, ncclGroupStart());
  for (std::size_t i = 0; i < work.recvs.size(); ++i) {
    const PlannedTransfer& t = work.recvs[i];
    if (t.peer == rank_) continue;
    const std::int64_t at = layout.recv_staging[i];
    std::byte* target =
        at == StepLayout::kInPlace ? Slot(t.dst_slot, 0, t.stride) : staged(recv_staging_, at);
    COLLSCOPE_NCCL(
        rank_, ncclRecv(target, static_cast<std::size_t>(RunBytes(t.dst_slot, t.count, t.stride)),
                        ncclUint8, t.peer, comm_, stream_));
  }
  for (std::size_t i = 0; i < work.sends.size(); ++i) {
    const PlannedTransfer& t = work.sends[i];
    COLLSCOPE_NCCL(
        rank_,
        ncclSend(sources[i], static_cast<std::size_t>(RunBytes(t.src_slot, t.count, t.stride)),
                 ncclUint8, t.peer, comm_, stream_));
  }
  COLLSCOPE_NCCL(rank_, ncclGroupEnd());
  for (std::size_t i = 0; i < work.recvs.size(); ++i) {
    const std::int64_t at = layout.recv_staging[i];
    if (at == StepLayout::kInPlace) continue;
    const PlannedTransfer& t = work.recvs[i];
    const std::byte* src = staged(recv_staging_, at);
    for (std::int32_t k = 0; k < t.count; ++k) {
      std::byte* dst = Slot(t.dst_slot, k, t.stride);
      const auto bytes = static_cast<std::size_t>(SlotBytes(t.dst_slot, k, t.stride));
      if (t.op == engine::TransferOp::kCopy) {
        COLLSCOPE_CUDA(rank_, cudaMemcpyAsync(dst, src, bytes, copy, stream_));
      } else {
        const std::size_t elements = bytes / static_cast<std::size_t>(DtypeBytes(options_.dtype));
        COLLSCOPE_CUDA(rank_, LaunchReduce(options_.dtype, dst, src, elements, stream_));
      }
      src += bytes;
    }
  }
}

void NcclRecorder::RunLibraryCollective() {
  std::byte* data = main_.Bytes();
  // ValidateOptions lets an uneven n through only for the collectives that
  // take the whole vector's count; the others split evenly.
  const auto chunk_count = static_cast<std::size_t>(prepared_.plan.sizes.split.Largest());
  const auto full_count = static_cast<std::size_t>(prepared_.plan.sizes.split.Elements());
  const ncclDataType_t type = NcclType(options_.dtype);
  const int root = options_.root;
  std::byte* my_slot = data + rank_ * chunk_;
  switch (options_.collective) {
    case engine::Collective::kAllReduce:
      COLLSCOPE_NCCL(rank_, ncclAllReduce(data, data, full_count, type, ncclSum, comm_, stream_));
      break;
    case engine::Collective::kReduceScatter:
      COLLSCOPE_NCCL(
          rank_, ncclReduceScatter(data, result_.ptr, chunk_count, type, ncclSum, comm_, stream_));
      break;
    case engine::Collective::kAllGather:  // in place: rank i's block already at slot i
      COLLSCOPE_NCCL(rank_, ncclAllGather(my_slot, data, chunk_count, type, comm_, stream_));
      break;
    case engine::Collective::kBroadcast:
      COLLSCOPE_NCCL(rank_, ncclBroadcast(data, data, full_count, type, root, comm_, stream_));
      break;
    case engine::Collective::kReduce:
      COLLSCOPE_NCCL(rank_,
                     ncclReduce(data, data, full_count, type, ncclSum, root, comm_, stream_));
      break;
    case engine::Collective::kScatter:
      COLLSCOPE_NCCL(rank_, ncclScatter(data, my_slot, chunk_count, type, root, comm_, stream_));
      break;
    case engine::Collective::kGather:
      COLLSCOPE_NCCL(rank_, ncclGather(my_slot, data, chunk_count, type, root, comm_, stream_));
      break;
    case engine::Collective::kAllToAll:  // input slots 0..p-1, output p..2p-1
      COLLSCOPE_NCCL(rank_,
                     ncclAlltoAll(data, data + size_ * chunk_, chunk_count, type, comm_, stream_));
      break;
  }
}

void NcclRecorder::WaitForIteration(std::int64_t steps) {
  // GPU work is asynchronous, so the deadline covers the whole iteration:
  // --step-timeout for each step. A peer that never posts its half of a
  // send/recv leaves the stream busy; NCCL reports other failures.
  const double limit_s =
      options_.step_timeout_s * static_cast<double>(std::max<std::int64_t>(1, steps));
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(limit_s));
  while (true) {
    const cudaError_t state = cudaStreamQuery(stream_);
    if (state == cudaSuccess) return;
    rank_file_.Heartbeat();  // alive while the GPU waits for a peer
    if (state != cudaErrorNotReady)
      Fatal(rank_, std::string("GPU error: ") + cudaGetErrorString(state));
    ncclResult_t async = ncclSuccess;
    ncclCommGetAsyncError(comm_, &async);
    if (async != ncclSuccess && async != ncclInProgress) {
      ncclCommAbort(comm_);
      comm_ = nullptr;
      Fatal(rank_, std::string("NCCL error: ") + ncclGetErrorString(async));
    }
    if (Clock::now() > deadline) {
      ncclCommAbort(comm_);
      comm_ = nullptr;
      std::ostringstream reason;
      reason << "an iteration did not finish within " << limit_s
             << " s (--step-timeout per step): a hung or dead peer; communicator aborted";
      Fatal(rank_, reason.str());
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

void NcclRecorder::Fill() {
  FillRank(host_.data(), pattern_, prepared_.plan.sizes, options_.root, rank_);
  COLLSCOPE_CUDA(rank_, cudaMemcpy(main_.ptr, host_.data(), host_.size(), cudaMemcpyHostToDevice));
}

void NcclRecorder::BeginIteration(int) {
  host_start_ = Clock::now();
  COLLSCOPE_CUDA(rank_, cudaEventRecord(events_[0], stream_));
}

bool NcclRecorder::Step(int, std::int64_t step, const RankStep& work) {
  if (options_.step_timing) {
    COLLSCOPE_CUDA(rank_, cudaEventRecord(events_[static_cast<std::size_t>(2 * step)], stream_));
  }
  RunStep(work, layouts_[static_cast<std::size_t>(step - 1)]);
  if (options_.step_timing) {
    COLLSCOPE_CUDA(rank_,
                   cudaEventRecord(events_[static_cast<std::size_t>(2 * step + 1)], stream_));
  }
  return true;  // the GPU runs the steps later; WaitForIteration catches a hung peer
}

void NcclRecorder::EndIteration(int iteration) {
  const Plan& plan = prepared_.plan;
  const auto steps = static_cast<std::int64_t>(plan.steps.size());
  COLLSCOPE_CUDA(rank_, cudaEventRecord(events_[1], stream_));
  WaitForIteration(steps);
  const int measured = iteration - options_.warmup;
  if (measured < 0) return;
  // GPU times, placed on the host time line at the iteration's start.
  const std::int64_t base = NanosSince(zero_, host_start_);
  auto at = [&](cudaEvent_t event) {
    float ms = 0;
    COLLSCOPE_CUDA(rank_, cudaEventElapsedTime(&ms, events_[0], event));
    return base + static_cast<std::int64_t>(static_cast<double>(ms) * 1e6);
  };
  starts_.push_back(base);
  ends_.push_back(at(events_[1]));
  for (std::int64_t step = 1; step <= steps && options_.step_timing; ++step) {
    const RankStep& work =
        plan.steps[static_cast<std::size_t>(step - 1)].ranks[static_cast<std::size_t>(rank_)];
    if (!work.Active()) continue;
    trace::StepEvent event =
        MakeStepEvent(work, step, rank_, phases_[static_cast<std::size_t>(step - 1)]);
    event.t_start_ns = at(events_[static_cast<std::size_t>(2 * step)]);
    event.t_end_ns = at(events_[static_cast<std::size_t>(2 * step + 1)]);
    recorded_.push_back(trace::PackEvent(measured, event));
    rank_file_.Event(measured, event);
  }
  rank_file_.Iteration(measured, starts_.back(), ends_.back());
}

std::string NcclRecorder::Check() {
  if (options_.library && options_.collective == engine::Collective::kReduceScatter) {
    COLLSCOPE_CUDA(rank_, cudaMemcpy(main_.Bytes() + rank_ * chunk_, result_.ptr,
                                     static_cast<std::size_t>(chunk_), cudaMemcpyDeviceToDevice));
  }
  COLLSCOPE_CUDA(rank_, cudaMemcpy(host_.data(), main_.ptr, host_.size(), cudaMemcpyDeviceToHost));
  return CheckRank(host_.data(), pattern_, prepared_.plan.sizes, options_.root, rank_);
}

void NcclRecorder::ImportTopology(trace::Trace& trace) {
  // Our own NCCL_DEBUG files (set before NCCL started): rings, trees and
  // transports as NCCL chose them for this run.
  std::vector<std::string> paths;
  for (int r = 0; r < size_; ++r) {
    const std::string path = options_.output + ".nccl-rank" + std::to_string(r) + ".log";
    if (std::filesystem::exists(path)) paths.push_back(path);
  }
  if (paths.empty() || !trace::FindImporter("nccl-log")) return;
  auto imported = trace::ImportFiles(paths, "nccl-log");
  if (!imported.ok()) {
    trace.meta.SetExtraString("topology_error", imported.error());
    return;
  }
  trace.topology = imported->trace.topology;
}

int NcclRecorder::Run() {
  prepared_ = Prepare(options_, size_);
  if (!prepared_.error.empty()) {
    if (rank_ == 0) std::fprintf(stderr, "collscope record: %s\n", prepared_.error.c_str());
    return 2;
  }
  chunk_ = prepared_.plan.sizes.Stride();
  options_.ranks = size_;
  Setup();
  const Plan& plan = prepared_.plan;
  trace::Trace trace = NewTrace(options_, size_);
  for (const StepPlan& step : plan.steps) phases_.push_back(trace.InternPhase(step.phase));
  GatherHosts(trace, rank_, size_);
  std::vector<int> devices(static_cast<std::size_t>(size_));
  MPI_Gather(&device_, 1, MPI_INT, devices.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  for (int r = 0; r < size_ && rank_ == 0; ++r) {
    trace.ranks[static_cast<std::size_t>(r)].device = devices[static_cast<std::size_t>(r)];
  }
  layouts_ = plan.LayoutsOf(rank_);
  if (rank_ == 0) trace.meta.machine = MeasureHost();  // the host, beside the GPUs
  zero_ = AgreeClockZero(rank_);
  BroadcastMachine(trace.meta);
  if (const std::string error = rank_file_.Open(options_, rank_, size_, trace, plan);
      !error.empty()) {
    std::fprintf(stderr, "collscope record: rank %d: %s\n", rank_, error.c_str());
  }

  const std::string failure = RunIterations(
      options_, plan, rank_, options_.library ? "NCCL's" : options_.algorithm, *this, &rank_file_);
  const bool failed = AnyRankFailed(failure, rank_);
  // Every rank closed its file before that collective: rank 0 removes them
  // (the trace it writes holds what they hold; a wrong result keeps nothing).
  if (rank_ == 0) RankStream::RemoveAll(options_.output, size_);
  if (failed) return 1;
  GatherRuns(options_, rank_, size_, recorded_, starts_, ends_, phases_, trace, /*gather=*/true);
  MPI_Barrier(MPI_COMM_WORLD);
  const int stop_signal = stop_signal_;
  if (rank_ != 0) return stop_signal ? InterruptExitCode(stop_signal) : 0;

  trace.meta.gpu = gpu_name_;
  trace.meta.nccl_version = nccl_version_;
  trace.meta.SetExtraNumber("gpus", size_);
  ImportTopology(trace);
  RecordResult result;
  result.trace = std::move(trace);
  int code = 0;
  if (stop_signal != 0) {
    code = InterruptExitCode(stop_signal);
    MarkIncomplete(result.trace, "interrupted by signal " + std::to_string(stop_signal));
  }
  Summarise(result, options_, size_);
  const std::string error = WriteTraceAtomically(result.trace, options_.output);
  if (!error.empty()) {
    std::fprintf(stderr, "collscope record: %s\n", error.c_str());
    return 1;
  }
  if (code != 0) {
    std::fprintf(stderr,
                 "collscope record: interrupted by signal %d after %d iterations (partial trace "
                 "written to %s)\n",
                 stop_signal, result.iterations_done, options_.output.c_str());
    return code;
  }
  std::printf(
      "recorded %d iterations of %s %s, nccl backend, %d GPUs (%s), NCCL %s: %.3f ms per "
      "iteration, busbw %.2f GB/s -> %s\n",
      result.iterations_done, options_.library ? "library" : options_.algorithm.c_str(),
      std::string(engine::CollectiveName(options_.collective)).c_str(), size_, gpu_name_.c_str(),
      nccl_version_.c_str(), result.mean_iteration_s * 1e3,
      result.trace.measurements.empty() ? 0.0 : result.trace.measurements[0].busbw_gbps,
      options_.output.c_str());
  return 0;
}

}  // namespace

int RunNcclRecorder(const RecordOptions& options) {
  // First of all, before MPI or NCCL: is there a GPU at all?
  int devices = 0;
  const cudaError_t probe = cudaGetDeviceCount(&devices);
  if (probe != cudaSuccess || devices == 0) {
    std::fprintf(
        stderr, "collscope record: no GPU: %s; the nccl backend needs one CUDA GPU per rank\n",
        probe != cudaSuccess ? cudaGetErrorString(probe) : "cudaGetDeviceCount found 0 devices");
    return 2;
  }
  if (options.ranks > 1 && LauncherSize() == 0) {
    std::fprintf(stderr,
                 "collscope record: --backend nccl with --ranks %d needs a launcher, one process "
                 "per GPU: mpirun -np %d collscope record --backend nccl ... (or srun)\n",
                 options.ranks, options.ranks);
    return 2;
  }
  const MpiWorld world = StartMpi();
  const int rank = world.rank;
  const int size = world.size;
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local);
  int local_rank = 0;
  int local_size = 1;
  MPI_Comm_rank(local, &local_rank);
  MPI_Comm_size(local, &local_size);
  // The host's ranks take its visible GPUs in turn (under srun with GPU
  // binding each rank sees only its own, device 0). Two ranks on one GPU
  // means more ranks than GPUs: compare the PCI bus ids the host's ranks got.
  const int device = local_rank % devices;
  char bus_id[32] = {};
  if (cudaDeviceGetPCIBusId(bus_id, sizeof(bus_id), device) != cudaSuccess) {
    std::snprintf(bus_id, sizeof(bus_id), "device-%d", device);
  }
  std::vector<char> bus_ids(static_cast<std::size_t>(local_size) * sizeof(bus_id));
  MPI_Allgather(bus_id, sizeof(bus_id), MPI_CHAR, bus_ids.data(), sizeof(bus_id), MPI_CHAR, local);
  MPI_Comm_free(&local);
  int sharing = 0;
  for (int r = 0; r < local_size; ++r) {
    sharing += std::strncmp(&bus_ids[static_cast<std::size_t>(r) * sizeof(bus_id)], bus_id,
                            sizeof(bus_id)) == 0;
  }
  // Bad input every rank agrees on: p that does not match the launcher, more
  // ranks on a host than it has GPUs.
  std::string error;
  if (options.ranks > 0 && options.ranks != size) {
    error = "--ranks " + std::to_string(options.ranks) + " but the launcher started " +
            std::to_string(size) + " processes";
  } else if (sharing > 1) {
    error = std::to_string(local_size) + " ranks on host " + HostName() + " but only " +
            std::to_string(local_size / sharing) +
            " distinct GPUs are visible to them: one GPU per rank (fewer ranks, or more GPUs)";
  }
  int bad = error.empty() ? 0 : 1;
  MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (bad) {
    if (!error.empty() && (rank == 0 || local_rank == 0)) {
      std::fprintf(stderr, "collscope record: %s\n", error.c_str());
    }
    MPI_Finalize();
    return 2;
  }
  // NCCL's own view of the run (rings, trees, transports) goes to one log
  // per rank beside the trace, unless the user chose NCCL_DEBUG themselves.
  if (!std::getenv("NCCL_DEBUG")) {
    setenv("NCCL_DEBUG", "INFO", 1);
    setenv("NCCL_DEBUG_SUBSYS", "INIT,GRAPH", 1);
    const std::string log = options.output + ".nccl-rank" + std::to_string(rank) + ".log";
    setenv("NCCL_DEBUG_FILE", log.c_str(), 1);
  }
  InstallInterruptHandlers();
  int code = 0;
  {
    NcclRecorder recorder(options, rank, size, device);
    code = recorder.Run();
  }
  MPI_Finalize();
  return code;
}

}  // namespace collscope::kernels::nccl
