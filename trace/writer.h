#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "trace/model.h"
#include "trace/result.h"

namespace collscope::trace {

struct WriteOptions {
  // Compress with gzip. Auto: when the path ends in ".gz".
  enum class Gzip { kAuto, kNo, kYes };
  Gzip gzip = Gzip::kAuto;
};

// Writes trace as collscope-trace v1 JSON. Atomic: the text goes to a
// temporary file beside `path`, which is renamed over it only when complete,
// so a failure never leaves a partial file.
Status WriteTrace(const Trace& trace, const std::string& path, const WriteOptions& options = {});

// The same JSON text in memory.
std::string TraceToJson(const Trace& trace);

// Writes `text` to `path` atomically (temp file + rename), gzip-compressed
// when asked. Shared with the exporters.
Status WriteFileAtomically(const std::string& path, std::string_view text,
                           const WriteOptions& options = {});
// Same, for output produced in pieces: `produce` calls its argument with each.
Status WriteFileAtomicallyWith(
    const std::string& path, const WriteOptions& options,
    const std::function<void(const std::function<void(std::string_view)>&)>& produce);

}  // namespace collscope::trace
