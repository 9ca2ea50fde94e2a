#include "trace/importers/nccl_tests/parser.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <utility>

#include "trace/importers/nccl_log/parser.h"
#include "trace/json_text.h"

namespace collscope::trace {
namespace {

using Kind = NcclTestsRecord::Kind;

// The column map, driven by the header line (nccl-tests src/common.cu: old
// headers have no root column and say `error` for `#wrong`; -C says
// `cputime`; -S and -I add columns).
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
  // Where each header column ends in its line, for rows with a column left
  // blank (old builds print redop "" for alltoall and allgather).
  std::vector<std::size_t> ends;
};

// Where each whitespace-separated token of `text` ends.
std::vector<std::size_t> TokenEnds(std::string_view text) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    ends.push_back(i);
  }
  return ends;
}

Columns MapColumns(const NcclTestsRecord& record) {
  const std::vector<std::string_view>& tokens = record.tokens;
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
  // The header's columns in its raw line: "#" then the names, right-aligned
  // with the widths the rows use.
  const std::size_t hash = record.raw.find('#');
  const std::string_view after_hash =
      hash == std::string_view::npos ? record.raw : record.raw.substr(hash + 1);
  const std::size_t shift = record.raw.size() - after_hash.size();
  for (std::size_t end : TokenEnds(after_hash)) columns.ends.push_back(end + shift);
  if (columns.ends.size() != columns.total) columns.ends.clear();
  return columns;
}

// Fields of a row in header order. A row with fewer fields than the header
// is matched column by column by where its fields end (the header and rows
// are printed right-aligned with the same widths, nccl-tests src/util.cu),
// so a blank column reads as empty. Nothing is returned when the row does
// not fit the header.
std::optional<std::vector<std::string_view>> FieldsOfRow(const Columns& columns,
                                                         const NcclTestsRecord& record) {
  const std::vector<std::string_view>& tokens = record.tokens;
  if (tokens.size() == columns.total) return tokens;
  if (columns.ends_with_timestamp && tokens.size() > columns.total) return tokens;
  if (tokens.size() > columns.total || columns.ends.empty()) return std::nullopt;
  const std::vector<std::size_t> row_ends = TokenEnds(record.raw);
  if (row_ends.size() != tokens.size()) return std::nullopt;
  constexpr std::size_t kSlack = 3;  // the header's '#' and version differences
  std::vector<std::string_view> fields(columns.total);
  std::size_t column = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    while (column < columns.total && columns.ends[column] + kSlack < row_ends[i]) ++column;
    if (column >= columns.total || row_ends[i] + kSlack < columns.ends[column]) {
      return std::nullopt;
    }
    fields[column++] = tokens[i];
  }
  // Only a string column may be blank; numbers never are.
  for (std::size_t c = 0; c < columns.total; ++c) {
    if (!fields[c].empty()) continue;
    const int index = static_cast<int>(c);
    if (index != columns.redop && index != columns.type) return std::nullopt;
  }
  return fields;
}

std::string FormatGbps(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// Old nccl-tests builds do not name the test; guess from the file name, then
// from the row shape (size vs count x type size) and redop/root.
std::string GuessCollective(std::string_view path, const Measurement& m, int ranks, bool& guessed) {
  const std::string_view base = BaseName(path);
  for (std::string_view program : {"all_reduce", "reduce_scatter", "all_gather", "alltoall",
                                   "broadcast", "sendrecv", "scatter", "gather", "reduce"}) {
    if (base.find(program) != std::string_view::npos) return CollectiveOfTest(program);
  }
  guessed = true;
  const int element = DtypeSize(m.dtype);
  const bool whole = element > 0 && m.bytes == m.count * element;
  const bool has_op = !m.redop.empty() && m.redop != "none";
  if (m.root >= 0) return has_op ? "reduce" : "broadcast";
  if (has_op) return whole || ranks <= 1 ? "allreduce" : "reducescatter";
  return whole ? "sendrecv" : "allgather";
}

// One test of the file and what its lines said.
struct Section {
  TestSection info;
  std::size_t first_line = 0;
  Columns columns;
  bool have_columns = false;
  bool saw_params = false;
  bool closed = false;  // the lines after the table were printed
  int device_lines = 0;
  int params_ranks = 0;  // nThread x nGpus of this process (a lower bound)
  std::set<std::string, std::less<>> hosts;
  std::set<std::string, std::less<>> gpus;
  std::optional<std::pair<double, std::size_t>> avg_busbw;  // printed value, line
  std::size_t first_measurement = 0;
  std::vector<std::size_t> measurement_lines;
  std::size_t last_row_line = 0;

  bool Empty() const { return !saw_params && device_lines == 0 && !have_columns; }
};

class FileParser {
 public:
  FileParser(const SourceFile& file, ImportResult& result, NcclLogParser& log)
      : file_(file), result_(result), log_(log) {}

  Status Parse(const std::vector<NcclTestsRecord>& records) {
    // Without a column header anywhere, lines of numbers are not a table
    // (a log, a JSON file given the wrong --format).
    has_header_ = std::any_of(records.begin(), records.end(),
                              [](const NcclTestsRecord& r) { return r.kind == Kind::kColumns; });
    for (const NcclTestsRecord& record : records) {
      if (Status status = Handle(record); !status.ok()) return status;
    }
    Close();
    return Status::Ok();
  }

  std::size_t rows() const { return rows_; }
  std::size_t tables() const { return tables_; }

 private:
  std::string Where(std::size_t line) const { return LinePosition(file_.path, line); }

  Section& Current(std::size_t line) {
    if (!current_) {
      current_.emplace();
      current_->first_line = line;
      current_->first_measurement = result_.trace.measurements.size();
    }
    return *current_;
  }

  // Ends the current test and starts another at `line`.
  Section& StartSection(std::size_t line) {
    Close();
    return Current(line);
  }

  Status Handle(const NcclTestsRecord& record) {
    Meta& meta = result_.trace.meta;
    const std::size_t line = record.line.number;
    switch (record.kind) {
      case Kind::kNcclLog:
        log_.Add(file_.path, *record.log);
        break;
      case Kind::kVersion: {
        // nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809
        if (current_ && current_->info.rows > 0) StartSection(line);
        if (record.tokens.size() >= 3) meta.SetExtraString("nccl_tests_version", record.tokens[2]);
        for (std::string_view token : record.tokens) {
          std::int64_t code = 0;
          if (token.starts_with("nccl-library=") && ParseInt64(token.substr(13), code)) {
            meta.nccl_version = NcclVersionFromCode(code);
          }
        }
        break;
      }
      case Kind::kRcclVersion: {
        // rccl-tests: Version develop:a7809b3 (rccl-tests src/common.cu)
        const std::string_view version = Trim(record.line.text.substr(20));
        meta.SetExtraString("rccl_tests_version", version);
        meta.SetExtraString("library", "rccl");
        break;
      }
      case Kind::kTestStart: {
        Section& section = current_ && !current_->Empty() ? StartSection(line) : Current(line);
        const std::size_t colon = record.line.text.find(':');
        section.info.test = std::string(Trim(record.line.text.substr(colon + 1)));
        break;
      }
      case Kind::kParams: {
        Section& section = current_ && (current_->saw_params || current_->info.rows > 0)
                               ? StartSection(line)
                               : Current(line);
        section.saw_params = true;
        section.info.command = std::string(record.line.text);
        std::int64_t threads = 1, gpus = 1;
        for (std::size_t i = 0; i + 1 < record.tokens.size(); ++i) {
          if (record.tokens[i] == "nThread") ParseInt64(record.tokens[i + 1], threads);
          if (record.tokens[i] == "nGpus") ParseInt64(record.tokens[i + 1], gpus);
        }
        section.params_ranks =
            static_cast<int>(std::clamp<std::int64_t>(threads * gpus, 0, 1 << 20));
        break;
      }
      case Kind::kDevice: {
        Section& section = current_ && current_->info.rows > 0 ? StartSection(line) : Current(line);
        ParseDevice(section, record);
        break;
      }
      case Kind::kColumns: {
        Section& section = current_ && current_->info.rows > 0 ? StartSection(line) : Current(line);
        section.columns = MapColumns(record);
        if (section.columns.size < 0 || section.columns.groups.empty()) {
          return Status::Failure(Where(line) + ": column header without size/time columns");
        }
        section.have_columns = true;
        ++tables_;
        break;
      }
      case Kind::kRow:
        if (!has_header_) break;
        return ParseRow(Current(line), record);
      case Kind::kOutOfBounds:
        if (current_) current_->closed = current_->info.rows > 0;
        if (record.line.text.find("FAILED") != std::string_view::npos) {
          result_.warnings.push_back(Where(line) + ": " + std::string(record.line.text));
        }
        break;
      case Kind::kAvgBusBw: {
        if (!current_) break;
        current_->closed = current_->info.rows > 0;
        const std::size_t colon = record.line.text.find(':');
        const auto tokens = SplitWhitespace(record.line.text.substr(colon + 1));
        double value = 0;
        if (!tokens.empty() && ParseDouble(tokens[0], value)) {
          current_->avg_busbw = std::make_pair(value, line);
        }
        break;
      }
      case Kind::kTestEnd:
        if (current_) current_->closed = current_->info.rows > 0 || current_->closed;
        break;
      default:
        break;
    }
    return Status::Ok();
  }

  void ParseDevice(Section& section, const NcclTestsRecord& record) {
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
        info.rank = static_cast<std::int32_t>(std::clamp<std::int64_t>(number, 0, 1 << 24));
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
    if (host.empty() || device < 0 || device > (1 << 20)) {
      result_.warnings.push_back(Where(record.line.number) +
                                 ": device line not understood, skipped");
      return;
    }
    info.host = host;
    info.device = static_cast<std::int32_t>(device);
    std::string gpu;
    for (std::size_t k = name_start; k < tokens.size(); ++k) {
      if (!gpu.empty()) gpu.push_back(' ');
      gpu.append(tokens[k]);
    }
    section.hosts.insert(host);
    if (!gpu.empty()) section.gpus.insert(gpu);
    ++section.device_lines;
    // Each test lists the devices again; a rank is kept once.
    for (const RankInfo& existing : result_.trace.ranks) {
      if (existing.rank == info.rank) return;
    }
    result_.trace.ranks.push_back(std::move(info));
  }

  Status ParseRow(Section& section, const NcclTestsRecord& record) {
    const Columns& columns = section.columns;
    const std::string where = Where(record.line.number);
    if (!section.have_columns)
      return Status::Failure(where + ": data row before the column header");
    const std::optional<std::vector<std::string_view>> fields = FieldsOfRow(columns, record);
    if (!fields) {
      return Status::Failure(where + ": row has " + std::to_string(record.tokens.size()) +
                             " fields, the header has " + std::to_string(columns.total) +
                             (record.tokens.size() < columns.total ? " (truncated?)" : ""));
    }
    auto field = [&](int index) { return (*fields)[static_cast<std::size_t>(index)]; };
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
      base.root = static_cast<std::int32_t>(std::clamp<std::int64_t>(root, -1, 1 << 24));
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
            result_.warnings.push_back(where + ": #wrong is " + std::string(wrong) +
                                       (m.in_place ? " (in-place)" : " (out-of-place)"));
          }
        } else {
          return number_error("#wrong", wrong);
        }
      }
      result_.trace.measurements.push_back(std::move(m));
      section.measurement_lines.push_back(record.line.number);
    }
    ++section.info.rows;
    ++rows_;
    section.last_row_line = record.line.number;
    return Status::Ok();
  }

  // Ends the current test: its collective and ranks go onto its rows, its
  // busbw is checked against algbw x factor and the average line.
  void Close() {
    if (!current_) return;
    Section section = std::move(*current_);
    current_.reset();
    if (section.Empty() && section.info.rows == 0 && section.info.test.empty()) return;
    Trace& trace = result_.trace;
    const int ranks = section.device_lines > 0 ? section.device_lines : section.params_ranks;
    section.info.ranks = ranks;
    if (section.device_lines == 0 && section.info.rows > 0) {
      result_.warnings.push_back(Where(section.first_line) +
                                 ": no device lines; ranks taken from nThread x nGpus");
    }
    section.info.collective = CollectiveOfTest(section.info.test);
    if (section.info.rows == 0) {
      section.info.complete = false;  // no table at all
    } else if (!section.closed) {
      section.info.complete = false;
      trace.complete = false;
      result_.warnings.push_back(Where(section.last_row_line) + ": the table of " +
                                 (section.info.test.empty() ? "the test" : section.info.test) +
                                 " stops here, before its closing lines (the run was cut short?)");
    }
    const std::int32_t index = static_cast<std::int32_t>(trace.sections.size());
    double busbw_sum = 0;
    std::size_t busbw_count = 0;
    bool warned_guess = false;
    for (std::size_t i = section.first_measurement; i < trace.measurements.size(); ++i) {
      Measurement& m = trace.measurements[i];
      const std::size_t line = section.measurement_lines[i - section.first_measurement];
      m.ranks = ranks;
      m.section = index;
      if (section.info.collective.empty()) {
        bool guessed = false;
        m.collective = GuessCollective(file_.path, m, ranks, guessed);
        if (guessed && !warned_guess) {
          result_.warnings.push_back(
              Where(line) + ": the test is not named; collective guessed as " + m.collective);
          warned_guess = true;
        }
      } else {
        m.collective = section.info.collective;
      }
      busbw_sum += m.busbw_gbps;
      ++busbw_count;
      // nccl-tests prints algbw and busbw with two decimals, so allow for the
      // rounding of both (nccl-tests doc/PERFORMANCE.md factors).
      const double factor = BusBwFactor(m.collective, ranks);
      const double expected = m.algbw_gbps * factor;
      if (std::fabs(expected - m.busbw_gbps) > 0.006 * (1 + factor) + 1e-3 * expected) {
        result_.warnings.push_back(Where(line) + ": busbw " + FormatGbps(m.busbw_gbps) +
                                   " GB/s disagrees with algbw " + FormatGbps(m.algbw_gbps) +
                                   " x " + std::to_string(factor).substr(0, 6) + " = " +
                                   FormatGbps(expected) + " GB/s for " + m.collective + " on " +
                                   std::to_string(ranks) + " ranks");
      }
    }
    if (section.avg_busbw && busbw_count > 0) {
      const double mean = busbw_sum / static_cast<double>(busbw_count);
      const double printed = section.avg_busbw->first;
      if (trace.meta.ExtraJson("avg_busbw_gbps") == nullptr) {
        trace.meta.SetExtraNumber("avg_busbw_gbps", printed);
      }
      if (std::fabs(mean - printed) > 0.01 + 1e-4 * printed) {
        result_.warnings.push_back(
            Where(section.avg_busbw->second) + ": Avg bus bandwidth " + JsonNumber(printed) +
            " disagrees with the mean of the busbw column " + JsonNumber(mean));
      }
    }
    hosts_.insert(section.hosts.begin(), section.hosts.end());
    gpus_.insert(section.gpus.begin(), section.gpus.end());
    if (trace.meta.command.empty() && !section.info.command.empty()) {
      trace.meta.command = section.info.test.empty()
                               ? section.info.command
                               : section.info.test + " (" + section.info.command + ")";
    }
    trace.sections.push_back(std::move(section.info));
    Meta& meta = trace.meta;
    if (!hosts_.empty()) {
      std::string hosts;
      for (const std::string& host : hosts_) hosts += (hosts.empty() ? "" : ",") + host;
      meta.host = hosts;
      meta.SetExtraNumber("nodes", static_cast<double>(hosts_.size()));
    }
    if (!gpus_.empty()) {
      std::string gpus;
      for (const std::string& gpu : gpus_) gpus += (gpus.empty() ? "" : ",") + gpu;
      meta.gpu = gpus;
    }
  }

  const SourceFile& file_;
  ImportResult& result_;
  NcclLogParser& log_;
  std::optional<Section> current_;
  bool has_header_ = false;
  std::size_t rows_ = 0;
  std::size_t tables_ = 0;
  std::set<std::string, std::less<>> hosts_;
  std::set<std::string, std::less<>> gpus_;
};

int Sniff(std::string_view /*path*/, std::string_view head) {
  if (head.find("# nThread ") != std::string_view::npos) return 95;
  if (head.find("# Collective test starting") != std::string_view::npos) return 95;
  if (head.find("algbw") != std::string_view::npos &&
      head.find("busbw") != std::string_view::npos && head.find("size") != std::string_view::npos) {
    return 90;
  }
  return 0;
}

Result<ImportResult> Import(SourceFiles sources) {
  // The log records are views into every file's text.
  return ImportAllAtOnce(std::move(sources), [](const std::vector<SourceFile>& files,
                                                ImportResult& result) {
    Meta& meta = result.trace.meta;
    meta.source = "nccl-tests";
    NcclLogParser log(result);
    std::size_t rows = 0;
    std::size_t tables = 0;
    for (const SourceFile& file : files) {
      const MixedText text(file.text);
      FileParser parser(file, result, log);
      if (Status status = parser.Parse(TokenizeNcclTests(text)); !status.ok()) return status;
      rows += parser.rows();
      tables += parser.tables();
      // The log records point into `text`'s lines: give them to the parser
      // before `text` goes (they are views into file.text, which stays).
    }
    if (rows == 0) {
      // A run that hung or died before its table: what it has is the log.
      if (log.records() > 0) {
        if (Status status =
                log.Finish(files, {.set_ranks = result.trace.ranks.empty(), .set_source = true});
            !status.ok()) {
          return status;
        }
        result.trace.complete = false;
        result.warnings.push_back(files.front().path +
                                  ": no result rows (the run hung or died before its table); read "
                                  "as the NCCL log it is");
        return Status::Ok();
      }
      if (tables == 0) {
        return Status::Failure(files.front().path +
                               ":1: no nccl-tests result table (no 'size count type' header)");
      }
      return Status::Failure(files.front().path + ": the result table has no rows (truncated?)");
    }
    if (log.records() > 0) {
      Status status = log.Finish(files, {.set_ranks = false, .set_source = false});
      if (!status.ok()) return status;
    }
    std::string names;
    for (const SourceFile& file : files) names += (names.empty() ? "" : ", ") + file.path;
    meta.note = "imported from nccl-tests output: " + names;
    return Status::Ok();
  });
}

}  // namespace

std::string NcclVersionFromCode(std::int64_t code) {
  // NCCL_VERSION(X,Y,Z) = X*10000 + Y*100 + Z since 2.9; X*1000 + Y*100 + Z before.
  const std::int64_t major = code >= 10000 ? code / 10000 : code / 1000;
  const std::int64_t minor = code >= 10000 ? (code / 100) % 100 : (code / 100) % 10;
  const std::int64_t patch = code % 100;
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string CollectiveOfTest(std::string_view test) {
  // nccl-tests names its binaries <collective>_perf, and <collective>_perf_mpi
  // when built with MPI=1.
  for (std::string_view suffix : {"_mpi", "_perf"}) {
    if (test.ends_with(suffix)) test.remove_suffix(suffix.size());
  }
  if (test.empty()) return {};
  std::string name = CanonicalCollective(test);
  if (!name.empty()) return name;
  return std::string(test);
}

Importer NcclTestsImporter() {
  return {.name = "nccl-tests",
          .description = "nccl-tests / rccl-tests stdout (*_perf), one or many tests per file",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
