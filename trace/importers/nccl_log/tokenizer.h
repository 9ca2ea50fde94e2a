#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "trace/importers/text_lines.h"

namespace collscope::trace {

// One NCCL_DEBUG line: `<host>:<pid>:<tid> [<cudaDev>] NCCL INFO <msg>`
// (src/debug.cc), with the variants of 2.1x to 2.28: WARN lines carry
// `<file>:<line>` before the level, NCCL >= 2.26 may prepend a `[date time]`
// stamp, mpirun --tag-output prepends `[1,0]<stdout>:`, and
// NCCL_DEBUG=VERSION prints the version line with no prefix at all.
struct NcclLogLine {
  std::size_t line = 0;
  std::string_view host;  // empty when the line had no prefix
  std::int64_t pid = -1;
  std::int64_t tid = -1;
  std::int32_t device = -1;
  enum class Level { kInfo, kWarn, kTrace, kVersion } level = Level::kInfo;
  std::string_view message;
};

// Recognises an NCCL log line; nullopt for anything else (program output).
std::optional<NcclLogLine> ParseNcclLogLine(const Line& line);

// All NCCL log lines of a text, in order (the tokenizer).
std::vector<NcclLogLine> TokenizeNcclLog(std::string_view text);

}  // namespace collscope::trace
