// Importing PyTorch profiler (Kineto) rank files (issue 12): ImportFiles on
// a set of files as `collscope import` reads them, one at a time, batches of
// events parsed in place. Goal: at most 0.25x the time of Python's json.load
// of the same files and a peak RSS of at most 1.5x the largest file.
// bench/kineto_import_bench.py runs the comparison with json.load; this is
// the import alone, in process.
//
//   COLLSCOPE_KINETO_SET=/tmp/collscope_kineto_set build/bench/kineto_import_bench
//   (bench/make_kineto_set.py writes that set; without the variable, the
//   8-rank DLRM set of the real-file corpus, COLLSCOPE_REALDATA/kineto/
//   param_dlrm_8rank)
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "trace/importers/importer.h"

namespace collscope::trace {
namespace {

std::vector<std::string> KinetoFiles() {
  const char* set = std::getenv("COLLSCOPE_KINETO_SET");
  std::filesystem::path directory;
  if (set != nullptr) {
    directory = set;
  } else if (const char* realdata = std::getenv("COLLSCOPE_REALDATA")) {
    directory = std::filesystem::path(realdata) / "kineto" / "param_dlrm_8rank";
  }
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".json") || name.ends_with(".json.gz")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

double PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;  // KiB on Linux
}

// What the process holds before any import (code, libraries): taken once,
// as the benchmark function runs several times and the peak only grows.
const double kIdleRssBytes = PeakRssBytes();

void BM_ImportKinetoSet(benchmark::State& state) {
  const std::vector<std::string> files = KinetoFiles();
  if (files.empty()) {
    state.SkipWithError("no Kineto files: set COLLSCOPE_KINETO_SET or COLLSCOPE_REALDATA");
    return;
  }
  std::uintmax_t total = 0;
  std::uintmax_t largest = 0;
  for (const std::string& file : files) {
    const std::uintmax_t size = std::filesystem::file_size(file);
    total += size;
    largest = std::max(largest, size);
  }
  std::size_t runs = 0;
  for (auto _ : state) {
    Result<ImportResult> imported = ImportFiles(files, "kineto");
    if (!imported.ok()) {
      state.SkipWithError(imported.error().c_str());
      return;
    }
    runs = imported->trace.runs.size();
    benchmark::DoNotOptimize(imported->trace.runs.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total));
  state.counters["files"] = static_cast<double>(files.size());
  state.counters["runs"] = static_cast<double>(runs);
  state.counters["largest_MB"] = static_cast<double>(largest) / 1e6;
  state.counters["peak_rss_MB"] = PeakRssBytes() / 1e6;
  state.counters["peak_over_largest"] =
      (PeakRssBytes() - kIdleRssBytes) / static_cast<double>(largest);
}
BENCHMARK(BM_ImportKinetoSet)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace collscope::trace

BENCHMARK_MAIN();
