// The recorder's performance figures (issue 6): the threads backend's ring
// allreduce against a plain memcpy of the same bytes (the memory-bandwidth
// limit of this machine), and the cost of per-step timing (schedule mode
// with and without it). Issue 16: the ring on sizes p does not divide (1 MiB
// over 5 and 7 ranks) against the nearest size below that splits evenly,
// and against OpenMPI's MPI_Allreduce (`collscope record --backend mpi
// --library` under mpirun) timed in the same benchmark iteration
// (docs/recording.md, performance table).
//
//   build/bench/recorder_bench --benchmark_min_time=2

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "engine/collective.h"
#include "kernels/backend.h"

namespace {

constexpr std::int64_t kBytes = 64 << 20;
constexpr std::int64_t kMiB = 1 << 20;
// The largest float32 size at most 1 MiB that p ranks split evenly.
constexpr std::int64_t EvenBelowMiB(int ranks) { return kMiB / (4 * ranks) * (4 * ranks); }

// Copies n bytes once per iteration: what a rank's buffer costs to move.
void BM_Memcpy(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  auto src = std::make_unique<std::byte[]>(bytes);
  auto dst = std::make_unique<std::byte[]>(bytes);
  std::memset(src.get(), 1, bytes);
  std::memset(dst.get(), 0, bytes);
  for (auto _ : state) {
    std::memcpy(dst.get(), src.get(), bytes);
    benchmark::DoNotOptimize(dst.get());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Memcpy)->Arg(kBytes)->Unit(benchmark::kMillisecond);

// One recording of 5 iterations (200 for small messages) of the threads
// ring allreduce: the recorder's own mean time per allreduce (fill and
// check excluded), or a negative time and `error` set.
double ThreadsRingSeconds(int ranks, std::int64_t bytes, bool step_timing, std::string& error) {
  collscope::kernels::RecordOptions options;
  options.collective = collscope::engine::Collective::kAllReduce;
  options.algorithm = "ring";
  options.ranks = ranks;
  options.bytes = bytes;
  // Small messages need many iterations to time; large ones a few.
  options.iters = bytes < (16 << 20) ? 200 : 5;
  options.warmup = 1;
  options.step_timing = step_timing;
  const auto result = collscope::kernels::RecordThreads(options);
  if (result.exit_code != 0) {
    error = result.message;
    return -1;
  }
  return result.mean_iteration_s;
}

void RingAllreduce(benchmark::State& state, bool step_timing) {
  std::string error;
  for (auto _ : state) {
    const double seconds =
        ThreadsRingSeconds(static_cast<int>(state.range(0)), state.range(1), step_timing, error);
    if (seconds < 0) {
      state.SkipWithError(error.c_str());
      return;
    }
    state.SetIterationTime(seconds);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(1));
}
void BM_ThreadsRingAllreduce(benchmark::State& state) { RingAllreduce(state, true); }
void BM_ThreadsRingAllreduceNoStepTiming(benchmark::State& state) { RingAllreduce(state, false); }
BENCHMARK(BM_ThreadsRingAllreduce)
    ->Args({2, 1 << 20})
    ->Args({2, kBytes})
    ->Args({4, kBytes})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ThreadsRingAllreduceNoStepTiming)
    ->Args({2, 1 << 20})
    ->Args({2, kBytes})
    ->Args({4, kBytes})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Issue 16: uneven chunks. 1 MiB over 5 ranks is chunks of 52429, 52429,
// 52429, 52429 and 52428 float32; the even neighbour is 1048560 bytes.
// Compare bytes_per_second (bandwidth per byte) of each pair.
BENCHMARK(BM_ThreadsRingAllreduce)
    ->Args({5, kMiB})
    ->Args({5, EvenBelowMiB(5)})
    ->Args({7, kMiB})
    ->Args({7, EvenBelowMiB(7)})
    ->Iterations(10)  // each one a recording of 200 iterations
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// The same pair run back to back in each benchmark iteration, so both see
// the same load on a shared machine: the counter uneven_over_even is the
// uneven size's bandwidth per byte over the even one's (1 = no loss),
// summed times over all iterations.
void BM_ThreadsRingUnevenOverEven(benchmark::State& state) {
  const auto ranks = static_cast<int>(state.range(0));
  std::string error;
  double uneven_total = 0;
  double even_total = 0;
  for (auto _ : state) {
    const double uneven_s = ThreadsRingSeconds(ranks, kMiB, /*step_timing=*/true, error);
    const double even_s =
        ThreadsRingSeconds(ranks, EvenBelowMiB(ranks), /*step_timing=*/true, error);
    if (uneven_s < 0 || even_s < 0) {
      state.SkipWithError(error.c_str());
      return;
    }
    uneven_total += uneven_s;
    even_total += even_s;
    state.SetIterationTime(uneven_s);
  }
  state.counters["uneven_over_even"] = (static_cast<double>(kMiB) / uneven_total) /
                                       (static_cast<double>(EvenBelowMiB(ranks)) / even_total);
}
BENCHMARK(BM_ThreadsRingUnevenOverEven)
    ->Arg(5)
    ->Arg(7)
    ->Iterations(20)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// OpenMPI's MPI_Allreduce on 2 ranks of 64 MiB, through `collscope record
// --backend mpi --library` under mpirun: its own mean time per iteration,
// read from the summary line ("..., 33.4 ms per iteration, ..."). Each
// benchmark iteration also times the threads ring on the same size, and
// the counter threads_speedup is MPI's time over the ring's.
double MpiAllreduceSeconds(std::string& error) {
  const std::string binary = COLLSCOPE_BENCH_BINARY;
  const std::string mpirun = COLLSCOPE_BENCH_MPIRUN;
  if (binary.empty() || mpirun.empty()) {
    error = "no mpi backend or mpirun in this build";
    return -1;
  }
  const std::string command = "'" + mpirun + "' --allow-run-as-root --oversubscribe -np 2 '" +
                              binary + "' record --backend mpi --library -c allreduce -n " +
                              std::to_string(kBytes) +
                              " --iters 10 -o /tmp/collscope_recorder_bench_mpi.json 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    error = "cannot run " + command;
    return -1;
  }
  std::string out;
  char line[512];
  while (std::fgets(line, sizeof(line), pipe) != nullptr) out += line;
  const int status = pclose(pipe);
  std::remove("/tmp/collscope_recorder_bench_mpi.json");
  const std::size_t at = out.find(" ms per iteration");
  const std::size_t from = out.rfind(' ', at == std::string::npos ? 0 : at - 1);
  if (status != 0 || at == std::string::npos || from == std::string::npos) {
    error = "mpirun failed: " + out.substr(0, 200);
    return -1;
  }
  return std::stod(out.substr(from + 1, at - from - 1)) * 1e-3;
}

void BM_MpiLibraryAllreduceVsThreadsRing(benchmark::State& state) {
  std::string error;
  double mpi_total = 0;
  double threads_total = 0;
  for (auto _ : state) {
    const double mpi_s = MpiAllreduceSeconds(error);
    const double threads_s = ThreadsRingSeconds(2, kBytes, /*step_timing=*/true, error);
    if (mpi_s < 0 || threads_s < 0) {
      state.SkipWithError(error.c_str());
      return;
    }
    mpi_total += mpi_s;
    threads_total += threads_s;
    state.SetIterationTime(mpi_s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * kBytes);
  state.counters["threads_ms"] = 1e3 * threads_total / static_cast<double>(state.iterations());
  state.counters["threads_speedup"] = mpi_total / threads_total;
}
BENCHMARK(BM_MpiLibraryAllreduceVsThreadsRing)
    ->UseManualTime()
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
