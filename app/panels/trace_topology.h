#pragma once

#include "app/panels/panels.h"
#include "app/panels/trace_picture.h"

namespace collscope::gui {

// NCCL's rings or trees of one channel of a trace, in [min, max].
void DrawTraceTopology(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);

}  // namespace collscope::gui
