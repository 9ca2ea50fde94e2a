#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/importers/text_lines.h"

namespace collscope::trace {

// One NCCL_DEBUG record. NCCL's src/debug.cc (ncclDebugLogV, 2.1x to 2.29)
// writes `[timestamp] host:pid:tid [cudaDev] NCCL INFO msg`, with the
// timestamp optional (2.26+), `file:line (func) NCCL WARN` for warnings,
// `[dev] ms func:line NCCL TRACE` for traces, `host:pid:tid NCCL CALL` for
// API calls, and the version line with no prefix at all.
struct NcclLogLine {
  std::size_t line = 0;
  std::string_view host;  // empty when the record had no prefix
  std::int64_t pid = -1;
  std::int64_t tid = -1;
  std::int32_t device = -1;
  enum class Level { kInfo, kWarn, kTrace, kCall, kVersion } level = Level::kInfo;
  std::string_view message;
  // True when another record was glued onto this one's line (two processes
  // writing into one file): the message may be cut short.
  bool cut = false;
};

// A piece of a text that mixes program output (nccl-tests tables, training
// logs) with NCCL_DEBUG records, as people's files do:
//   - launcher prefixes are removed: mpirun --tag-output `[1,0]<stdout>:`,
//     torchrun `[default0]:` / `[rank0]:`, pdsh `host: `, srun --label `3: `;
//   - a line holding several records (processes writing into one file) is
//     split at each record's `host:pid:tid [dev]` prefix;
//   - program output cut by NCCL records is reassembled: the output before
//     a record glued onto its line continues on the next output line, and a
//     line ended by a WARN's leading newline continues after the warning.
struct TextRecord {
  enum class Kind { kOutput, kNcclLog } kind = Kind::kOutput;
  std::size_t line = 0;   // 1-based line where the record starts
  std::string_view text;  // output: the reassembled line, prefixes removed
  NcclLogLine log;        // kNcclLog only
};

class MixedText {
 public:
  explicit MixedText(std::string_view text);
  MixedText(const MixedText&) = delete;
  MixedText& operator=(const MixedText&) = delete;
  const std::vector<TextRecord>& records() const { return records_; }

 private:
  std::deque<std::string> joined_;  // reassembled output lines the records point into
  std::vector<TextRecord> records_;
};

// Removes an mpirun, torchrun, pdsh or srun prefix from one line.
std::string_view StripLauncherPrefix(std::string_view line);

// The first NCCL record of one line; nullopt for anything else.
std::optional<NcclLogLine> ParseNcclLogLine(const Line& line);

// All NCCL records of a text, in order.
std::vector<NcclLogLine> TokenizeNcclLog(std::string_view text);

}  // namespace collscope::trace
