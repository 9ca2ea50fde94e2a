#pragma once

#include "app/layout.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// The lesson's text, its scenes and the prediction question.
void DrawLessonPanel(FrameContext& frame, const Rect& rect);

}  // namespace collscope::gui
