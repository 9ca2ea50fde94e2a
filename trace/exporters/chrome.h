#pragma once

#include <string>

#include "trace/model.h"
#include "trace/result.h"

namespace collscope::trace {

// Chrome trace event JSON (docs/sources.md §6) that Perfetto UI and
// chrome://tracing open: one pid per rank, one tid per phase (and channel),
// an `X` slice per step, a v1 flow (`s` at the sender's slice, `f` with
// "bp":"e" inside the receiver's slice) per transfer, `M` metadata for names
// and sort order, times in microseconds. Runs without steps (Kineto kernels)
// become one slice per run on a tid per CUDA stream.
struct ChromeExportStats {
  std::size_t slices = 0;
  std::size_t flows = 0;
  std::size_t unmatched_sends = 0;  // sends whose receive step is not in the trace
};

std::string ChromeTraceJson(const Trace& trace, ChromeExportStats* stats = nullptr);
// Written atomically (temp file + rename); never a partial file.
Status ExportChrome(const Trace& trace, const std::string& path,
                    ChromeExportStats* stats = nullptr);

}  // namespace collscope::trace
