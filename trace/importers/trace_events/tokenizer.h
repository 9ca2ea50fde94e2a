#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace {

// What record_param_comms and NCCL kernels say about a collective call in
// their args (PyTorch's torch/csrc/distributed/c10d/ParamCommsUtils.hpp;
// Kineto copies them onto the kernel when it can link the two).
struct CommArgs {
  std::string collective;
  std::int64_t in_nelems = -1;
  std::int64_t out_nelems = -1;
  std::string dtype;
  std::int64_t group_size = -1;
  std::string process_group;  // "Process Group Name"
  std::string process_group_description;
  std::int64_t rank = -1;
  std::int64_t correlation = -1;
  std::int64_t stream = -1;
  std::int64_t sequence = -1;  // "Seq" where PyTorch writes it
  // PyTorch <= 2.0 wrote no sizes: the first input's shape and type.
  std::int64_t first_input_elements = -1;
  std::string first_input_type;
};

// The events of one Chrome trace event JSON file (a Kineto profile, or any
// Chrome/Perfetto JSON) that matter for collectives. Everything else is
// skipped while streaming, so a large profile costs little memory.
struct TraceEvent {
  enum class Kind {
    kNcclKernel,  // ncclKernel_*, ncclDevKernel_* (and rccl) on a GPU
    kParamComms,  // record_param_comms CPU op
    kNcclOp,      // ProcessGroupNCCL's "nccl:all_reduce" CPU op (its inputs' shapes)
    kCollscope,   // a slice of collscope's own Chrome export
  } kind = Kind::kNcclKernel;
  std::string name;
  std::string cat;
  std::int64_t pid = -1;
  std::int64_t tid = -1;
  // Exact integer nanoseconds from the decimal microseconds in the file;
  // nullopt when the number does not fit (the event is skipped).
  std::optional<std::int64_t> ts_ns;
  std::optional<std::int64_t> dur_ns;
  CommArgs args;
  // collscope export slices: their args as numbers by name.
  std::map<std::string, std::int64_t, std::less<>> numbers;
  std::map<std::string, std::string, std::less<>> strings;
};

// A cudaLaunchKernel (or another launch call: cuLaunchKernelEx, hipLaunch...)
// that carries a correlation id: what links a kernel back to the CPU op
// that launched it. A profile holds one per kernel, so only this is kept.
struct KernelLaunch {
  std::int64_t pid = -1;
  std::int64_t tid = -1;
  std::optional<std::int64_t> ts_ns;
  std::int64_t correlation = -1;
};

struct TraceEventFile {
  std::int64_t base_time_ns = 0;
  bool has_distributed_info = false;
  std::int64_t rank = -1;
  std::int64_t world_size = 0;
  std::string nccl_version;
  std::string backend;
  std::string gpu;  // deviceProperties[0].name
  // distributedInfo.pg_config: process group name -> its size.
  std::map<std::string, std::int64_t, std::less<>> group_sizes;
  // otherData.generator ("collscope export" for our own files).
  std::string generator;
  std::map<std::string, std::string, std::less<>> other_data;  // otherData strings
  // "M" events: process and thread names.
  std::map<std::int64_t, std::string> process_names;
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> thread_names;
  std::vector<TraceEvent> events;
  std::vector<KernelLaunch> launches;
};

// Tokenizes a Chrome trace event JSON object (`{"traceEvents":[...]}`);
// a bare array of events is accepted too. The events are parsed a batch of
// about a MiB at a time, in place, so that memory stays near the text's own
// size however large the file (issue 12).
Result<TraceEventFile> TokenizeTraceEvents(SourceFile& file);
// Takes file `index` and tokenizes it; its text is gone when this returns.
Result<TraceEventFile> TokenizeTraceEvents(SourceFiles& files, std::size_t index);

// "1694128201429795.123" (microseconds as JSON writes them, any exponent)
// -> exact integer nanoseconds; nullopt when not a number or out of range.
std::optional<std::int64_t> MicrosecondsToNanoseconds(std::string_view number);

}  // namespace collscope::trace
