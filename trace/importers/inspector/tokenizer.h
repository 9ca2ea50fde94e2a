#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace {

// NCCL Inspector output (NVIDIA/nccl plugins/profiler/inspector, output
// version "v4.x"): <dump dir>/<hostname>-pid<pid>.log, one JSON object per
// line (inspector_json.cc: jsonFinishObject then jsonNewline), appended by
// the dump thread as collectives complete. One file holds every
// communicator of one process.

// One channel of event_trace_ts.kernel_events (verbose mode): the CPU times,
// in microseconds since the epoch (gettimeofday), at which the profiler saw
// the kernel's channel start, its GPU stop recorded, and its stop.
struct InspectorChannel {
  std::int32_t channel = 0;
  std::int64_t start_ts_us = 0;
  std::int64_t stop_ts_us = 0;
  std::int64_t record_ts_us = 0;
};

struct InspectorRecord {
  enum class Kind { kColl, kP2p, kDumpStats } kind = Kind::kColl;
  std::size_t offset = 0;  // where the line starts, for messages
  // header
  std::string comm_id;    // the communicator hash, "0x7f3a9c2e51d04b"
  std::string comm_name;  // "unknown" when unset; absent before comm_name was added
  std::int32_t rank = -1;
  std::int32_t n_ranks = 0;
  std::int64_t nnodes = 0;
  // metadata
  std::string version;  // inspector_output_format_version, "v4.0"
  std::string hostname;
  std::int64_t pid = -1;
  std::int64_t dump_ts_us = 0;
  // coll_perf / p2p_perf
  std::string op;        // ncclFuncToString: "AllReduce", "AllGather", "Send", ...
  std::int64_t sn = -1;  // comm->seqNumber[func]: counted per collective type
  std::int64_t msg_bytes = 0;
  std::int64_t exec_us = 0;
  std::string timing_source;  // kernel_gpu, kernel_cpu, collective_cpu
  double algbw_gbps = 0;
  double busbw_gbps = 0;
  std::int32_t peer = -1;        // p2p_peer
  std::string algo;              // coll_algo (v4.2)
  std::string proto;             // coll_proto (v4.2)
  bool verbose = false;          // has event_trace_ts
  std::int64_t start_ts_us = 0;  // coll_start_ts / p2p_start_ts
  std::int64_t stop_ts_us = 0;
  std::vector<InspectorChannel> channels;
  // dump_stats (v4.1): cumulative ring-buffer drops of the communicator.
  std::int64_t coll_dropped_total = 0;
  std::int64_t p2p_dropped_total = 0;
};

struct InspectorFile {
  std::vector<InspectorRecord> records;
  // Lines that are not Inspector records (damaged, or other text): how many
  // and the error of the first, naming its place.
  std::size_t bad_lines = 0;
  std::string first_bad;
  // The last line has no newline and does not parse: the process stopped
  // while the dump thread was writing it. The error names the place.
  std::string cut_short;
};

// Fails only when the file holds no Inspector record at all.
Result<InspectorFile> TokenizeInspector(SourceFile& file);

}  // namespace collscope::trace
