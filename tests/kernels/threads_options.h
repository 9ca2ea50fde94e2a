#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "engine/collective.h"
#include "kernels/recording.h"

namespace collscope::kernels::testing {

// An in-process recording on the threads backend: one warm-up iteration,
// and a 30 s step timeout so that a hung step fails the test instead of
// hanging ctest.
inline RecordOptions ThreadsOptions(engine::Collective collective, std::string algorithm, int ranks,
                                    std::int64_t bytes, int iters) {
  RecordOptions options;
  options.backend = BackendKind::kThreads;
  options.collective = collective;
  options.algorithm = std::move(algorithm);
  options.ranks = ranks;
  options.bytes = bytes;
  options.iters = iters;
  options.warmup = 1;
  options.step_timeout_s = 30;
  return options;
}

}  // namespace collscope::kernels::testing
