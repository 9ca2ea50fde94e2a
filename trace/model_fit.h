#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/machine.h"
#include "engine/nccl_calibration.h"
#include "engine/nccl_model.h"
#include "trace/model.h"

namespace collscope::trace {

struct TraceStats;

// The machine facts a trace carries: its GPU name, communicator size,
// hosts, the NCCL log's transports and the NCCL version.
engine::MachineFacts MachineFactsOf(const Trace& trace);

// NCCL's model for the machine a trace ran on. When the trace holds NCCL's
// own init table (NCCL_DEBUG_SUBSYS=TUNING), its latencies and bandwidths
// replace the model's, so the picks are NCCL's own.
struct TraceModel {
  std::optional<engine::NcclModel> model;
  std::string machine;      // what the machine was taken to be, and why
  bool init_table = false;  // the trace's init table was used
};
TraceModel NcclModelFor(const Trace& trace);

// nccl-tests' out-of-place rows as calls (one per row; in-place rows are the
// same operation), for collectives the engine knows.
std::vector<engine::MeasuredCall> MeasuredCalls(const Trace& trace);

// How often the model picks what NCCL's TUNING lines say it picked.
struct ChoiceAgreement {
  std::size_t calls = 0;
  std::size_t matched = 0;
  struct Mismatch {
    std::string collective;
    std::int64_t bytes = 0;
    std::string nccl;   // "ring/SIMPLE"
    std::string model;  // "nvls/SIMPLE"
  };
  std::vector<Mismatch> mismatches;  // the first few
  double Fraction() const { return calls == 0 ? 0 : static_cast<double>(matched) / calls; }
};
ChoiceAgreement CompareTuningChoices(const engine::NcclModel& model, const Trace& trace);

// The NCCL model's part of `collscope stats`.
struct NcclStats {
  bool used = false;
  std::string machine;
  std::string tuning;           // the NCCL release table
  std::string fit_method;       // "leave-one-size-out"
  double mean_error_model = 0;  // mean |model - measured| / measured, sizes >= 1 MiB
  double mean_error_fitted = 0;
  std::size_t sizes_compared = 0;
  std::optional<ChoiceAgreement> choices;
  std::string note;
};

// For traces with nccl-tests measurements: each measured size's predicted_s
// becomes NCCL's model from the machine alone, and fitted_s the calibrated
// model fitted without that size (leave-one-size-out); stats.nccl says so.
void ApplyNcclModel(const Trace& trace, TraceStats& stats);

// stats.nccl as the "nccl_model" member of `collscope stats --json`.
std::string NcclStatsJson(const NcclStats& nccl);

}  // namespace collscope::trace
