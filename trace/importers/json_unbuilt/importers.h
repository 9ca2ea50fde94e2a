#pragma once

// Stand-ins for the JSON importers in a build without simdjson or
// nlohmann_json (a cluster's modules rarely offer them): the same names, so
// `--format kineto` is still known, and an import that fails in one line
// saying which library is missing. Built instead of the real importers
// (trace/CMakeLists.txt); registry.cpp lists whichever set was built.

#include "trace/importers/importer.h"

namespace collscope::trace {

Importer CollscopeImporter();
Importer KinetoImporter();
Importer NcclTestsJsonImporter();
Importer InspectorImporter();
Importer ChromeImporter();

}  // namespace collscope::trace
