#include "trace/importers/nccl_tests_json/parser.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "trace/importers/nccl_tests/parser.h"
#include "trace/importers/text_lines.h"
#include "trace/json_text.h"

namespace collscope::trace {
namespace {

// util.cu writes JSON_FILE_VERSION 3 in 2026 (1: 2025-10, 2: -I per-iteration
// timing, 3: -K per_iter_skip and -B bitwise checks).
constexpr std::int64_t kLatestVersion = 3;

// The test is not named in the JSON (common.cu prints "# Collective test
// starting: NAME" to stdout only); argv[0] is the binary, e.g.
// "/opt/nccl-tests/build/all_reduce_perf".
std::string TestName(const SourceFile& file, const NcclTestsJsonFile& json) {
  if (!json.args.empty()) return std::string(BaseName(json.args.front()));
  return std::string(BaseName(file.path));
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string Gbps(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", value);
  return buffer;
}

std::string HalfName(bool in_place) { return in_place ? "in-place" : "out-of-place"; }

// The ranks of the test: writeDeviceReport lists the first "#  Rank" line of
// each process, and each process runs nThreads x nGpus ranks (common.cu:
// rank = proc*nThreads*nGpus + i on device cudaDev0 + i), so the list is
// expanded the way the writer numbered it. With NCCL_TESTS_SPLIT_MASK the
// processes form several communicators (group); a test's ranks are those of
// one of them.
std::int32_t AddRanks(const SourceFile& file, const NcclTestsJsonFile& json, ImportResult& result) {
  // Bounds for files that are not what they claim (fuzzing found none yet).
  constexpr std::int64_t kMaxPerProcess = 1 << 12;
  constexpr std::size_t kMostRanksListed = 1 << 20;
  const std::int64_t per_process =
      std::clamp<std::int64_t>(std::int64_t{json.nthreads} * json.ngpus, 1, kMaxPerProcess);
  if (json.devices.empty()) {
    result.warnings.push_back(file.path +
                              ":1: no config.devices; ranks taken from nthreads x ngpus");
    return static_cast<std::int32_t>(per_process);
  }
  std::set<std::int32_t> present;
  for (const RankInfo& info : result.trace.ranks) present.insert(info.rank);
  std::int64_t in_first_group = 0;
  for (const NcclTestsJsonDevice& device : json.devices) {
    in_first_group += device.group == json.devices.front().group;
    for (std::int64_t i = 0; i < per_process && result.trace.ranks.size() < kMostRanksListed; ++i) {
      const std::int64_t rank = std::int64_t{device.rank} + i;
      if (rank < 0 || rank > (1 << 30)) break;
      if (!present.insert(static_cast<std::int32_t>(rank)).second) continue;
      RankInfo info;
      info.rank = static_cast<std::int32_t>(rank);
      info.host = device.hostname;
      info.device = device.device >= 0 ? static_cast<std::int32_t>(device.device + i) : -1;
      result.trace.ranks.push_back(std::move(info));
    }
  }
  return static_cast<std::int32_t>(std::min<std::int64_t>(in_first_group * per_process, 1 << 30));
}

void FillMeta(const NcclTestsJsonFile& json, Meta& meta) {
  if (json.nccl_version > 0) meta.nccl_version = NcclVersionFromCode(json.nccl_version);
  meta.command = Join(json.args, " ");
  std::set<std::string> hosts, gpus;
  for (const NcclTestsJsonDevice& device : json.devices) {
    if (!device.hostname.empty()) hosts.insert(device.hostname);
    if (!device.device_info.empty()) gpus.insert(device.device_info);
  }
  meta.host = Join(std::vector<std::string>(hosts.begin(), hosts.end()), ",");
  meta.gpu = Join(std::vector<std::string>(gpus.begin(), gpus.end()), ",");
  if (!hosts.empty()) meta.SetExtraNumber("nodes", static_cast<double>(hosts.size()));
  meta.SetExtraNumber("nccl_tests_json_version", static_cast<double>(json.version));
  // Local time without a zone (util.cu TIME_STRING_FORMAT), so not `created`.
  if (!json.start_time.empty()) meta.SetExtraString("start_time", json.start_time);
  if (!json.end_time.empty()) meta.SetExtraString("end_time", json.end_time);
  // The NCCL_* variables of the environment: what the run was tuned with.
  std::string nccl_env;
  for (const std::string& entry : json.env) {
    const std::size_t equals = entry.find('=');
    if (!entry.starts_with("NCCL_") || equals == std::string::npos) continue;
    nccl_env += nccl_env.empty() ? "{" : ",";
    nccl_env += JsonQuote(entry.substr(0, equals)) + ":" + JsonQuote(entry.substr(equals + 1));
  }
  if (!nccl_env.empty()) meta.SetExtraJson("nccl_env", nccl_env + "}");
}

}  // namespace

Status ParseNcclTestsJson(const SourceFile& file, const NcclTestsJsonFile& json,
                          ImportResult& result) {
  Trace& trace = result.trace;
  std::vector<std::string>& warnings = result.warnings;
  if (!json.has_results && json.version < 0 && !json.has_config) {
    return Status::Failure(file.path +
                           ":1: not nccl-tests -J output (no version, config or results)");
  }
  if (json.results.empty()) {
    return Status::Failure(file.path + ":1: no results (the run stopped before its first row?)");
  }
  if (json.version > kLatestVersion) {
    warnings.push_back(file.path + ":1: nccl-tests JSON version " + std::to_string(json.version) +
                       " is newer than " + std::to_string(kLatestVersion) +
                       "; read with the version-3 keys");
  }
  for (const std::string& note : json.notes) warnings.push_back(note);

  TestSection section;
  section.test = TestName(file, json);
  section.collective = CollectiveOfTest(section.test);
  section.ranks = AddRanks(file, json, result);
  section.command = Join(json.args, " ");
  if (section.collective.empty()) {
    warnings.push_back(file.path + ":1: the test '" + section.test +
                       "' names no known collective; measurements say 'unknown'");
  }
  const std::string collective = section.collective.empty() ? "unknown" : section.collective;
  const auto index = static_cast<std::int32_t>(trace.sections.size());

  double busbw_sum = 0;
  std::size_t busbw_count = 0;
  bool cpu_time = false;
  // Findings per row: the first few by place, then a count.
  constexpr std::size_t kRowWarningsShown = 10;
  std::size_t row_warnings = 0;
  auto row_warning = [&](std::string text) {
    if (++row_warnings <= kRowWarningsShown) warnings.push_back(std::move(text));
  };
  for (const NcclTestsJsonResult& row : json.results) {
    if (row.size < 0) {
      return Status::Failure(Position(file.path, file.text, row.offset) +
                             ": a result without \"size\"");
    }
    Measurement base;
    base.collective = collective;
    base.bytes = row.size;
    base.count = row.count;
    base.dtype = CanonicalDtype(row.type);
    base.redop = row.redop;
    base.root = row.root;
    base.ranks = section.ranks;
    base.section = index;
    for (const bool in_place : {false, true}) {
      const auto& half = in_place ? row.in_place : row.out_of_place;
      if (!half) continue;
      Measurement m = base;
      m.in_place = in_place;
      m.time_us = half->time_us;
      m.algbw_gbps = half->algbw_gbps;
      m.busbw_gbps = half->busbw_gbps;
      m.wrong = half->wrong;
      m.per_iteration = in_place ? row.in_place_per_iter : row.out_of_place_per_iter;
      cpu_time = cpu_time || half->cpu_time;
      auto where = [&] { return Position(file.path, file.text, half->offset); };
      if (m.wrong && *m.wrong > 0) {
        row_warning(where() + ": " + JsonNumber(*m.wrong) + " wrong elements (" +
                    HalfName(in_place) + ", " + std::to_string(m.bytes) + " bytes)");
      }
      if (half->bitwise_different_bits > 0) {
        row_warning(where() + ": " + std::to_string(half->bitwise_different_bits) +
                    " bits differ between repeats (" + HalfName(in_place) + ")");
      }
      // nccl-tests computes busbw = algbw x factor (PERFORMANCE.md) and
      // prints both with "%lf": allow for the rounding of the six decimals.
      if (!section.collective.empty()) {
        const double factor = BusBwFactor(collective, section.ranks);
        const double expected = m.algbw_gbps * factor;
        if (std::fabs(expected - m.busbw_gbps) > 2e-6 * (1 + factor) + 1e-6 * expected) {
          row_warning(where() + ": bus_bw " + Gbps(m.busbw_gbps) + " disagrees with alg_bw " +
                      Gbps(m.algbw_gbps) + " x " + Gbps(factor) + " = " + Gbps(expected) + " for " +
                      collective + " on " + std::to_string(section.ranks) + " ranks");
        }
      }
      busbw_sum += m.busbw_gbps;
      ++busbw_count;
      trace.measurements.push_back(std::move(m));
    }
    if (row.actual_iterations < 0 && !json.cut_short) {
      row_warning(Position(file.path, file.text, row.offset) + ": the result for " +
                  std::to_string(row.size) + " bytes ends after " +
                  (row.out_of_place ? "its out-of-place half" : "its first fields") +
                  " (the run stopped during it)");
    }
  }
  if (row_warnings > kRowWarningsShown) {
    warnings.push_back(file.path + ": " + std::to_string(row_warnings - kRowWarningsShown) +
                       " more findings in the results like the ones above");
  }
  section.rows = static_cast<std::int32_t>(json.results.size());
  section.complete = json.has_footer && !json.cut_short;
  if (json.cut_short) {
    warnings.push_back(*json.cut_short + ": the file stops here (the run was killed?); kept the " +
                       std::to_string(json.results.size()) +
                       " whole results before it, test marked incomplete");
  } else if (!json.has_footer) {
    warnings.push_back(Position(file.path, file.text, file.text.size()) +
                       ": no out_of_bounds / average_bus_bandwidth after the " +
                       std::to_string(json.results.size()) +
                       " results: the run stopped early (a failed collective?); test marked "
                       "incomplete");
  }
  if (json.has_footer) {
    if (json.out_of_bounds_okay == "false" || json.out_of_bounds > 0) {
      warnings.push_back(file.path + ":1: out_of_bounds count " +
                         std::to_string(json.out_of_bounds) + ": rows with wrong elements");
    }
    if (json.avg_busbw_okay == "false") {
      warnings.push_back(file.path +
                         ":1: average bus bandwidth below NCCL_TESTS_MIN_BW (okay: false)");
    }
    if (json.avg_busbw_gbps && busbw_count > 0) {
      // writeResultFooter: the mean busbw over every BenchTime call.
      const double mean = busbw_sum / static_cast<double>(busbw_count);
      const double printed = *json.avg_busbw_gbps;
      if (trace.meta.ExtraJson("avg_busbw_gbps") == nullptr) {
        trace.meta.SetExtraNumber("avg_busbw_gbps", printed);
      }
      if (std::fabs(mean - printed) > 1e-5 + 1e-6 * printed) {
        warnings.push_back(file.path + ":1: average_bus_bandwidth " + Gbps(printed) +
                           " disagrees with the mean bus_bw of the results " + Gbps(mean));
      }
    }
  }
  for (const std::string& error : json.errors) {
    if (!Trim(error).empty()) warnings.push_back(file.path + ":1: errors: " + error);
  }
  if (cpu_time) trace.meta.SetExtraString("timing", "cpu_time");
  if (index == 0) FillMeta(json, trace.meta);  // the first file's
  trace.sections.push_back(std::move(section));
  return Status::Ok();
}

namespace {

int Sniff(std::string_view /*path*/, std::string_view head) {
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || head[start] != '{') return 0;
  const std::string_view body = head.substr(start);
  // util.cu jsonOutputInit writes these three first, without spaces.
  if (body.starts_with("{\"version\":") && body.find(",\"start_time\":\"") < 24 &&
      body.find(",\"args\":[") != std::string_view::npos) {
    return 98;
  }
  // The same keys re-indented by a JSON tool; never a Kineto trace.
  if (body.find("\"version\"") != std::string_view::npos &&
      body.find("\"start_time\"") != std::string_view::npos &&
      body.find("\"env\"") != std::string_view::npos &&
      body.find("\"traceEvents\"") == std::string_view::npos) {
    return 90;
  }
  return 0;
}

Result<ImportResult> Import(SourceFiles files) {
  ImportResult result;
  result.trace.meta.source = "nccl-tests";
  std::string names;
  for (std::size_t index = 0; index < files.size(); ++index) {
    Result<SourceFile> taken = files.Take(index);
    if (!taken.ok()) return Result<ImportResult>::Failure(taken.error());
    SourceFile& file = *taken;
    Result<NcclTestsJsonFile> json = TokenizeNcclTestsJson(file);
    if (!json.ok()) return Result<ImportResult>::Failure(json.error());
    if (Status status = ParseNcclTestsJson(file, *json, result); !status.ok()) {
      return Result<ImportResult>::Failure(status.error);
    }
    names += (names.empty() ? "" : ", ") + file.path;
  }
  std::sort(result.trace.ranks.begin(), result.trace.ranks.end(),
            [](const RankInfo& a, const RankInfo& b) { return a.rank < b.rank; });
  result.trace.meta.note = "imported from nccl-tests -J JSON: " + names;
  return result;
}

}  // namespace

Importer NcclTestsJsonImporter() {
  return {.name = "nccl-tests-json",
          .description = "nccl-tests -J JSON (nccl-tests >= 2.19, versions 1-3, -I per-iteration)",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
