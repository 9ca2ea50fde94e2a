#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/nccl_tests/tokenizer.h"

namespace collscope::trace {

// nccl-tests and rccl-tests stdout of any *_perf binary: one section per
// test in the file, measurements, ranks and meta; the NCCL_DEBUG records
// inside the file give its topology (as the nccl-log importer reads them).
Importer NcclTestsImporter();

// NCCL_VERSION_CODE as printed by nccl-tests (22809) -> "2.28.9".
std::string NcclVersionFromCode(std::int64_t code);

// The engine's collective of an nccl-tests program: "all_reduce_perf",
// "all_gather_perf_mpi" -> "allreduce", "allgather"; other tests keep their
// name without "_perf" ("hypercube"); "" for an empty name.
std::string CollectiveOfTest(std::string_view test);

}  // namespace collscope::trace
