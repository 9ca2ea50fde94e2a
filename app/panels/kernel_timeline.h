#pragma once

// The timeline of a per-rank trace (PyTorch profiles, Chrome traces, NCCL
// Inspector): a lane per rank and stream of NCCL kernels on one time base.
// Each kernel is drawn in two parts: the time it waited for the last rank
// to arrive (hatched) and the time the collective then ran (solid), so the
// straggler is the one rank that never waits; it is marked "last". The
// wheel zooms, dragging pans, hovering shows the call across ranks.
#include <cstdint>
#include <vector>

#include "app/kernel_lanes.h"
#include "app/panels/panels.h"

namespace collscope::gui {

struct KernelTimelineUi {
  const trace::Trace* indexed = nullptr;  // the trace the lanes were built for
  KernelLanes lanes;
  double view_start_ns = 0;
  double view_end_ns = 1;
  bool show_waiting = true;  // hatch each kernel's wait for the last arrival
};

// True when the loaded trace has NCCL kernels per rank to lay out.
bool HasKernelTimeline(const AppState& state);

// Builds the lanes of `trace` when they are not the ones held (a new trace).
void IndexKernelLanes(const trace::Trace& trace, KernelTimelineUi& ui);

void DrawKernelTimeline(FrameContext& frame, const Rect& rect, KernelTimelineUi& ui);

}  // namespace collscope::gui
