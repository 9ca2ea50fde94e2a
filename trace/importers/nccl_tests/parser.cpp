#include "trace/importers/nccl_tests/parser.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "trace/importers/nccl_log/tokenizer.h"
#include "trace/json_text.h"

namespace collscope::trace {
namespace {

using Kind = NcclTestsRecord::Kind;

// The column map, driven by the header line (reference §1.1: old headers
// have no root column and say `error` for `#wrong`; -C says `cputime`; -S
// and -I add columns).
struct Columns {
  int size = -1, count = -1, type = -1, redop = -1, root = -1;
  struct Group {
    int time = -1, algbw = -1, busbw = -1, wrong = -1;
    // Builds <= 2.10 print `error`, the largest numerical error (1e-07 is
    // normal), instead of `#wrong`, the count of wrong elements.
    bool wrong_is_max_error = false;
  };
  std::vector<Group> groups;  // out-of-place, then in-place
  std::size_t total = 0;
  // -S 1 adds a timestamp as the last column; its text may hold spaces.
  bool ends_with_timestamp = false;
};

Columns MapColumns(const std::vector<std::string_view>& tokens) {
  Columns columns;
  columns.total = tokens.size();
  columns.ends_with_timestamp = !tokens.empty() && tokens.back() == "timestamp";
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view name = tokens[i];
    const int index = static_cast<int>(i);
    if (name == "size") columns.size = index;
    if (name == "count") columns.count = index;
    if (name == "type") columns.type = index;
    if (name == "redop") columns.redop = index;
    if (name == "root") columns.root = index;
    if (name == "time" || name == "cputime") columns.groups.emplace_back().time = index;
    if (columns.groups.empty()) continue;
    Columns::Group& group = columns.groups.back();
    if (name == "algbw") group.algbw = index;
    if (name == "busbw") group.busbw = index;
    if (name == "#wrong" || name == "wrong" || name == "error") group.wrong = index;
    if (name == "error") group.wrong_is_max_error = true;
  }
  return columns;
}

// The collective of a test program: "all_reduce_perf" -> "allreduce".
std::string CollectiveOfProgram(std::string_view program) {
  std::string name = CanonicalCollective(program);
  if (!name.empty()) return name;
  if (program.find("sendrecv") != std::string_view::npos) return "sendrecv";
  return {};
}

// Old nccl-tests builds do not name the test; guess from the file name, then
// from the row shape (size vs count x type size) and redop/root.
std::string GuessCollective(std::string_view path, const Measurement& m, int ranks, bool& guessed) {
  const std::string_view base = BaseName(path);
  for (std::string_view program : {"all_reduce", "reduce_scatter", "all_gather", "alltoall",
                                   "broadcast", "sendrecv", "scatter", "gather", "reduce"}) {
    if (base.find(program) != std::string_view::npos) return CollectiveOfProgram(program);
  }
  guessed = true;
  const int element = DtypeSize(m.dtype);
  const bool whole = element > 0 && m.bytes == m.count * element;
  const bool has_op = m.redop != "none";
  if (m.root >= 0) return has_op ? "reduce" : "broadcast";
  if (has_op) return whole || ranks <= 1 ? "allreduce" : "reducescatter";
  return whole ? "sendrecv" : "allgather";
}

std::string FormatGbps(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

struct FileState {
  FileState(const SourceFile& file_in, ImportResult& result_in)
      : file(file_in), result(result_in) {}
  const SourceFile& file;
  ImportResult& result;
  Columns columns;
  bool have_columns = false;
  std::string program;
  int device_lines = 0;
  int params_ranks = 0;  // nThread x nGpus of this process (a lower bound)
  std::set<std::string, std::less<>> hosts;
  std::set<std::string, std::less<>> gpus;
  std::optional<std::pair<double, std::size_t>> avg_busbw;  // printed value, line
  std::size_t first_measurement = 0;
  std::vector<std::size_t> measurement_lines;

  std::string Where(std::size_t line) const { return LinePosition(file.path, line); }
};

Status ParseDevice(FileState& state, const NcclTestsRecord& record) {
  // Rank %2d [Group %2d] Pid %6d on %10s device %2d [pci] NAME...
  const auto& tokens = record.tokens;
  RankInfo info;
  std::int64_t number = 0;
  std::size_t i = 0;
  std::string host;
  std::int64_t device = -1;
  std::size_t name_start = tokens.size();
  while (i < tokens.size()) {
    if (tokens[i] == "Rank" && i + 1 < tokens.size() && ParseInt64(tokens[i + 1], number)) {
      info.rank = static_cast<std::int32_t>(number);
      i += 2;
    } else if (tokens[i] == "on" && i + 1 < tokens.size()) {
      host = std::string(tokens[i + 1]);
      i += 2;
    } else if (tokens[i] == "device" && i + 1 < tokens.size() &&
               ParseInt64(tokens[i + 1], device)) {
      i += 2;
      if (i < tokens.size() && tokens[i].starts_with('[')) ++i;  // PCI id
      name_start = i;
      break;
    } else {
      ++i;
    }
  }
  if (host.empty() || device < 0) {
    state.result.warnings.push_back(state.Where(record.line.number) +
                                    ": device line not understood, skipped");
    return Status::Ok();
  }
  info.host = host;
  info.device = static_cast<std::int32_t>(device);
  std::string gpu;
  for (std::size_t k = name_start; k < tokens.size(); ++k) {
    if (!gpu.empty()) gpu.push_back(' ');
    gpu.append(tokens[k]);
  }
  state.hosts.insert(host);
  if (!gpu.empty()) state.gpus.insert(gpu);
  ++state.device_lines;
  // With several files (one per process) only new ranks are added.
  for (const RankInfo& existing : state.result.trace.ranks) {
    if (existing.rank == info.rank) return Status::Ok();
  }
  state.result.trace.ranks.push_back(std::move(info));
  return Status::Ok();
}

Status ParseRow(FileState& state, const NcclTestsRecord& record) {
  const Columns& columns = state.columns;
  const auto& tokens = record.tokens;
  const std::string where = state.Where(record.line.number);
  if (!state.have_columns) {
    return Status::Failure(where + ": data row before the column header");
  }
  const bool timestamp_with_spaces = columns.ends_with_timestamp && tokens.size() > columns.total;
  if (tokens.size() != columns.total && !timestamp_with_spaces) {
    return Status::Failure(where + ": row has " + std::to_string(tokens.size()) +
                           " fields, the header has " + std::to_string(columns.total) +
                           (tokens.size() < columns.total ? " (truncated?)" : ""));
  }
  auto field = [&](int index) { return tokens[static_cast<std::size_t>(index)]; };
  auto number_error = [&](std::string_view name, std::string_view text) {
    return Status::Failure(where + ": " + std::string(name) + " is '" + std::string(text) +
                           "', not a number");
  };
  Measurement base;
  if (!ParseInt64(field(columns.size), base.bytes) || base.bytes < 0) {
    return number_error("size", field(columns.size));
  }
  if (columns.count >= 0 && !ParseInt64(field(columns.count), base.count)) {
    return number_error("count", field(columns.count));
  }
  if (columns.type >= 0) base.dtype = CanonicalDtype(field(columns.type));
  if (columns.redop >= 0) base.redop = std::string(field(columns.redop));
  if (columns.root >= 0) {
    std::int64_t root = -1;
    if (!ParseInt64(field(columns.root), root)) return number_error("root", field(columns.root));
    base.root = static_cast<std::int32_t>(root);
  }
  for (std::size_t g = 0; g < columns.groups.size(); ++g) {
    const Columns::Group& group = columns.groups[g];
    Measurement m = base;
    m.in_place = g == 1;
    const std::string_view time = field(group.time);
    if (time == "N/A") continue;  // not measured (e.g. in-place skipped)
    if (!ParseDouble(time, m.time_us)) return number_error("time", time);
    if (group.algbw >= 0 && !ParseDouble(field(group.algbw), m.algbw_gbps)) {
      return number_error("algbw", field(group.algbw));
    }
    if (group.busbw >= 0 && !ParseDouble(field(group.busbw), m.busbw_gbps)) {
      return number_error("busbw", field(group.busbw));
    }
    if (group.wrong >= 0) {
      const std::string_view wrong = field(group.wrong);
      double value = 0;
      if (wrong == "N/A") {
        m.wrong.reset();
      } else if (ParseDouble(wrong, value)) {
        m.wrong = value;
        if (value > 0 && !group.wrong_is_max_error) {
          state.result.warnings.push_back(where + ": #wrong is " + std::string(wrong) +
                                          (m.in_place ? " (in-place)" : " (out-of-place)"));
        }
      } else {
        return number_error("#wrong", wrong);
      }
    }
    state.result.trace.measurements.push_back(std::move(m));
    state.measurement_lines.push_back(record.line.number);
  }
  return Status::Ok();
}

// Fills collective and ranks, checks busbw against algbw x factor and the
// average line against the rows.
void Finish(FileState& state) {
  Trace& trace = state.result.trace;
  int ranks = state.device_lines > 0 ? state.device_lines : state.params_ranks;
  if (state.device_lines == 0) {
    state.result.warnings.push_back(state.file.path +
                                    ": no device lines; ranks taken from nThread x nGpus");
  }
  std::string collective = CollectiveOfProgram(state.program);
  double busbw_sum = 0;
  std::size_t busbw_count = 0;
  bool warned_guess = false;
  for (std::size_t i = state.first_measurement; i < trace.measurements.size(); ++i) {
    Measurement& m = trace.measurements[i];
    const std::size_t line = state.measurement_lines[i - state.first_measurement];
    m.ranks = ranks;
    if (collective.empty()) {
      bool guessed = false;
      m.collective = GuessCollective(state.file.path, m, ranks, guessed);
      if (guessed && !warned_guess) {
        state.result.warnings.push_back(
            state.Where(line) + ": the test is not named; collective guessed as " + m.collective);
        warned_guess = true;
      }
    } else {
      m.collective = collective;
    }
    busbw_sum += m.busbw_gbps;
    ++busbw_count;
    // nccl-tests prints algbw and busbw with two decimals, so allow for the
    // rounding of both (PERFORMANCE.md factors, reference §1.3).
    const double factor = BusBwFactor(m.collective, ranks);
    const double expected = m.algbw_gbps * factor;
    if (std::fabs(expected - m.busbw_gbps) > 0.006 * (1 + factor) + 1e-3 * expected) {
      state.result.warnings.push_back(state.Where(line) + ": busbw " + FormatGbps(m.busbw_gbps) +
                                      " GB/s disagrees with algbw " + FormatGbps(m.algbw_gbps) +
                                      " x " + std::to_string(factor).substr(0, 6) + " = " +
                                      FormatGbps(expected) + " GB/s for " + m.collective + " on " +
                                      std::to_string(ranks) + " ranks");
    }
  }
  if (state.avg_busbw && busbw_count > 0) {
    const double mean = busbw_sum / static_cast<double>(busbw_count);
    const double printed = state.avg_busbw->first;
    trace.meta.SetExtraNumber("avg_busbw_gbps", printed);
    if (std::fabs(mean - printed) > 0.01 + 1e-4 * printed) {
      state.result.warnings.push_back(
          state.Where(state.avg_busbw->second) + ": Avg bus bandwidth " + JsonNumber(printed) +
          " disagrees with the mean of the busbw column " + JsonNumber(mean));
    }
  }
  if (!state.hosts.empty()) {
    std::string hosts;
    for (const std::string& host : state.hosts) hosts += (hosts.empty() ? "" : ",") + host;
    if (trace.meta.host.empty()) trace.meta.host = hosts;
    trace.meta.SetExtraNumber("nodes", static_cast<double>(state.hosts.size()));
  }
  if (!state.gpus.empty() && trace.meta.gpu.empty()) {
    std::string gpus;
    for (const std::string& gpu : state.gpus) gpus += (gpus.empty() ? "" : ",") + gpu;
    trace.meta.gpu = gpus;
  }
}

Status ParseFile(const SourceFile& file, const std::vector<NcclTestsRecord>& records,
                 ImportResult& result) {
  FileState state(file, result);
  state.first_measurement = result.trace.measurements.size();
  const bool has_header = std::any_of(records.begin(), records.end(), [](const auto& record) {
    return record.kind == Kind::kColumns;
  });
  if (!has_header) {
    return Status::Failure(file.path +
                           ":1: no nccl-tests result table (no 'size count type' header)");
  }
  Meta& meta = result.trace.meta;
  for (const NcclTestsRecord& record : records) {
    switch (record.kind) {
      case Kind::kVersion: {
        // nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809
        if (record.tokens.size() >= 3) meta.SetExtraString("nccl_tests_version", record.tokens[2]);
        for (std::string_view token : record.tokens) {
          std::int64_t code = 0;
          if (token.starts_with("nccl-library=") && ParseInt64(token.substr(13), code)) {
            meta.nccl_version = NcclVersionFromCode(code);
          }
        }
        break;
      }
      case Kind::kTestStart: {
        const std::size_t colon = record.line.text.find(':');
        state.program = std::string(Trim(record.line.text.substr(colon + 1)));
        break;
      }
      case Kind::kParams: {
        std::string params(record.line.text);
        meta.command = state.program.empty() ? params : state.program + " (" + params + ")";
        std::int64_t threads = 1, gpus = 1;
        for (std::size_t i = 0; i + 1 < record.tokens.size(); ++i) {
          if (record.tokens[i] == "nThread") ParseInt64(record.tokens[i + 1], threads);
          if (record.tokens[i] == "nGpus") ParseInt64(record.tokens[i + 1], gpus);
        }
        state.params_ranks = static_cast<int>(threads * gpus);
        break;
      }
      case Kind::kDevice: {
        if (Status status = ParseDevice(state, record); !status.ok()) return status;
        break;
      }
      case Kind::kColumns:
        state.columns = MapColumns(record.tokens);
        if (state.columns.size < 0 || state.columns.groups.empty()) {
          return Status::Failure(state.Where(record.line.number) +
                                 ": column header without size/time columns");
        }
        state.have_columns = true;
        break;
      case Kind::kRow: {
        if (Status status = ParseRow(state, record); !status.ok()) return status;
        break;
      }
      case Kind::kOutOfBounds:
        if (record.line.text.find("FAILED") != std::string_view::npos) {
          result.warnings.push_back(state.Where(record.line.number) + ": " +
                                    std::string(record.line.text));
        }
        break;
      case Kind::kAvgBusBw: {
        const std::size_t colon = record.line.text.find(':');
        const auto tokens = SplitWhitespace(record.line.text.substr(colon + 1));
        double value = 0;
        if (!tokens.empty() && ParseDouble(tokens[0], value)) {
          state.avg_busbw = std::make_pair(value, record.line.number);
        }
        break;
      }
      case Kind::kNcclLog: {
        // Interleaved NCCL lines are skipped; the version is worth keeping.
        auto log = ParseNcclLogLine(record.line);
        if (log && log->message.starts_with("NCCL version ") && meta.nccl_version.empty()) {
          std::string_view version = log->message.substr(13);
          version = version.substr(0, version.find_first_of("+ "));
          meta.nccl_version = std::string(version);
        }
        if (log && log->level == NcclLogLine::Level::kWarn) {
          result.warnings.push_back(state.Where(record.line.number) + ": NCCL WARN " +
                                    std::string(Trim(log->message)));
        }
        break;
      }
      default:
        break;
    }
  }
  if (result.trace.measurements.size() == state.first_measurement) {
    if (!state.have_columns) {
      return Status::Failure(file.path +
                             ":1: no nccl-tests result table (no 'size count type' header)");
    }
    return Status::Failure(
        LinePosition(file.path, records.empty() ? 1 : records.back().line.number) +
        ": the result table has no rows (truncated?)");
  }
  Finish(state);
  return Status::Ok();
}

int Sniff(std::string_view /*path*/, std::string_view head) {
  if (head.find("# nThread ") != std::string_view::npos) return 95;
  if (head.find("# Collective test starting") != std::string_view::npos) return 95;
  if (head.find("algbw") != std::string_view::npos &&
      head.find("busbw") != std::string_view::npos && head.find("size") != std::string_view::npos) {
    return 90;
  }
  return 0;
}

Result<ImportResult> Import(std::vector<SourceFile>& files) {
  ImportResult result;
  Meta& meta = result.trace.meta;
  meta.source = "nccl-tests";
  for (const SourceFile& file : files) {
    Status status = ParseNcclTests(file, TokenizeNcclTests(file.text), result);
    if (!status.ok()) return Result<ImportResult>::Failure(status.error);
  }
  std::string names;
  for (const SourceFile& file : files) names += (names.empty() ? "" : ", ") + file.path;
  meta.note = "imported from nccl-tests output: " + names;
  return result;
}

}  // namespace

std::string NcclVersionFromCode(std::int64_t code) {
  // NCCL_VERSION(X,Y,Z) = X*10000 + Y*100 + Z since 2.9; X*1000 + Y*100 + Z before.
  const std::int64_t major = code >= 10000 ? code / 10000 : code / 1000;
  const std::int64_t minor = code >= 10000 ? (code / 100) % 100 : (code / 100) % 10;
  const std::int64_t patch = code % 100;
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

Status ParseNcclTests(const SourceFile& file, const std::vector<NcclTestsRecord>& records,
                      ImportResult& result) {
  return ParseFile(file, records, result);
}

Importer NcclTestsImporter() {
  return {.name = "nccl-tests",
          .description = "nccl-tests stdout (*_perf), old and new column sets",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
