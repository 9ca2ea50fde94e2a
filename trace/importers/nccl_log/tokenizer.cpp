#include "trace/importers/nccl_log/tokenizer.h"

#include <array>

namespace collscope::trace {
namespace {

// `host:pid:tid` (the host may itself contain ':' only in odd setups; pid
// and tid are the last two fields).
bool ParseHostPidTid(std::string_view token, NcclLogLine& out) {
  const std::size_t last = token.rfind(':');
  if (last == std::string_view::npos || last == 0) return false;
  const std::size_t middle = token.rfind(':', last - 1);
  if (middle == std::string_view::npos || middle == 0) return false;
  if (!ParseInt64(token.substr(middle + 1, last - middle - 1), out.pid)) return false;
  if (!ParseInt64(token.substr(last + 1), out.tid)) return false;
  out.host = token.substr(0, middle);
  // mpirun --tag-output: "[1,0]<stdout>:host"
  if (const std::size_t tag = out.host.rfind(">:"); tag != std::string_view::npos) {
    out.host.remove_prefix(tag + 2);
  }
  return !out.host.empty();
}

}  // namespace

std::optional<NcclLogLine> ParseNcclLogLine(const Line& line) {
  static constexpr std::array<std::pair<std::string_view, NcclLogLine::Level>, 3> kMarkers = {{
      {" NCCL INFO ", NcclLogLine::Level::kInfo},
      {" NCCL WARN ", NcclLogLine::Level::kWarn},
      {" NCCL TRACE ", NcclLogLine::Level::kTrace},
  }};
  NcclLogLine out;
  out.line = line.number;
  std::string_view text = line.text;
  for (const auto& [marker, level] : kMarkers) {
    std::size_t at = text.find(marker);
    std::size_t marker_size = marker.size();
    if (at == std::string_view::npos) {
      // "NCCL INFO" at the very end of a line (an empty message).
      const std::string_view bare = marker.substr(0, marker.size() - 1);
      if (!text.ends_with(bare)) continue;
      at = text.size() - bare.size();
      marker_size = bare.size();
    }
    out.level = level;
    out.message = text.substr(std::min(text.size(), at + marker_size));
    // The prefix: find `host:pid:tid` followed by `[dev]`.
    const std::vector<std::string_view> tokens = SplitWhitespace(text.substr(0, at));
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      const std::string_view dev = tokens[i + 1];
      if (dev.size() < 3 || dev.front() != '[' || dev.back() != ']') continue;
      std::int64_t device = -1;
      if (!ParseInt64(dev.substr(1, dev.size() - 2), device)) continue;
      if (!ParseHostPidTid(tokens[i], out)) continue;
      out.device = static_cast<std::int32_t>(device);
      return out;
    }
    return std::nullopt;
  }
  // NCCL_DEBUG=VERSION: "NCCL version 2.21.5+cuda12.4" with no prefix.
  const std::string_view trimmed = Trim(text);
  if (trimmed.starts_with("NCCL version ")) {
    out.level = NcclLogLine::Level::kVersion;
    out.message = trimmed;
    return out;
  }
  return std::nullopt;
}

std::vector<NcclLogLine> TokenizeNcclLog(std::string_view text) {
  std::vector<NcclLogLine> lines;
  LineCursor cursor(text);
  Line line;
  while (cursor.Next(line)) {
    if (auto parsed = ParseNcclLogLine(line)) lines.push_back(*parsed);
  }
  return lines;
}

}  // namespace collscope::trace
