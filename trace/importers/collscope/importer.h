#pragma once

#include "trace/importers/importer.h"

namespace collscope::trace {

// collscope-trace itself: the reader (trace/reader.h) behind the importer
// interface, so `import` can merge several traces and the GUI opens every
// format the same way.
Importer CollscopeImporter();

// Appends `other` to `into`: runs (phases re-interned), measurements, ranks
// not yet present; topology and meta are kept from `into` unless it has none.
void MergeTrace(Trace& into, Trace&& other);

}  // namespace collscope::trace
