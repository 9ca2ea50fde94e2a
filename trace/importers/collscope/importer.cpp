#include "trace/importers/collscope/importer.h"

#include "trace/reader.h"

namespace collscope::trace {
namespace {

int Sniff(std::string_view /*path*/, std::string_view head) {
  return LooksLikeCollscopeTrace(head) ? 100 : 0;
}

Result<ImportResult> Import(SourceFiles files) {
  ImportResult result;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Result<SourceFile> file = files.Take(i);
    if (!file.ok()) return Result<ImportResult>::Failure(file.error());
    Result<Trace> trace = ParseTrace(*file);
    if (!trace.ok()) return Result<ImportResult>::Failure(trace.error());
    if (i == 0) {
      result.trace = std::move(*trace);
    } else {
      MergeTrace(result.trace, std::move(*trace));
    }
  }
  return result;
}

}  // namespace

void MergeTrace(Trace& into, Trace&& other) {
  for (Run& run : other.runs) {
    for (StepEvent& event : run.steps) {
      event.phase = into.InternPhase(other.PhaseName(event.phase));
    }
    into.runs.push_back(std::move(run));
  }
  for (Measurement& m : other.measurements) into.measurements.push_back(std::move(m));
  for (RankInfo& info : other.ranks) {
    bool present = false;
    for (const RankInfo& existing : into.ranks) present = present || existing.rank == info.rank;
    if (!present) into.ranks.push_back(std::move(info));
  }
  if (into.topology.Empty()) into.topology = std::move(other.topology);
  if (into.meta.source.empty()) into.meta = std::move(other.meta);
  into.complete = into.complete && other.complete;
}

Importer CollscopeImporter() {
  return {.name = "collscope",
          .description = "collscope traces (.json or .json.gz), merged",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
