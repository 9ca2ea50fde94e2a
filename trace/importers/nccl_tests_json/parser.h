#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/nccl_tests_json/tokenizer.h"

namespace collscope::trace {

// nccl-tests -J FILE.json (nccl-tests >= 2.19, JSON_FILE_VERSION 1-3),
// with -I per-iteration timing: measurements, one test section per file,
// ranks, meta. Several files (one test each) import into one trace.
Importer NcclTestsJsonImporter();

// Parses one tokenized file into `result` (measurements, sections and ranks
// appended; meta filled where still empty).
Status ParseNcclTestsJson(const SourceFile& file, const NcclTestsJsonFile& json,
                          ImportResult& result);

}  // namespace collscope::trace
