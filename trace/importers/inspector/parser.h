#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/inspector/tokenizer.h"

namespace collscope::trace {

// NCCL Inspector JSON-lines output (NCCL's plugins/profiler/inspector,
// output version v4.x), one file per process: one run per collective or
// point-to-point record, with per-channel kernel lanes in verbose mode;
// several files merge onto one time base.
Importer InspectorImporter();

}  // namespace collscope::trace
