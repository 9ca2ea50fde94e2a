#pragma once

#include <functional>
#include <string>

#include "trace/model.h"
#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace {

// Reads a collscope-trace file (.json or .json.gz). Streams through the text
// with simdjson's on-demand parser, so a million step events load in well
// under a second; unknown fields are skipped, an unknown major version is an
// error. Errors name the file and line:column of the problem.
Result<Trace> ReadTrace(const std::string& path, const LoadLimits& limits = {});
// `progress` (may be empty) hears 0.5..1 as the steps are parsed.
Result<Trace> ParseTrace(SourceFile& source,
                         const std::function<void(double fraction)>& progress = {});

// True when the text starts like a collscope-trace document.
bool LooksLikeCollscopeTrace(std::string_view head);

}  // namespace collscope::trace
