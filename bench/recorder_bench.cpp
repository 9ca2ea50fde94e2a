// The recorder's performance figures (issue 6): the threads backend's ring
// allreduce against a plain memcpy of the same bytes (the memory-bandwidth
// limit of this machine), and the cost of per-step timing (schedule mode
// with and without it). MPI_Allreduce is measured with `collscope record
// --backend mpi --library` under mpirun (docs/recording.md, performance table).
//
//   build/bench/recorder_bench --benchmark_min_time=2

#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>

#include "engine/collective.h"
#include "kernels/backend.h"

namespace {

constexpr std::int64_t kBytes = 64 << 20;

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

// One recording of 5 iterations per benchmark iteration; the reported time is
// the recorder's own mean time per allreduce (fill and check excluded).
void RingAllreduce(benchmark::State& state, bool step_timing) {
  collscope::kernels::RecordOptions options;
  options.collective = collscope::engine::Collective::kAllReduce;
  options.algorithm = "ring";
  options.ranks = static_cast<int>(state.range(0));
  options.bytes = state.range(1);
  // Small messages need many iterations to time; large ones a few.
  options.iters = state.range(1) < (16 << 20) ? 200 : 5;
  options.warmup = 1;
  options.step_timing = step_timing;
  for (auto _ : state) {
    const auto result = collscope::kernels::RecordThreads(options);
    if (result.exit_code != 0) {
      state.SkipWithError(result.message.c_str());
      return;
    }
    state.SetIterationTime(result.mean_iteration_s);
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

}  // namespace

BENCHMARK_MAIN();
