#pragma once

// What a trace's measurements are, in the words its plot is titled with:
// nccl-tests output, nccl-tests' JSON, a recorder's library run (MPI's or
// NCCL's own collective), ... Pure logic, tested without a display.
#include <string>

#include "trace/model.h"

namespace collscope::gui {

// "nccl-tests", "nccl-tests -J", "rccl-tests", "MPI library run (MPI_Allreduce)",
// "NCCL library run (ncclAllReduce)", "threads recording"; the trace's
// source otherwise.
std::string MeasurementKind(const trace::Trace& trace, const std::string& collective);

// True when the measurements carry nccl-tests -I per-iteration timing.
bool HasIterationSpread(const trace::Trace& trace);

}  // namespace collscope::gui
