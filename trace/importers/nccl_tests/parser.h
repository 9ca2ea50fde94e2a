#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/nccl_tests/tokenizer.h"

namespace collscope::trace {

// nccl-tests stdout of any *_perf binary: measurements + meta + ranks.
Importer NcclTestsImporter();

// Parses one file's records into `result` (measurements appended).
Status ParseNcclTests(const SourceFile& file, const std::vector<NcclTestsRecord>& records,
                      ImportResult& result);

// NCCL_VERSION_CODE as printed by nccl-tests (22809) -> "2.28.9".
std::string NcclVersionFromCode(std::int64_t code);

}  // namespace collscope::trace
