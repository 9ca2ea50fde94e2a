// collscope-record-nccl: the CUDA + NCCL recorder. `collscope record
// --backend nccl` execs it (one process per GPU under mpirun or srun), so the
// main binary never links CUDA and starts on machines without it.

#include <cstdio>
#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/nccl/nccl_recorder.h"

int main(int argc, char** argv) {
  collscope::kernels::RecordOptions options;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string error = collscope::kernels::OptionsFromArgv(args, options);
  if (!error.empty()) {
    std::fprintf(stderr, "collscope record: %s\n", error.c_str());
    return 2;
  }
  return collscope::kernels::nccl::RunNcclRecorder(options);
}
