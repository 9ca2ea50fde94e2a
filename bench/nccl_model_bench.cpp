// What `collscope explain` computes, timed (issue 14 target: 64 sizes and
// every algorithm x protocol in under 10 ms), and the calibration stats runs.
#include <benchmark/benchmark.h>

#include <cmath>

#include "engine/nccl_calibration.h"
#include "engine/nccl_p2p.h"

namespace {

using namespace collscope::engine;

// 64 sizes, 1 B to 16 GiB on a log scale: the x axis of an explain plot.
std::vector<double> Sizes() {
  std::vector<double> sizes;
  for (int i = 0; i < 64; ++i) sizes.push_back(std::exp2(34.0 * i / 63));
  return sizes;
}

void BM_Explain64SizesEveryPair(benchmark::State& state) {
  const auto sizes = Sizes();
  for (auto _ : state) {
    // explain builds the model (graph search and init tables) per call.
    NcclModel model(*FindMachine("hgx-h100:2"));
    double sum = 0;
    for (double bytes : sizes) {
      for (int a = 0; a < kNcclAlgorithms; ++a) {
        for (int p = 0; p < kNcclProtocols; ++p) {
          if (auto t = model.Time(Collective::kAllReduce, static_cast<NcclAlgorithm>(a),
                                  static_cast<NcclProtocol>(p), bytes)) {
            sum += *t;
          }
        }
      }
      sum += model.Pick(Collective::kAllReduce, bytes)->time_s;
    }
    auto crossovers = model.Crossovers(Collective::kAllReduce, 1, 16.0 * (1ull << 30));
    benchmark::DoNotOptimize(sum);
    benchmark::DoNotOptimize(crossovers);
  }
}
BENCHMARK(BM_Explain64SizesEveryPair)->Unit(benchmark::kMillisecond);

void BM_LeaveOneSizeOut31Sizes(benchmark::State& state) {
  Machine m = *FindMachine("hgx-h100");
  m.gpus_per_node = 4;
  NcclModel model(m);
  std::vector<MeasuredCall> calls;
  for (double bytes = 8; bytes <= 8.0 * (1ull << 30); bytes *= 2) {
    // A run 10 % slower than the model, 5 us later to start.
    calls.push_back({Collective::kAllReduce, bytes,
                     model.Pick(Collective::kAllReduce, bytes)->time_s * 1.1 + 5e-6});
  }
  for (auto _ : state) benchmark::DoNotOptimize(LeaveOneSizeOut(model, calls));
}
BENCHMARK(BM_LeaveOneSizeOut31Sizes)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
