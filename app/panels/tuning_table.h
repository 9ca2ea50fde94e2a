#pragma once

#include "app/panels/panels.h"
#include "app/panels/trace_picture.h"

namespace collscope::gui {

// NCCL's choices: the TUNING lines as a size -> algorithm / protocol /
// channels table beside the model's pick, and the init table.
void DrawTuningTable(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);

}  // namespace collscope::gui
