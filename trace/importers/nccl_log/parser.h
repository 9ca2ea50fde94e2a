#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/nccl_log/tokenizer.h"

namespace collscope::trace {

// NCCL_DEBUG=INFO logs (NCCL 2.1x to 2.28): version, ranks and nodes, rings,
// trees, transports, COLL and TUNING lines. Unknown lines are skipped.
Importer NcclLogImporter();

// NCCL's ncclDataType_t codes as COLL lines print them -> dtype name.
std::string NcclDatatypeName(std::int64_t code);

}  // namespace collscope::trace
