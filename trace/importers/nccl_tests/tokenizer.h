#pragma once

#include <string_view>
#include <vector>

#include "trace/importers/text_lines.h"

namespace collscope::trace {

// One line of nccl-tests stdout (src/common.cu, src/util.cu), classified.
struct NcclTestsRecord {
  enum class Kind {
    kBlank,
    kNcclLog,      // an interleaved `host:pid:tid [d] NCCL INFO` line
    kVersion,      // # nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809
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
  Line line;                             // the line, '#' and tag prefixes removed
  std::vector<std::string_view> tokens;  // whitespace-separated fields of line.text
};

std::vector<NcclTestsRecord> TokenizeNcclTests(std::string_view text);

}  // namespace collscope::trace
