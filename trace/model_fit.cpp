#include "trace/model_fit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/nccl_p2p.h"
#include "trace/json_text.h"
#include "trace/stats.h"

namespace collscope::trace {
namespace {

// The benchmark's and the range: sizes from 1 MiB up.
constexpr double kComparedFromBytes = 1 << 20;
constexpr std::size_t kMismatchesKept = 8;

int NodesOf(const Trace& trace) {
  if (const std::string* nodes = trace.meta.ExtraJson("nodes")) {
    try {
      const int n = std::stoi(*nodes);
      if (n > 0) return n;
    } catch (...) {
      // not a number: count hosts instead
    }
  }
  std::set<std::string> hosts;
  for (const RankInfo& r : trace.ranks) {
    if (!r.host.empty()) hosts.insert(r.host);
  }
  return std::max<int>(1, static_cast<int>(hosts.size()));
}

int RanksOf(const Trace& trace) {
  int ranks = trace.RankCount();
  for (const Measurement& m : trace.measurements) ranks = std::max(ranks, m.ranks);
  return ranks;
}

// An unknown GPU still gets NCCL's structure (protocols, crossovers): an
// A100 machine of the run's shape, which the calibration then refits.
engine::Machine StandIn(const engine::MachineFacts& facts) {
  engine::MachineFacts stand_in = facts;
  stand_in.gpu = "NVIDIA A100-SXM4-80GB";
  engine::Machine m = *engine::MachineFromFacts(stand_in);
  m.gpu = facts.gpu;
  return m;
}

std::string ChoiceName(std::string_view algorithm, std::string_view protocol) {
  return std::string(algorithm) + "/" + std::string(protocol);
}

}  // namespace

engine::MachineFacts MachineFactsOf(const Trace& trace) {
  engine::MachineFacts facts;
  facts.gpu = trace.meta.gpu;
  facts.ranks = RanksOf(trace);
  facts.nodes = NodesOf(trace);
  std::set<std::string> transports;
  for (const Link& link : trace.topology.links) transports.insert(link.transport);
  facts.transports.assign(transports.begin(), transports.end());
  facts.nccl_version = trace.meta.nccl_version;
  // Numbers of NCCL's init line; a value that is not a number is unknown.
  for (auto [key, field] : {std::pair{"nvls_channels", &facts.nvls_channels},
                            std::pair{"coll_channels", &facts.coll_channels}}) {
    if (const std::string* value = trace.meta.ExtraJson(key)) {
      try {
        *field = std::stoi(*value);
      } catch (...) {
        // not a number: unknown
      }
    }
  }
  // A count the user set (NCCL_MAX_NCHANNELS, NCCL_MIN_CTAS, ...) is not
  // the search's: it names no NIC rate.
  if (trace.meta.ExtraJson("channels_set_by") != nullptr) facts.coll_channels = 0;
  // A ring or tree goes as fast as its slowest hop: the slowest GPU pair.
  const GpuPath* slowest = nullptr;
  for (const GpuPath& path : trace.topology.gpu_paths) {
    if (path.bw_gbps > 0 && (slowest == nullptr || path.bw_gbps < slowest->bw_gbps)) {
      slowest = &path;
    }
  }
  if (slowest != nullptr) {
    facts.gpu_path_type = slowest->type;
    facts.gpu_path_hops = slowest->hops;
    facts.gpu_path_bw = slowest->bw_gbps;
  }
  return facts;
}

TraceModel NcclModelFor(const Trace& trace) {
  TraceModel out;
  const engine::MachineFacts facts = MachineFactsOf(trace);
  std::string why;
  std::optional<engine::Machine> machine = engine::MachineFromFacts(facts, &why);
  if (!machine) {
    if (facts.gpu.empty() && trace.measurements.empty()) {
      out.machine = "no GPU named and no measurements";
      return out;
    }
    machine = StandIn(facts);
    why += "; stands in an A100 machine of the same shape, to be calibrated";
  }
  out.machine = machine->Describe() + " (" + why + ")";
  out.model.emplace(*machine);
  // NCCL's own init table, when the log printed it, is what NCCL picked by:
  // a pair it does not list (or lists at 0 GB/s, NCCL_ALGO/NCCL_PROTO) is
  // not available for that collective.
  std::set<engine::Collective> logged;
  for (const TuningTableEntry& entry : trace.tuning_table) {
    if (auto collective = engine::ParseCollective(entry.collective)) logged.insert(*collective);
  }
  for (engine::Collective collective : logged) {
    for (int a = 0; a < engine::kNcclAlgorithms; ++a) {
      for (int p = 0; p < engine::kNcclProtocols; ++p) {
        const auto algorithm = static_cast<engine::NcclAlgorithm>(a);
        const auto protocol = static_cast<engine::NcclProtocol>(p);
        engine::NcclCost cost = out.model->Cost(collective, algorithm, protocol);
        cost.bandwidth_gbps = 0;
        out.model->SetCost(collective, algorithm, protocol, cost);
      }
    }
  }
  for (const TuningTableEntry& entry : trace.tuning_table) {
    auto collective = engine::ParseCollective(entry.collective);
    auto algorithm = engine::ParseNcclAlgorithm(entry.algorithm);
    auto protocol = engine::ParseNcclProtocol(entry.protocol);
    if (!collective || !algorithm || !protocol) continue;
    out.model->SetCost(*collective, *algorithm, *protocol,
                       {entry.latency_us, entry.bandwidth_gbps});
    out.init_table = true;
  }
  if (out.init_table) out.machine += "; latencies and bandwidths from NCCL's init table";
  return out;
}

std::vector<engine::MeasuredCall> MeasuredCalls(const Trace& trace) {
  std::vector<engine::MeasuredCall> calls;
  for (const Measurement& m : trace.measurements) {
    if (m.in_place || m.time_us <= 0 || m.bytes <= 0) continue;
    auto collective = engine::ParseCollective(m.collective);
    if (!collective) continue;
    calls.push_back({*collective, static_cast<double>(m.bytes), m.time_us * 1e-6});
  }
  return calls;
}

ChoiceAgreement CompareTuningChoices(const engine::NcclModel& model, const Trace& trace) {
  ChoiceAgreement agreement;
  for (const TuningChoice& choice : trace.tuning_choices) {
    auto collective = engine::ParseCollective(choice.collective);
    if (!collective) continue;
    auto pick = model.Pick(*collective, static_cast<double>(choice.bytes));
    if (!pick) continue;
    ++agreement.calls;
    auto algorithm = engine::ParseNcclAlgorithm(choice.algorithm);
    auto protocol = engine::ParseNcclProtocol(choice.protocol);
    if (algorithm == pick->algorithm && protocol == pick->protocol) {
      ++agreement.matched;
    } else if (agreement.mismatches.size() < kMismatchesKept) {
      agreement.mismatches.push_back({choice.collective, choice.bytes,
                                      ChoiceName(choice.algorithm, choice.protocol),
                                      ChoiceName(engine::NcclAlgorithmName(pick->algorithm),
                                                 engine::NcclProtocolName(pick->protocol))});
    }
  }
  return agreement;
}

void ApplyNcclModel(const Trace& trace, TraceStats& stats) {
  NcclStats& nccl = stats.nccl;
  const std::vector<engine::MeasuredCall> calls = MeasuredCalls(trace);
  TraceModel traced = NcclModelFor(trace);
  if (traced.model && !trace.tuning_choices.empty()) {
    nccl.choices = CompareTuningChoices(*traced.model, trace);
  }
  if (calls.empty() || !traced.model) {
    nccl.note = calls.empty() ? "no nccl-tests measurements" : traced.machine;
    return;
  }
  const engine::NcclModel& model = *traced.model;
  nccl.used = true;
  nccl.machine = traced.machine;
  nccl.tuning = std::string(model.tuning().source);
  nccl.fit_method = "leave-one-size-out";
  const auto fitted = engine::LeaveOneSizeOut(model, calls);

  // One prediction per (collective, bytes): the model is deterministic.
  struct Prediction {
    std::optional<double> model_s, fitted_s;
    std::string choice, regime;
  };
  std::map<std::pair<std::string, std::int64_t>, Prediction> by_size;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const std::string collective(engine::CollectiveName(calls[i].collective));
    Prediction& p = by_size[{collective, static_cast<std::int64_t>(calls[i].bytes)}];
    if (auto predicted = engine::PredictCollective(model, calls[i].collective, calls[i].bytes)) {
      p.model_s = predicted->time_s;
      p.choice = ChoiceName(predicted->algorithm, predicted->protocol);
    }
    if (fitted[i]) {
      p.fitted_s = fitted[i]->time_s;
      p.regime = fitted[i]->regime;
    }
  }
  double error_model = 0, error_fitted = 0;
  for (SizeStats& size : stats.sizes) {
    if (size.source != "measurements") continue;
    auto it = by_size.find({size.collective, size.bytes});
    if (it == by_size.end()) continue;
    const Prediction& p = it->second;
    size.predicted_s = p.model_s;
    size.fitted_s = p.fitted_s;
    size.model = "nccl";
    size.fit = nccl.fit_method;
    size.nccl_choice = p.choice;
    const double measured = size.time_s.median;
    if (static_cast<double>(size.bytes) >= kComparedFromBytes && measured > 0 && p.model_s &&
        p.fitted_s) {
      error_model += std::fabs(*p.model_s - measured) / measured;
      error_fitted += std::fabs(*p.fitted_s - measured) / measured;
      ++nccl.sizes_compared;
    }
  }
  if (nccl.sizes_compared > 0) {
    nccl.mean_error_model = error_model / static_cast<double>(nccl.sizes_compared);
    nccl.mean_error_fitted = error_fitted / static_cast<double>(nccl.sizes_compared);
  }
}

std::string NcclStatsJson(const NcclStats& nccl) {
  // Our own writer (json_text.h): no JSON library needed.
  std::string out;
  JsonObject json(out);
  json.Bool("used", nccl.used)
      .Str("machine", nccl.machine)
      .Str("tuning", nccl.tuning)
      .Str("fit", nccl.fit_method)
      .Int("sizes_compared", static_cast<std::int64_t>(nccl.sizes_compared))
      .Num("mean_relative_error_model", nccl.mean_error_model)
      .Num("mean_relative_error_fitted", nccl.mean_error_fitted)
      .Str("note", nccl.note);
  if (nccl.choices) {
    json.Key("tuning_choices");
    JsonObject choices(out);
    choices.Int("calls", static_cast<std::int64_t>(nccl.choices->calls))
        .Int("matched", static_cast<std::int64_t>(nccl.choices->matched))
        .Num("fraction", nccl.choices->Fraction())
        .Key("mismatches")
        .push_back('[');
    for (std::size_t i = 0; i < nccl.choices->mismatches.size(); ++i) {
      const auto& m = nccl.choices->mismatches[i];
      if (i > 0) out.push_back(',');
      JsonObject(out)
          .Str("collective", m.collective)
          .Int("bytes", m.bytes)
          .Str("nccl", m.nccl)
          .Str("model", m.model)
          .Close();
    }
    out.push_back(']');
    choices.Close();
  }
  json.Close();
  return out;
}

}  // namespace collscope::trace
