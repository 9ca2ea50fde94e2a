#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/collective.h"
#include "engine/machine.h"
#include "engine/nccl_graph.h"
#include "engine/nccl_tuning.h"

namespace collscope::engine {

// One entry of NCCL's init table (NCCL_DEBUG_SUBSYS=TUNING prints
// "latency/bandwidth" per collective x algorithm x protocol): the latency
// in microseconds and the algorithm bandwidth in GB/s. bandwidth 0 means
// the pair is not available, as in NCCL.
struct NcclCost {
  double latency_us = 0;
  double bandwidth_gbps = 0;
};

// What NCCL picks for one call: the (algorithm, protocol) with the lowest
// predicted time (enqueue.cc topoGetAlgoInfo) and the channels it then runs
// on.
struct NcclChoice {
  NcclAlgorithm algorithm = NcclAlgorithm::kRing;
  NcclProtocol protocol = NcclProtocol::kSimple;
  double time_s = 0;
  int channels = 0;
};

// A predicted time in its two parts, microseconds.
struct NcclTimeParts {
  double latency_us = 0;
  double bandwidth_us = 0;
  double Seconds() const { return (latency_us + bandwidth_us) * 1e-6; }
};

// Free numbers a calibration adjusts, per protocol (the regimes a real
// curve shows): an extra latency and a factor on the bandwidth.
struct NcclCalibration {
  std::array<double, kNcclProtocols> extra_latency_us{};
  std::array<double, kNcclProtocols> bandwidth_scale{1.0, 1.0, 1.0};
  bool Identity() const;
};

// A size where NCCL's pick changes: below it `before`, from it `after`.
struct NcclCrossover {
  double bytes = 0;
  NcclChoice before;
  NcclChoice after;
};

// NCCL's cost model for one communicator on one machine: the tables
// ncclTopoTuneModel builds at init (src/graph/tuning.cc) and the time
// ncclTopoGetAlgoTime gives a call, for the release the machine names.
// Broadcast, reduce, all-gather, reduce-scatter and all-reduce only: the
// collectives NCCL runs as such (scatter, gather and all-to-all are grouped
// point-to-point sends, see nccl_p2p.h). Each size costs O(1).
class NcclModel {
 public:
  explicit NcclModel(const Machine& machine);
  NcclModel(Machine machine, const NcclTuning& tuning);

  const Machine& machine() const { return machine_; }
  const NcclGraphs& graphs() const { return graphs_; }
  const NcclTuning& tuning() const { return *tuning_; }
  int Ranks() const { return machine_.Ranks(); }

  // True for the collectives NCCL's tuning table covers.
  static bool Tuned(Collective collective);
  // The init-table entry; {0, 0} for collectives NCCL does not tune.
  NcclCost Cost(Collective collective, NcclAlgorithm algorithm, NcclProtocol protocol) const;
  // Replaces one entry, e.g. with the table a trace's NCCL log printed.
  void SetCost(Collective collective, NcclAlgorithm algorithm, NcclProtocol protocol,
               NcclCost cost);
  // NCCL_ALGO / NCCL_PROTO: only these take part in the pick (empty: all).
  void Restrict(const std::vector<NcclAlgorithm>& algorithms,
                const std::vector<NcclProtocol>& protocols);
  void Calibrate(const NcclCalibration& calibration) { calibration_ = calibration; }
  const NcclCalibration& calibration() const { return calibration_; }

  // ncclTopoGetAlgoTime in seconds for `bytes` (NCCL's nBytes: the full
  // buffer, the gathered one for all-gather); nullopt when not available.
  std::optional<double> Time(Collective collective, NcclAlgorithm algorithm, NcclProtocol protocol,
                             double bytes) const;
  // The same, latency and bandwidth term apart.
  std::optional<NcclTimeParts> TimeParts(Collective collective, NcclAlgorithm algorithm,
                                         NcclProtocol protocol, double bytes) const;
  // The pick among available pairs; nullopt when none is (or not tuned).
  std::optional<NcclChoice> Pick(Collective collective, double bytes) const;
  // topoGetAlgoInfo's channel count for a chosen pair.
  int Channels(NcclAlgorithm algorithm, NcclProtocol protocol, double bytes) const;
  // Sizes in [lo, hi] where the pick changes, located to the byte.
  std::vector<NcclCrossover> Crossovers(Collective collective, double lo, double hi) const;

 private:
  void BuildTables();
  bool Enabled(NcclAlgorithm algorithm, NcclProtocol protocol) const;

  Machine machine_;
  const NcclTuning* tuning_;
  NcclGraphs graphs_;
  // [NCCL function: broadcast, reduce, allgather, reducescatter, allreduce]
  std::array<PerAlgoProto<NcclCost>, 5> table_{};
  std::array<bool, kNcclAlgorithms> algorithm_allowed_{};
  std::array<bool, kNcclProtocols> protocol_allowed_{};
  NcclCalibration calibration_;
};

}  // namespace collscope::engine
