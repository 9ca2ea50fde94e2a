#include "app/measurement_kind.h"

#include <algorithm>

namespace collscope::gui {
namespace {

// "allreduce" -> "AllReduce", as MPI and NCCL name their calls.
std::string CallName(const std::string& collective) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"allreduce", "AllReduce"}, {"allgather", "AllGather"}, {"reducescatter", "ReduceScatter"},
      {"broadcast", "Broadcast"}, {"reduce", "Reduce"},       {"alltoall", "AllToAll"},
      {"scatter", "Scatter"},     {"gather", "Gather"}};
  for (const auto& [name, call] : kNames) {
    if (collective == name) return call;
  }
  return collective;
}

bool ExtraIs(const trace::Meta& meta, const char* key, const char* value) {
  const std::string* text = meta.ExtraJson(key);
  return text != nullptr && *text == std::string("\"") + value + "\"";
}

}  // namespace

std::string MeasurementKind(const trace::Trace& trace, const std::string& collective) {
  const trace::Meta& meta = trace.meta;
  if (meta.source == "nccl-tests") {
    if (meta.ExtraJson("nccl_tests_json_version") != nullptr) return "nccl-tests -J";
    if (ExtraIs(meta, "library", "rccl")) return "rccl-tests";
    return "nccl-tests";
  }
  const bool library = ExtraIs(meta, "mode", "library");
  if (meta.source == "mpi") {
    return library ? "MPI library run (MPI_" + CallName(collective) + ")" : "MPI recording";
  }
  if (meta.source == "nccl") {
    return library ? "NCCL library run (nccl" + CallName(collective) + ")" : "NCCL recording";
  }
  if (meta.source == "threads") return "threads recording (CPU)";
  return meta.source.empty() ? std::string("measurements") : meta.source;
}

bool HasIterationSpread(const trace::Trace& trace) {
  return std::any_of(trace.measurements.begin(), trace.measurements.end(),
                     [](const trace::Measurement& m) { return m.per_iteration.has_value(); });
}

}  // namespace collscope::gui
