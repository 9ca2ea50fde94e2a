#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/collective.h"
#include "engine/nccl_model.h"

namespace collscope::engine {

// One measured call: nccl-tests' size (NCCL's nBytes) and time.
struct MeasuredCall {
  Collective collective = Collective::kAllReduce;
  double bytes = 0;
  double time_s = 0;
};

// The machine's free numbers refitted from a run. NCCL picks each size's
// (algorithm, protocol), its regime, from its own belief of the machine;
// the fit finds that belief as one factor on every bandwidth of the model
// (the per-channel bandwidth of NCCL's graphs), which moves all crossovers
// together. Each regime then gets its own extra latency and bandwidth factor
// for the times the wire really gives. All fits are least squares of
// relative errors, so small and large sizes count alike.
struct RegimeFit {
  double extra_latency_us = 0;
  double bandwidth_scale = 1;
  std::size_t sizes = 0;  // distinct sizes it was fitted on
};

struct NcclFit {
  double pick_bandwidth_scale = 1;  // NCCL's belief: the model's bandwidths x this
  // Keyed by "collective/algorithm/protocol", "collective/protocol" and
  // "collective" (a bandwidth factor over its regimes), most specific
  // first; "*" stands for the collective when fitted across collectives.
  std::map<std::string, RegimeFit> regimes;
  bool by_collective = true;
};

// Fits the pick, then the regimes: two numbers for a regime of two or more
// distinct sizes, the bandwidth factor alone for one; a regime
// without sizes falls back to its protocol's, then its collective's.
NcclFit FitNccl(const NcclModel& model, const std::vector<MeasuredCall>& calls,
                bool by_collective = true);

// The model's prediction for one call with a fit: NCCL's pick for the size,
// its regime's numbers (nullopt when the model has no price for it).
struct FittedPrediction {
  double time_s = 0;
  std::string regime;  // the key whose numbers were used; "model" for none
};
std::optional<FittedPrediction> PredictWithFit(const NcclModel& model, const NcclFit& fit,
                                               Collective collective, double bytes);

// Out-of-sample predictions, one per call (nullopt where none can be made):
// each size predicted by a fit that did not see that size, in any
// collective of the run.
std::vector<std::optional<FittedPrediction>> LeaveOneSizeOut(
    const NcclModel& model, const std::vector<MeasuredCall>& calls);
// Each call predicted by a fit on the run's `train` collective only;
// nullopt for the train collective's own calls, and for all of them when
// the run has no `train` calls.
std::vector<std::optional<FittedPrediction>> FitOnOneCollective(
    const NcclModel& model, const std::vector<MeasuredCall>& calls, Collective train);

}  // namespace collscope::engine
