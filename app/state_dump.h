#pragma once

#include <string>

#include "app/app_state.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// What the GUI shows, as JSON, for --dump-state and the tests: the step, the
// cells the engine says changed, and the cells the table drew with their
// screen rectangles (in framebuffer pixels).
std::string StateJson(const AppState& state, const FrameRecord& record, int framebuffer_width,
                      int framebuffer_height, float framebuffer_scale);

}  // namespace collscope::gui
