#pragma once

#include "app/panels/panels.h"
#include "app/panels/trace_picture.h"

namespace collscope::gui {

// Why this algorithm: NCCL's predicted time (or busbw) of every algorithm x
// protocol against size on the trace's machine, the pick, the crossovers,
// and the trace's measurements and TUNING choices over them.
void DrawNcclModelPlot(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);

}  // namespace collscope::gui
