#pragma once

#include "app/layout.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// The controls' text fields, kept between frames while the user types.
struct ControlsUi {
  char bytes_text[32] = "";
  double shown_bytes = -1;
  int ranks_input = 0;
};

void DrawControls(FrameContext& frame, const Rect& rect, ControlsUi& ui);
// Presenter mode's strip of step buttons (shown while the mouse moves).
void DrawPresenterBar(FrameContext& frame, const Rect& rect);

}  // namespace collscope::gui
