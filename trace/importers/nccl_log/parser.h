#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trace/importers/importer.h"
#include "trace/importers/nccl_log/tokenizer.h"

namespace collscope::trace {

// NCCL_DEBUG=INFO logs (NCCL 2.1x to 2.29): version, ranks and nodes, rings,
// trees, transports, CollNet connections, COLL and TUNING lines, and the
// TUNING init table. Unknown lines are skipped.
Importer NcclLogImporter();

// NCCL's ncclDataType_t codes as COLL lines print them -> dtype name.
std::string NcclDatatypeName(std::int64_t code);

// Builds the model from NCCL records, one record at a time, so that the
// nccl-tests importer can hand it the records interleaved with its table.
//
// Records are bound to communicators the way NCCL prints them: a thread's
// records between `Init START` and `Init COMPLETE` belong to that
// communicator; before NCCL printed `Init START` (<= 2.18) they wait until
// the thread's `Init COMPLETE` names it. Lines naming a `comm 0x...` pointer
// go to that pointer's communicator. One communicator seen from many
// processes (mpirun, torchrun) is one: the same commId, or for NCCL without
// commIds the same nranks.
class NcclLogParser {
 public:
  explicit NcclLogParser(ImportResult& result);
  ~NcclLogParser();
  NcclLogParser(const NcclLogParser&) = delete;
  NcclLogParser& operator=(const NcclLogParser&) = delete;

  void Add(const std::string& path, const NcclLogLine& line);
  std::size_t records() const;

  struct FinishOptions {
    // nccl-tests lists its devices itself; a log alone gives the ranks.
    bool set_ranks = true;
    bool set_source = true;
  };
  // Fills the trace: topology, ranks, meta, runs from COLL lines, TUNING
  // choices and table. Fails when no record was added.
  Status Finish(const std::vector<SourceFile>& files, const FinishOptions& options);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace collscope::trace
