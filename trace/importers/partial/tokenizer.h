#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trace/model.h"
#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace::partial {

// Where the rank was when its file was last touched (the progress line).
struct Progress {
  std::int64_t iteration = 0;  // from 0, warm-up included
  std::int64_t step = 0;       // 1-based; 0: between iterations
  bool done = false;           // that step had finished
  std::int64_t beat_ns = 0;    // wall clock of its last sign of life
};

struct TimedIteration {
  std::int64_t measured = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
};

// One rank's partial file, read (format.h).
struct RankFile {
  std::string path;
  Progress progress;
  std::int32_t rank = -1;
  std::int32_t ranks = 0;
  std::int64_t pid = 0;
  std::int32_t warmup = 0;
  std::int64_t steps = 0;
  std::vector<std::pair<std::string, std::string>> meta;   // name, text
  std::vector<std::pair<std::string, std::string>> extra;  // key, JSON text
  std::optional<HostMachine> machine;
  std::string collective;
  std::string algorithm;
  std::int64_t bytes = 0;
  std::string dtype;
  std::map<std::int32_t, std::string> phases;              // step -> phase
  std::vector<std::pair<std::int64_t, StepEvent>> events;  // measured iteration, event
  std::vector<TimedIteration> iterations;
  std::string end;  // "complete", "stopped", or "" when the rank never got there
};

// Reads one file; an error names its file and line.
Result<RankFile> TokenizeRankFile(const SourceFile& file);

}  // namespace collscope::trace::partial
