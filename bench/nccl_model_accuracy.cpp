// How close NCCL's model comes to real runs (issue 14): every nccl-tests
// output and NCCL log under a folder (the real-file corpus, one folder per source), sizes from
// 1 MiB, mean |model - measured| / measured:
//   machine  the model of the machine the trace points to, nothing fitted;
//   table    NCCL's own init table from the log, where it printed one;
//   loo      calibrated, each size predicted by a fit that did not see it;
//   other    calibrated on the file's all-reduce only, the other collectives
//            predicted;
// and, for logs with NCCL's TUNING lines, how often the model picks what NCCL
// picked, from the machine alone and with the log's own init table.
//
// usage: nccl_model_accuracy DIR     (prints a Markdown table)
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/nccl_calibration.h"
#include "engine/nccl_p2p.h"
#include "trace/importers/importer.h"
#include "trace/model_fit.h"

namespace {

using namespace collscope;

constexpr double kFromBytes = 1 << 20;

struct Mean {
  double sum = 0;
  int count = 0;
  void Add(double e) {
    sum += e;
    ++count;
  }
  std::string Text() const {
    if (count == 0) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %%", 100 * sum / count);
    return text;
  }
};

std::string Percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f %%", 100 * fraction);
  return text;
}

// NCCL_ALGO/NCCL_PROTO leave their mark on the init table: every pair NCCL
// was not allowed to use has bandwidth 0. The machine-alone model honours
// the same restriction (the log's table, not its numbers).
void RestrictLikeTheLog(engine::NcclModel& model, const trace::Trace& trace) {
  std::vector<engine::NcclAlgorithm> allowed;
  bool any = false;
  for (const trace::TuningTableEntry& e : trace.tuning_table) {
    if (e.collective != "allreduce") continue;
    any = true;
    auto a = engine::ParseNcclAlgorithm(e.algorithm);
    if (a && e.bandwidth_gbps > 0 &&
        std::find(allowed.begin(), allowed.end(), *a) == allowed.end()) {
      allowed.push_back(*a);
    }
  }
  if (any && !allowed.empty()) model.Restrict(allowed, {});
}

void Report(const std::filesystem::path& file) {
  auto loaded = trace::ImportFiles({file.string()}, "auto");
  const std::string name = file.filename().string();
  if (!loaded.ok()) {
    std::printf("| %s | import failed: %s | | | | | | | |\n", name.c_str(), loaded.error().c_str());
    return;
  }
  const trace::Trace& t = loaded->trace;
  const auto calls = trace::MeasuredCalls(t);
  trace::TraceModel traced = trace::NcclModelFor(t);
  if (!traced.model) {
    std::printf("| %s | %s | | | | | | | |\n", name.c_str(), traced.machine.c_str());
    return;
  }
  // The machine alone: the trace's machine without its init table.
  auto facts = trace::MachineFactsOf(t);
  auto machine = engine::MachineFromFacts(facts);
  engine::NcclModel alone = machine ? engine::NcclModel(*machine) : *traced.model;
  RestrictLikeTheLog(alone, t);
  const std::string family = machine && !machine->family.empty() ? machine->family : "(none)";

  std::map<std::string, Mean> model_error, loo_error, other_error;
  Mean all_model, all_loo, all_other, all_table;
  const auto loo = engine::LeaveOneSizeOut(alone, calls);
  const auto other = engine::FitOnOneCollective(alone, calls, engine::Collective::kAllReduce);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].bytes < kFromBytes) continue;
    const std::string c(engine::CollectiveName(calls[i].collective));
    const double measured = calls[i].time_s;
    if (auto p = engine::PredictCollective(alone, calls[i].collective, calls[i].bytes)) {
      const double e = std::fabs(p->time_s - measured) / measured;
      model_error[c].Add(e);
      all_model.Add(e);
    }
    if (traced.init_table) {
      if (auto p = engine::PredictCollective(*traced.model, calls[i].collective, calls[i].bytes)) {
        all_table.Add(std::fabs(p->time_s - measured) / measured);
      }
    }
    if (loo[i]) {
      const double e = std::fabs(loo[i]->time_s - measured) / measured;
      loo_error[c].Add(e);
      all_loo.Add(e);
    }
    if (other[i]) {
      const double e = std::fabs(other[i]->time_s - measured) / measured;
      other_error[c].Add(e);
      all_other.Add(e);
    }
  }
  std::string collectives;
  for (const auto& [c, mean] : model_error) {
    collectives += (collectives.empty() ? "" : ", ") + c + " " + std::to_string(mean.count);
  }
  std::string choices = "-";
  if (!t.tuning_choices.empty()) {
    const auto by_machine = trace::CompareTuningChoices(alone, t);
    const auto by_table = trace::CompareTuningChoices(*traced.model, t);
    choices = Percent(by_machine.Fraction()) + " / " + Percent(by_table.Fraction()) + " of " +
              std::to_string(by_machine.calls);
  }
  const engine::Machine& m = alone.machine();
  std::printf("| %s | %s, %d x %d, NCCL 2.%d table | %s | %s | %s | %s | %s | %s |\n", name.c_str(),
              family.c_str(), m.nodes, m.gpus_per_node, m.nccl_minor,
              collectives.empty() ? "-" : collectives.c_str(), all_model.Text().c_str(),
              all_table.Text().c_str(), all_loo.Text().c_str(), all_other.Text().c_str(),
              choices.c_str());
  if (model_error.size() >= 2) {
    for (const auto& [c, mean] : model_error) {
      std::printf("|   %s | | | %s | | %s | %s | |\n", c.c_str(), mean.Text().c_str(),
                  loo_error[c].Text().c_str(), other_error[c].Text().c_str());
    }
  }
  // nccl-tests' sendrecv_perf is no collective of the engine's, so it is not
  // in the means above; priced as grouped sends from the machine alone.
  Mean sendrecv;
  for (const trace::Measurement& row : t.measurements) {
    if (row.collective != "sendrecv" || row.in_place || row.time_us <= 0) continue;
    if (static_cast<double>(row.bytes) < kFromBytes) continue;
    const engine::P2pCost cost =
        engine::PriceP2p(alone, engine::P2pPattern::kSendRecv, static_cast<double>(row.bytes));
    sendrecv.Add(std::fabs(cost.Total() * 1e6 - row.time_us) / row.time_us);
  }
  if (sendrecv.count > 0) {
    std::printf("|   sendrecv %d (not in the file's mean) | | | %s | | | | |\n", sendrecv.count,
                sendrecv.Text().c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr,
                 "usage: nccl_model_accuracy DIR (a folder of nccl-tests outputs and NCCL logs)\n");
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"nccl-tests", "nccl-log"}) {
    const std::filesystem::path dir = std::filesystem::path(argv[1]) / sub;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::printf(
      "| file | machine (preset family), nodes x GPUs | sizes >= 1 MiB | machine alone | "
      "NCCL's init table | calibrated, leave-one-size-out | calibrated on all-reduce, others | "
      "TUNING picks matched (machine / init table) |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& file : files) Report(file);
  return 0;
}
