#pragma once

#include "app/panels/panels.h"

namespace collscope::gui {

// `heading` is the bottom right corner of the heading in the top left
// corner of [min, max], which the ring avoids.
void DrawRingView(FrameContext& frame, ImVec2 min, ImVec2 max, ImVec2 heading);

}  // namespace collscope::gui
