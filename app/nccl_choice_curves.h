#pragma once

// "Why this algorithm" as curves (issue 14): NCCL's predicted time of every
// algorithm x protocol against message size for one collective on one
// machine, the pick NCCL's model makes at each size and the sizes where it
// changes, with a trace's measured points and NCCL's own TUNING choices laid
// over them (and where the model disagrees with NCCL). Pure logic: the GUI
// panel draws it, tests check it without a display.
#include <optional>
#include <string>
#include <vector>

#include "engine/collective.h"
#include "engine/nccl_model.h"
#include "trace/model.h"

namespace collscope::gui {

struct PairCurve {
  engine::NcclAlgorithm algorithm = engine::NcclAlgorithm::kRing;
  engine::NcclProtocol protocol = engine::NcclProtocol::kSimple;
  std::string name;            // "ring/SIMPLE"
  std::vector<double> time_s;  // per size; NaN where the pair is not available
};

struct ChoiceCurves {
  engine::Collective collective = engine::Collective::kAllReduce;
  int ranks = 0;
  std::vector<double> bytes;     // the sizes, doubling at a fixed step
  std::vector<PairCurve> pairs;  // the pairs available at some size
  std::vector<int> pick;         // per size: index into pairs, -1 when none
  std::vector<engine::NcclCrossover> crossovers;

  // nccl-tests' out-of-place rows of this collective in the trace.
  struct Measured {
    double bytes = 0;
    double time_s = 0;
  };
  std::vector<Measured> measured;

  // NCCL's own choice for a call (TUNING lines) beside the model's.
  struct Choice {
    double bytes = 0;
    int nccl_pair = -1;   // index into pairs; -1: a pair the model has no curve for
    std::string nccl;     // "ring/SIMPLE"
    int model_pair = -1;  // the model's pick at that size
    int channels = 0;     // channel_hi - channel_lo + 1, 0 when not printed
    bool agrees = false;
  };
  std::vector<Choice> choices;
  std::size_t Disagreements() const;

  // bus bandwidth (GB/s) of a time at a size, nccl-tests' factor.
  double BusBwGbps(double bytes, double time_s) const;
};

// Sizes from lo to hi bytes, `per_octave` points per doubling (both
// included, rounded to whole bytes).
std::vector<double> DoublingSizes(double lo, double hi, int per_octave);

// The curves of `collective` on `model`'s machine over `sizes`; the
// trace's points and TUNING choices when a trace is given. nullopt when
// NCCL does not tune this collective (scatter, gather, all-to-all are
// grouped point-to-point sends).
std::optional<ChoiceCurves> BuildChoiceCurves(const engine::NcclModel& model,
                                              engine::Collective collective,
                                              const std::vector<double>& sizes,
                                              const trace::Trace* trace);

}  // namespace collscope::gui
