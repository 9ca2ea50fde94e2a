#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace {

// The events of one Kineto (PyTorch profiler) JSON file that matter for
// collectives: NCCL kernels, record_param_comms CPU ops and the runtime
// launches that link the two (reference §5). Everything else is skipped
// while streaming, so a large profile costs little memory.
struct KinetoEvent {
  enum class Kind { kNcclKernel, kParamComms, kLaunch } kind = Kind::kNcclKernel;
  std::string name;
  std::int64_t pid = -1;
  std::int64_t tid = -1;
  double ts_us = 0;
  double dur_us = 0;
  std::string args_json;  // the raw "args" object, parsed later
};

struct KinetoFile {
  std::int64_t base_time_ns = 0;
  bool has_distributed_info = false;
  std::int64_t rank = -1;
  std::int64_t world_size = 0;
  std::string nccl_version;
  std::string backend;
  std::string gpu;  // deviceProperties[0].name
  std::vector<KinetoEvent> events;
};

Result<KinetoFile> TokenizeKineto(SourceFile& file);

}  // namespace collscope::trace
