// Engine benchmarks (issue 3): build + simulate + verify, and pricing.
// Run: build/bench/engine_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "engine/algorithm.h"
#include "engine/cost_model.h"
#include "engine/verify.h"

namespace collscope::engine {
namespace {

double PeakResidentMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void SimulateAndVerify(benchmark::State& state, Collective collective, std::string_view algorithm,
                       int ranks) {
  for (auto _ : state) {
    BuildResult built = BuildSchedule(collective, algorithm, ranks);
    VerifyResult result = VerifySchedule(*built.schedule, collective, 0);
    if (!result.ok) state.SkipWithError(result.message.c_str());
    benchmark::DoNotOptimize(result);
  }
  state.counters["peak_rss_MiB"] = PeakResidentMiB();
}

void BM_RingAllreduceSimulateVerify(benchmark::State& state) {
  SimulateAndVerify(state, Collective::kAllReduce, "ring", static_cast<int>(state.range(0)));
}
// p = 4096 last, so the peak-RSS counter of the smaller runs is their own.
BENCHMARK(BM_RingAllreduceSimulateVerify)
    ->Arg(64)
    ->Arg(256)
    ->Arg(1024)
    ->Arg(4096)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_EveryPairAt256(benchmark::State& state) {
  int index = 0;
  for (const AlgorithmInfo& info : Algorithms()) {
    for (Collective c : info.collectives) {
      if (index++ == state.range(0)) {
        state.SetLabel(std::string(CollectiveName(c)) + "/" + std::string(info.name));
        SimulateAndVerify(state, c, info.name, 256);
        return;
      }
    }
  }
}
BENCHMARK(BM_EveryPairAt256)->DenseRange(0, 19)->Unit(benchmark::kMillisecond);

void BM_PriceRingAllreduce(benchmark::State& state) {
  int ranks = static_cast<int>(state.range(0));
  BuildResult built = BuildSchedule(Collective::kAllReduce, "ring", ranks);
  CostModel model = FindCostPreset("delta-a100x8")->model;
  for (auto _ : state) {
    benchmark::DoNotOptimize(PriceSchedule(*built.schedule, 64e6, model).Total());
  }
}
BENCHMARK(BM_PriceRingAllreduce)->Arg(24576)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace collscope::engine

BENCHMARK_MAIN();
