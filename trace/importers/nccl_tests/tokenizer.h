#pragma once

#include <string_view>
#include <vector>

#include "trace/importers/nccl_log/tokenizer.h"
#include "trace/importers/text_lines.h"

namespace collscope::trace {

// One line of nccl-tests stdout (src/common.cu, src/util.cu), classified.
// The lines come from MixedText, so launcher prefixes are gone, NCCL records
// are separate and table rows cut by NCCL records are whole again.
struct NcclTestsRecord {
  enum class Kind {
    kBlank,
    kNcclLog,      // an NCCL_DEBUG record (log points at it)
    kVersion,      // # nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809
    kRcclVersion,  // rccl-tests: Version develop:a7809b3
    kTestStart,    // # Collective test starting: all_reduce_perf
    kParams,       // # nThread 1 nGpus 1 minBytes 8 ...
    kDevice,       // #  Rank  0 Group  0 Pid  41215 on gpub001 device  0 [0000:07:00] NAME
    kColumns,      // #  size count type redop root time algbw busbw #wrong ...
    kUnits,        // #  (B) (elements) (us) (GB/s) ...
    kGroupTitles,  // #  out-of-place in-place
    kOutOfBounds,  // # Out of bounds values : 0 OK
    kAvgBusBw,     // # Avg bus bandwidth    : 108.987
    kTestEnd,      // # Collective test concluded: all_reduce_perf
    kComment,      // any other '#' line
    kRow,          // a data row
    kOther,        // program output we do not know
  };
  Kind kind = Kind::kOther;
  Line line;                             // the line, '#' removed and trimmed
  std::string_view raw;                  // the whole line (columns keep their positions)
  std::vector<std::string_view> tokens;  // whitespace-separated fields of line.text
  const NcclLogLine* log = nullptr;      // kNcclLog only
};

// Classifies the records of `text` (which must outlive the result).
std::vector<NcclTestsRecord> TokenizeNcclTests(const MixedText& text);

}  // namespace collscope::trace
