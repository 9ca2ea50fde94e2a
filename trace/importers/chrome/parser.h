#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/trace_events/tokenizer.h"

namespace collscope::trace {

// Chrome trace event JSON (Perfetto UI, chrome://tracing, Nsight and other
// tools' exports) holding NCCL kernels, one or many ranks per file; and
// collscope's own `export --chrome`, read back into its runs and steps.
Importer ChromeImporter();

}  // namespace collscope::trace
