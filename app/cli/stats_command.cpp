// collscope stats: per-step and per-rank timing of a trace, stragglers,
// achieved bandwidth, and the alpha-beta-gamma model beside the measurement.
#include <cstdio>
#include <iostream>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "trace/importers/importer.h"
#include "trace/stats.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage = R"(usage: collscope stats FILE [--json]

Summarises a trace (a collscope trace, or anything `collscope import` reads):

  per step    min / median / max time over every rank and iteration, and the
              straggler: the rank of the slowest event of that step
  per rank    min / median / max step time and total busy time
  per size    measured time, achieved algbw and busbw (nccl-tests factors),
              the alpha-beta-gamma prediction of the engine's schedule with
              the cost preset matching the trace's partition (else
              delta-a100x4; a threads or mpi recording: its own host, from
              the memcpy bandwidth and cores measured when it was recorded),
              and the prediction with fitted alpha and beta
  fit         alpha and beta fitted by least squares over message sizes
              (gamma held at the preset's value), with the RMS error
  per call    for per-rank traces (PyTorch profiles, Chrome traces): each
              call matched across ranks by process group and sequence, its
              arrival skew (last start - first start), the rank that arrived
              last, the time from that arrival to the end, and its busbw

Runs whose algorithm the engine does not know ("library") are priced with
the lecture's default algorithm for the collective. nccl-tests measurements
are priced with NCCL's own model (see `collscope explain`) for the machine
the trace points to: model(us) from the machine alone, fitted(us) from the
model calibrated on the other sizes only (leave-one-size-out).

  --json      one JSON document instead of tables

Example: collscope stats ring.json
)";

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string Scientific(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3e", value);
  return buffer;
}

std::string Pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : std::string(width - text.size(), ' ') + text + " ";
}

// Per call, matched across ranks: who arrived last and by how much. In a
// collective every rank waits for the last, so the arrival skew, not a
// rank's duration, shows the straggler.
void PrintCalls(const trace::TraceStats& stats) {
  if (stats.calls.empty()) return;
  constexpr std::size_t kShown = 40;
  std::cout << "\nper call (arrival skew: the spread of the ranks' start times)\n"
               "group         seq  collective           bytes  ranks   skew(us)  last rank"
               "   work(us)  busbw(GB/s)\n";
  for (std::size_t i = 0; i < stats.calls.size() && i < kShown; ++i) {
    const trace::MatchedCall& c = stats.calls[i];
    std::string group = c.process_group.empty() ? "-" : c.process_group;
    if (group.size() > 12) group.resize(12);
    group.resize(13, ' ');
    std::string collective = c.collective + (c.mismatched ? "*" : "");
    collective.resize(std::max<std::size_t>(collective.size(), 12), ' ');
    const bool several = c.RanksSeen() > 1;
    const std::string ranks = std::to_string(c.RanksSeen()) + "/" +
                              (c.comm_ranks > 0 ? std::to_string(c.comm_ranks) : "?");
    std::cout << group << Pad(std::to_string(c.sequence), 4) << "  " << collective
              << Pad(std::to_string(c.bytes), 14) << Pad(ranks, 6)
              << Pad(several ? Fixed(c.SkewNs() / 1e3, 2) : "-", 10)
              << Pad(several ? "rank " + std::to_string(c.last_rank) : "-", 10)
              << Pad(Fixed(c.WorkNs() / 1e3, 2), 10) << Pad(Fixed(c.BusBwGbps(), 2), 12) << "\n";
  }
  if (stats.calls.size() > kShown) {
    std::cout << "... " << stats.calls.size() - kShown << " more calls (--json lists all)\n";
  }
  if (!stats.late_arrivals.empty()) {
    std::size_t matched = 0;
    for (const trace::MatchedCall& c : stats.calls) matched += c.RanksSeen() > 1 ? 1 : 0;
    const trace::LateArrivals& worst = stats.late_arrivals.front();
    std::cout << "last to arrive: rank " << worst.rank << " in " << worst.times_last << " of "
              << matched << " calls, holding the others up " << Fixed(worst.skew_ns / 1e3, 2)
              << " us in all\n";
  }
  bool any_mismatch = false;
  for (const trace::MatchedCall& c : stats.calls) any_mismatch = any_mismatch || c.mismatched;
  if (any_mismatch) std::cout << "* ranks disagree on the size of this call\n";
}

void PrintText(const trace::TraceStats& stats, const std::string& file) {
  std::cout << file << ": " << stats.ranks << " ranks, " << stats.step_events << " step events\n";
  if (!stats.steps.empty()) {
    std::cout << "\nper step (us)          min     median        max  straggler  +vs median\n";
    for (const trace::StepStats& s : stats.steps) {
      std::string label = std::to_string(s.step) + " " + s.phase;
      if (label.size() > 18) label.resize(18);
      std::cout << label << std::string(19 - label.size(), ' ')
                << Pad(Fixed(s.duration_ns.min / 1e3, 3), 10)
                << Pad(Fixed(s.duration_ns.median / 1e3, 3), 10)
                << Pad(Fixed(s.duration_ns.max / 1e3, 3), 10)
                << Pad("rank " + std::to_string(s.straggler_rank), 10)
                << Pad(Fixed(s.straggler_excess_ns / 1e3, 3), 11) << "\n";
    }
    std::cout << "\nper rank (us)          min     median        max       busy\n";
    for (const trace::RankStats& r : stats.per_rank) {
      const std::string label = "rank " + std::to_string(r.rank);
      std::cout << label << std::string(19 - std::min<std::size_t>(label.size(), 18), ' ')
                << Pad(Fixed(r.duration_ns.min / 1e3, 3), 10)
                << Pad(Fixed(r.duration_ns.median / 1e3, 3), 10)
                << Pad(Fixed(r.duration_ns.max / 1e3, 3), 10) << Pad(Fixed(r.busy_ns / 1e3, 3), 10)
                << "\n";
    }
  }
  if (!stats.sizes.empty()) {
    std::cout << "\nper size, preset " << (stats.preset.empty() ? "(none)" : stats.preset)
              << (stats.machine.empty() ? "" : ", " + stats.machine)
              << "\ncollective     algorithm       ranks          bytes   time(us)  algbw(GB/s)"
                 "  busbw(GB/s)  model(us)  fitted(us)\n";
    for (const trace::SizeStats& s : stats.sizes) {
      std::string algorithm = s.algorithm.empty() ? "-" : s.algorithm;
      if (!s.priced_algorithm.empty() && s.priced_algorithm != s.algorithm) {
        algorithm += " (" + s.priced_algorithm + ")";
      }
      std::string collective = s.collective;
      collective.resize(std::max<std::size_t>(collective.size(), 14), ' ');
      algorithm.resize(std::max<std::size_t>(algorithm.size(), 15), ' ');
      std::cout << collective << algorithm << Pad(std::to_string(s.ranks), 6)
                << Pad(std::to_string(s.bytes), 14) << Pad(Fixed(s.time_s.median * 1e6, 2), 10)
                << Pad(Fixed(s.algbw_gbps, 2), 12) << Pad(Fixed(s.busbw_gbps, 2), 12)
                << Pad(s.predicted_s ? Fixed(*s.predicted_s * 1e6, 2) : "-", 10)
                << Pad(s.fitted_s ? Fixed(*s.fitted_s * 1e6, 2) : "-", 11) << "\n";
    }
  }
  if (stats.nccl.used) {
    std::cout << "\nNCCL model: " << stats.nccl.machine << "\n  " << stats.nccl.tuning
              << "\n  fitted(us): " << stats.nccl.fit_method << "; sizes >= 1 MiB ("
              << stats.nccl.sizes_compared << "): mean error "
              << Fixed(100 * stats.nccl.mean_error_model, 1) << "% unfitted, "
              << Fixed(100 * stats.nccl.mean_error_fitted, 1) << "% fitted\n";
  }
  if (stats.nccl.choices) {
    std::cout << "NCCL's TUNING lines: the model picks what NCCL picked for "
              << stats.nccl.choices->matched << " of " << stats.nccl.choices->calls << " calls\n";
  }
  if (!stats.fits.empty()) {
    std::cout << "\nfit (least squares over sizes, gamma fixed at the preset's)\n";
    for (const trace::CostFit& f : stats.fits) {
      std::cout << f.collective << " " << f.priced_algorithm << " p=" << f.ranks << ": alpha "
                << Scientific(f.alpha_s) << " s, beta " << Scientific(f.beta_s_per_byte) << " s/B ("
                << (f.beta_s_per_byte > 0 ? Fixed(1e-9 / f.beta_s_per_byte, 2) : "inf")
                << " GB/s), gamma " << Scientific(f.gamma_s_per_byte) << " s/B; " << f.samples
                << " samples, " << f.distinct_sizes << " sizes, RMS error "
                << Scientific(f.rms_error_s) << " s (" << Fixed(100 * f.rms_relative_error, 1)
                << "%)" << (f.note.empty() ? "" : "; " + f.note) << "\n";
    }
  }
  PrintCalls(stats);
  if (stats.steps.empty() && stats.sizes.empty() && stats.calls.empty()) {
    std::cout << "no timed steps, runs or measurements in this trace\n";
  }
}

int RunStats(const std::vector<std::string>& argv) {
  Args::Spec spec;
  spec.switch_flags = {{"--json"}};
  spec.allow_positional = true;
  Args args = Args::Parse("stats", argv, spec);
  if (args.Positional().size() != 1) {
    throw UsageError{"stats: give exactly one trace FILE (got " +
                     std::to_string(args.Positional().size()) + ")"};
  }
  const std::string& file = args.Positional().front();
  trace::Result<trace::ImportResult> loaded = trace::ImportFiles({file}, "auto");
  if (!loaded.ok()) {
    std::cerr << "collscope stats: " << loaded.error() << "\n";
    return kExitUsage;
  }
  const trace::TraceStats stats =
      trace::ComputeStats(loaded->trace, trace::DefaultPresetFor(loaded->trace));
  if (args.Has("--json")) {
    std::cout << trace::StatsToJson(stats, file) << "\n";
  } else {
    PrintText(stats, file);
  }
  return kExitOk;
}

}  // namespace

Command StatsCommand() {
  return {"stats", "per-step / per-rank timing, stragglers, bandwidth and model fit of a trace",
          kUsage, RunStats};
}

}  // namespace collscope::cli
