#pragma once

#include "app/panels/panels.h"

namespace collscope::gui {

// The menu bar: File, View, Lessons and Help.
void DrawMenuBar(FrameContext& frame);

}  // namespace collscope::gui
