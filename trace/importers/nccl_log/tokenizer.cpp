#include "trace/importers/nccl_log/tokenizer.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace collscope::trace {
namespace {

using Level = NcclLogLine::Level;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// NCCL's getHostNameForLog keeps letters, digits, '.', '-' and '_' (it
// turns '%' and '/' into '-').
bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '.' || c == '-' ||
         c == '_';
}

// Digits ending just before `end`; returns where they begin (== end: none).
std::size_t DigitsBefore(std::string_view text, std::size_t end, std::size_t floor) {
  std::size_t begin = end;
  while (begin > floor && IsDigit(text[begin - 1])) --begin;
  return begin;
}

std::int64_t ToInt(std::string_view digits) {
  std::int64_t value = 0;
  if (!ParseInt64(digits, value)) return -1;
  return value;
}

// A record's prefix found inside a line.
struct Prefix {
  std::size_t start = 0;          // where the record begins (timestamp or host)
  std::size_t message_begin = 0;  // just past "NCCL INFO "
  std::size_t host_begin = 0;
  std::size_t host_end = 0;
  std::int64_t pid = -1;
  std::int64_t tid = -1;
  std::int32_t device = -1;
  Level level = Level::kInfo;
};

// `host:pid:tid` ending just before `end`: fills pid, tid and the host run
// (the longest run of host characters; the caller may shorten it).
bool HostPidTidBefore(std::string_view text, std::size_t end, std::size_t floor, Prefix& out) {
  const std::size_t tid_begin = DigitsBefore(text, end, floor);
  if (tid_begin == end || tid_begin <= floor || text[tid_begin - 1] != ':') return false;
  const std::size_t pid_end = tid_begin - 1;
  const std::size_t pid_begin = DigitsBefore(text, pid_end, floor);
  if (pid_begin == pid_end || pid_begin <= floor || text[pid_begin - 1] != ':') return false;
  const std::size_t host_end = pid_begin - 1;
  std::size_t host_begin = host_end;
  while (host_begin > floor && IsHostChar(text[host_begin - 1])) --host_begin;
  if (host_begin == host_end) return false;
  out.host_begin = host_begin;
  out.host_end = host_end;
  out.pid = ToInt(text.substr(pid_begin, pid_end - pid_begin));
  out.tid = ToInt(text.substr(tid_begin, end - tid_begin));
  return out.pid >= 0 && out.tid >= 0;
}

// The prefix of the record whose "NCCL <LEVEL>" marker starts at `marker`
// (text[marker - 1] is the space before it), looking no further back than
// `floor`.
std::optional<Prefix> PrefixBefore(std::string_view text, std::size_t marker, std::size_t floor,
                                   Level level) {
  Prefix prefix;
  prefix.level = level;
  if (marker < floor + 2) return std::nullopt;
  if (level == Level::kCall) {
    // host:pid:tid NCCL CALL
    if (!HostPidTidBefore(text, marker - 1, floor, prefix)) return std::nullopt;
  } else {
    // `[dev]` right before the marker (INFO) or before `file:line (func)`
    // (WARN) or `ms func:line` (TRACE): a short stretch, never past floor.
    constexpr std::size_t kMaxGap = 256;
    const std::size_t lowest = std::max(marker > kMaxGap ? marker - kMaxGap : 0, floor + 2);
    const std::size_t highest = marker - 2;
    bool found = false;
    for (std::size_t close = highest; close >= lowest && close <= highest; --close) {
      if (level == Level::kInfo && close != highest) break;
      if (text[close] != ']') continue;
      const std::size_t open_pos = DigitsBefore(text, close, floor);
      if (open_pos == close || open_pos <= floor || text[open_pos - 1] != '[') continue;
      const std::size_t bracket = open_pos - 1;
      if (bracket <= floor || text[bracket - 1] != ' ') continue;
      if (!HostPidTidBefore(text, bracket - 1, floor, prefix)) continue;
      prefix.device = static_cast<std::int32_t>(ToInt(text.substr(open_pos, close - open_pos)));
      found = true;
      break;
    }
    if (!found) return std::nullopt;
  }
  prefix.start = prefix.host_begin;
  return prefix;
}

constexpr std::array<std::pair<std::string_view, Level>, 4> kMarkers = {{
    {"NCCL INFO", Level::kInfo},
    {"NCCL WARN", Level::kWarn},
    {"NCCL TRACE", Level::kTrace},
    {"NCCL CALL", Level::kCall},
}};

// Every record prefix of one line, left to right. Hosts seen at the start
// of a line elsewhere in the file (`known_hosts`) decide where a glued
// prefix begins: in "-1mew0:64904:64904 [1] NCCL INFO" the "-1" is the end
// of a table row, not part of the host name.
std::vector<Prefix> FindPrefixes(std::string_view text,
                                 const std::set<std::string, std::less<>>* known_hosts) {
  std::vector<Prefix> prefixes;
  std::size_t floor = 0;
  std::size_t search = 0;
  while (true) {
    const std::size_t at = text.find("NCCL ", search);
    if (at == std::string_view::npos) break;
    search = at + 5;
    if (at == 0 || text[at - 1] != ' ') continue;
    const auto* match = static_cast<const std::pair<std::string_view, Level>*>(nullptr);
    for (const auto& marker : kMarkers) {
      if (text.substr(at).starts_with(marker.first)) {
        const std::size_t end = at + marker.first.size();
        if (end == text.size() || text[end] == ' ') match = &marker;
        break;
      }
    }
    if (match == nullptr) continue;
    std::optional<Prefix> prefix = PrefixBefore(text, at, floor, match->second);
    if (!prefix) continue;
    if (known_hosts != nullptr && !known_hosts->empty()) {
      const std::string_view host =
          text.substr(prefix->host_begin, prefix->host_end - prefix->host_begin);
      if (!known_hosts->contains(host)) {
        // The longest known host that ends the run.
        for (std::size_t cut = 1; cut < host.size(); ++cut) {
          if (known_hosts->contains(host.substr(cut))) {
            prefix->host_begin += cut;
            break;
          }
        }
      }
    }
    prefix->start = prefix->host_begin;
    // An optional `[timestamp] ` right before the host (2.26+,
    // NCCL_DEBUG_TIMESTAMP_FORMAT, "[%F %T] " by default).
    if (prefix->start >= floor + 3 && text[prefix->start - 1] == ' ' &&
        text[prefix->start - 2] == ']') {
      const std::size_t open = text.rfind('[', prefix->start - 2);
      if (open != std::string_view::npos && open >= floor && prefix->start - open <= 64) {
        prefix->start = open;
      }
    }
    const std::size_t end = at + match->first.size();
    prefix->message_begin = end < text.size() ? end + 1 : end;
    floor = prefix->message_begin;
    search = floor;
    prefixes.push_back(*prefix);
  }
  return prefixes;
}

// mpirun --tag-output: "[1,0]<stdout>:" or "<stderr>:".
std::string_view StripMpirunTag(std::string_view line) {
  if (!line.starts_with('[')) return line;
  std::size_t i = 1;
  const std::size_t job = i;
  while (i < line.size() && IsDigit(line[i])) ++i;
  if (i == job || i >= line.size() || line[i] != ',') return line;
  const std::size_t rank = ++i;
  while (i < line.size() && IsDigit(line[i])) ++i;
  if (i == rank || i >= line.size() || line[i] != ']') return line;
  const std::string_view rest = line.substr(i + 1);
  for (std::string_view stream : {"<stdout>:", "<stderr>:"}) {
    if (rest.starts_with(stream)) return rest.substr(stream.size());
  }
  return line;
}

// torchrun --tee: "[default0]:" (PyTorch <= 2.1) or "[rank0]:" (2.2+,
// torch/distributed/elastic/multiprocessing/tail_log.py) before every line.
std::string_view StripTorchrunTag(std::string_view line) {
  for (std::string_view tag : {"[default", "[rank"}) {
    if (!line.starts_with(tag)) continue;
    std::size_t i = tag.size();
    const std::size_t digits = i;
    while (i < line.size() && IsDigit(line[i])) ++i;
    if (i > digits && i + 1 < line.size() && line[i] == ']' && line[i + 1] == ':') {
      return line.substr(i + 2);
    }
  }
  return line;
}

// pdsh and clush: "host: " before every line (and srun --label: "3: ").
// Taken off only when what
// follows is a comment, blank, indented or an NCCL record of a host, so
// "rccl-tests: Version develop:a7809b3" keeps its words.
std::string_view StripPdshHost(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && IsHostChar(line[i])) ++i;
  if (i == 0 || i + 1 >= line.size() || line[i] != ':' || line[i + 1] != ' ') {
    if (i > 0 && i + 1 == line.size() && line[i] == ':') return {};  // "host:" alone
    return line;
  }
  const std::string_view rest = line.substr(i + 2);
  if (rest.empty() || rest[0] == '#' || rest[0] == ' ' || rest[0] == '\t') return rest;
  // An NCCL record: "host:pid:tid ..." right after.
  std::size_t k = 0;
  while (k < rest.size() && IsHostChar(rest[k])) ++k;
  if (k > 0 && k < rest.size() && rest[k] == ':' && k + 1 < rest.size() && IsDigit(rest[k + 1])) {
    return rest;
  }
  return line;
}

NcclLogLine MakeRecord(std::string_view text, const Prefix& prefix, std::size_t end,
                       std::size_t line_number, bool cut) {
  NcclLogLine out;
  out.line = line_number;
  out.host = text.substr(prefix.host_begin, prefix.host_end - prefix.host_begin);
  out.pid = prefix.pid;
  out.tid = prefix.tid;
  out.device = prefix.device;
  out.level = prefix.level;
  out.message = text.substr(prefix.message_begin, end - prefix.message_begin);
  out.cut = cut;
  return out;
}

bool IsVersionLine(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  return trimmed.starts_with("NCCL version ") || trimmed.starts_with("RCCL version ");
}

}  // namespace

std::string_view StripLauncherPrefix(std::string_view line) {
  return StripPdshHost(StripTorchrunTag(StripMpirunTag(line)));
}

MixedText::MixedText(std::string_view text) {
  // Pass 1: the lines, without launcher prefixes, and the hosts that begin
  // a line (those are whole host names).
  std::vector<Line> lines;
  std::set<std::string, std::less<>> known_hosts;
  {
    LineCursor cursor(text);
    Line line;
    while (cursor.Next(line)) {
      line.text = StripLauncherPrefix(line.text);
      lines.push_back(line);
      const std::vector<Prefix> found = FindPrefixes(line.text, nullptr);
      if (!found.empty() && found[0].start == 0) {
        known_hosts.emplace(
            line.text.substr(found[0].host_begin, found[0].host_end - found[0].host_begin));
      }
    }
  }
  // Pass 2: records, with program output reassembled.
  std::vector<std::vector<Prefix>> prefixes(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    prefixes[i] = FindPrefixes(lines[i].text, &known_hosts);
  }
  auto starts_with_warning = [&](std::size_t i) {
    return i < lines.size() && !prefixes[i].empty() && prefixes[i][0].start == 0 &&
           prefixes[i][0].level == Level::kWarn;
  };
  std::string pending;
  std::size_t pending_line = 0;
  auto emit_output = [&](std::string_view piece, std::size_t line_number) {
    TextRecord record;
    record.kind = TextRecord::Kind::kOutput;
    if (pending.empty()) {
      record.line = line_number;
      record.text = piece;
    } else {
      pending.append(piece);
      joined_.push_back(std::move(pending));
      pending.clear();
      record.line = pending_line;
      record.text = joined_.back();
    }
    records_.push_back(record);
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    const std::vector<Prefix>& found = prefixes[i];
    if (found.empty()) {
      if (IsVersionLine(line.text)) {
        TextRecord record;
        record.kind = TextRecord::Kind::kNcclLog;
        record.line = line.number;
        record.log.line = line.number;
        record.log.level = Level::kVersion;
        record.log.message = Trim(line.text);
        records_.push_back(record);
        continue;
      }
      if (starts_with_warning(i + 1)) {
        // NCCL begins every WARN with a newline (ncclDebugLogV): an empty
        // line before it is that newline; a non-empty one is output the
        // newline cut, continuing after the warning.
        if (line.text.empty()) continue;
        if (pending.empty()) pending_line = line.number;
        pending.append(line.text);
        continue;
      }
      emit_output(line.text, line.number);
      continue;
    }
    const std::string_view lead = line.text.substr(0, found[0].start);
    if (!lead.empty()) {
      // Output interrupted by an NCCL record: it goes on at the next output.
      if (pending.empty()) pending_line = line.number;
      pending.append(lead);
    }
    for (std::size_t k = 0; k < found.size(); ++k) {
      const bool last = k + 1 == found.size();
      const std::size_t end = last ? line.text.size() : found[k + 1].start;
      TextRecord record;
      record.kind = TextRecord::Kind::kNcclLog;
      record.line = line.number;
      record.log = MakeRecord(line.text, found[k], end, line.number, /*cut=*/!last);
      records_.push_back(record);
    }
  }
  if (!pending.empty()) {
    joined_.push_back(std::move(pending));
    TextRecord record;
    record.kind = TextRecord::Kind::kOutput;
    record.line = pending_line;
    record.text = joined_.back();
    records_.push_back(record);
  }
}

std::optional<NcclLogLine> ParseNcclLogLine(const Line& line) {
  const std::string_view text = StripLauncherPrefix(line.text);
  const std::vector<Prefix> found = FindPrefixes(text, nullptr);
  if (!found.empty()) {
    const std::size_t end = found.size() > 1 ? found[1].start : text.size();
    return MakeRecord(text, found[0], end, line.number, /*cut=*/found.size() > 1);
  }
  if (IsVersionLine(text)) {
    NcclLogLine out;
    out.line = line.number;
    out.level = Level::kVersion;
    out.message = Trim(text);
    return out;
  }
  return std::nullopt;
}

std::vector<NcclLogLine> TokenizeNcclLog(std::string_view text) {
  const MixedText mixed(text);
  std::vector<NcclLogLine> lines;
  for (const TextRecord& record : mixed.records()) {
    if (record.kind == TextRecord::Kind::kNcclLog) lines.push_back(record.log);
  }
  return lines;
}

}  // namespace collscope::trace
