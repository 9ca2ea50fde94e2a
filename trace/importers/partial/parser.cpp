#include "trace/importers/partial/parser.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "trace/importers/partial/format.h"

namespace collscope::trace {
namespace partial {

int StoppedFirst(const std::vector<RankFile>& ranks) {
  int first = -1;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    const RankFile& r = ranks[i];
    if (!r.end.empty()) continue;
    if (first < 0) {
      first = static_cast<int>(i);
      continue;
    }
    const Progress& a = r.progress;
    const Progress& b = ranks[static_cast<std::size_t>(first)].progress;
    if (std::tuple(a.iteration, a.step, a.done, a.beat_ns) <
        std::tuple(b.iteration, b.step, b.done, b.beat_ns)) {
      first = static_cast<int>(i);
    }
  }
  return first;
}

namespace {

// "in step 3 of measured iteration 2" / "after step 5 of warm-up iteration 0".
std::string Where(const RankFile& r) {
  const Progress& p = r.progress;
  const bool warmup = p.iteration < r.warmup;
  const std::int64_t shown = warmup ? p.iteration : p.iteration - r.warmup;
  const std::string iteration =
      std::string(warmup ? "warm-up" : "measured") + " iteration " + std::to_string(shown);
  if (p.step == 0) return "before " + iteration;
  return std::string(p.done ? "after" : "in") + " step " + std::to_string(p.step) + " of " +
         iteration;
}

Result<ImportResult> Merge(std::vector<RankFile>& files) {
  std::sort(files.begin(), files.end(),
            [](const RankFile& a, const RankFile& b) { return a.rank < b.rank; });
  const RankFile& lead = files.front();
  std::set<std::int32_t> seen;
  for (const RankFile& f : files) {
    if (!seen.insert(f.rank).second) {
      return Result<ImportResult>::Failure(f.path + ": a second file of rank " +
                                           std::to_string(f.rank));
    }
    if (f.ranks != lead.ranks || f.collective != lead.collective || f.bytes != lead.bytes ||
        f.algorithm != lead.algorithm) {
      return Result<ImportResult>::Failure(f.path + ": not the run of " + lead.path +
                                           " (ranks, collective, algorithm or bytes differ)");
    }
  }
  ImportResult result;
  Trace& trace = result.trace;
  for (const auto& [name, text] : lead.meta) {
    for (const auto& [field_name, field] : kMetaTextFields) {
      if (name == field_name) trace.meta.*field = text;
    }
  }
  for (const auto& [key, json] : lead.extra) trace.meta.SetExtraJson(key, json);
  for (const RankFile& f : files) {
    if (f.machine && !trace.meta.machine) trace.meta.machine = f.machine;
  }
  std::map<std::int32_t, std::string> hosts;
  for (const RankFile& f : files) {
    for (const auto& [name, text] : f.meta) {
      if (name == "host") hosts[f.rank] = text;
    }
  }
  for (std::int32_t r = 0; r < lead.ranks; ++r) trace.ranks.push_back(RankInfo{r, hosts[r], -1});

  // One run per measured iteration any rank wrote, from the first rank's
  // start to the last rank's end (as the backends' own gather does).
  struct Span {
    std::int64_t start = std::numeric_limits<std::int64_t>::max();
    std::int64_t end = std::numeric_limits<std::int64_t>::min();
    std::vector<StepEvent> steps;
    int ranks_done = 0;
  };
  std::map<std::int64_t, Span> spans;
  for (const RankFile& f : files) {
    for (const TimedIteration& it : f.iterations) {
      Span& span = spans[it.measured];
      span.start = std::min(span.start, it.start_ns);
      span.end = std::max(span.end, it.end_ns);
      ++span.ranks_done;
    }
    for (const auto& [measured, event] : f.events) {
      Span& span = spans[measured];
      span.start = std::min(span.start, event.t_start_ns);
      span.end = std::max(span.end, event.t_end_ns);
      StepEvent copy = event;
      const auto phase = lead.phases.find(event.step);
      copy.phase = trace.InternPhase(phase == lead.phases.end() ? "" : phase->second);
      span.steps.push_back(copy);
    }
  }
  const std::int64_t shift = spans.empty() ? 0 : spans.begin()->second.start;
  for (auto& [measured, span] : spans) {
    Run run;
    run.collective = lead.collective;
    run.algorithm = lead.algorithm;
    run.bytes = lead.bytes;
    run.dtype = lead.dtype;
    run.iteration = static_cast<std::int32_t>(measured);
    run.t_start_ns = span.start - shift;
    run.t_end_ns = span.end - shift;
    for (StepEvent& e : span.steps) {
      e.t_start_ns -= shift;
      e.t_end_ns -= shift;
    }
    std::sort(span.steps.begin(), span.steps.end(), [](const StepEvent& a, const StepEvent& b) {
      return a.step != b.step ? a.step < b.step : a.rank < b.rank;
    });
    run.steps = std::move(span.steps);
    if (span.ranks_done < lead.ranks) {
      result.warnings.push_back("measured iteration " + std::to_string(measured) + ": only " +
                                std::to_string(span.ranks_done) + " of " +
                                std::to_string(lead.ranks) + " ranks finished it");
    }
    trace.runs.push_back(std::move(run));
  }

  // Complete only when every rank's file is here and every rank's loop ended.
  std::string missing;
  for (std::int32_t r = 0; r < lead.ranks; ++r) {
    if (!seen.contains(r)) missing += (missing.empty() ? "" : ",") + std::to_string(r);
  }
  const int stopped = StoppedFirst(files);
  trace.complete = stopped < 0 && missing.empty();
  trace.meta.SetExtraNumber("merged_rank_files", static_cast<double>(files.size()));
  if (!trace.complete) {
    std::string reason;
    if (stopped >= 0) {
      const RankFile& r = files[static_cast<std::size_t>(stopped)];
      reason = "rank " + std::to_string(r.rank) + " stopped first, " + Where(r);
      trace.meta.SetExtraNumber("stopped_rank", r.rank);
      trace.meta.SetExtraNumber("stopped_iteration", static_cast<double>(r.progress.iteration));
      trace.meta.SetExtraNumber("stopped_step", static_cast<double>(r.progress.step));
    }
    if (!missing.empty()) {
      reason += std::string(reason.empty() ? "" : "; ") + "no file from rank" +
                (missing.find(',') == std::string::npos ? " " : "s ") + missing;
    }
    trace.meta.SetExtraString("incomplete_reason", reason);
  }
  return result;
}

int Sniff(std::string_view /*path*/, std::string_view head) {
  return head.starts_with(std::string(kMagic) + " ") ? 100 : 0;
}

Result<ImportResult> Import(SourceFiles sources) {
  std::vector<RankFile> files;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    Result<SourceFile> source = sources.Take(i);
    if (!source.ok()) return Result<ImportResult>::Failure(source.error());
    Result<RankFile> file = TokenizeRankFile(*source);
    if (!file.ok()) return Result<ImportResult>::Failure(file.error());
    files.push_back(std::move(*file));
  }
  return Merge(files);
}

}  // namespace
}  // namespace partial

Importer RankPartialImporter() {
  return {.name = "rank-partial",
          .description = "collscope record's per-rank files of a run cut short, merged",
          .sniff = partial::Sniff,
          .import = partial::Import};
}

}  // namespace collscope::trace
