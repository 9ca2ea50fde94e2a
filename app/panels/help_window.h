#pragma once

#include "app/panels/panels.h"

namespace collscope::gui {

// Help (F1): the keys and the lecture's notation.
void DrawHelpWindow(FrameContext& frame);

}  // namespace collscope::gui
