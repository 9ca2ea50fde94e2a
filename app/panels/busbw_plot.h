#pragma once

#include "app/panels/panels.h"
#include "app/panels/trace_picture.h"

namespace collscope::gui {

// The busbw-versus-size plot of a trace's nccl-tests measurements against
// the model, in [min, max].
void DrawBusbwPlot(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);

}  // namespace collscope::gui
