#pragma once

#include "app/layout.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// What the lesson panel measured last frame: the heights of the parts that
// stay in place (the title and scene buttons at the top; the questions, the
// prediction and the buttons at the bottom) around the text, which scrolls
// between them.
struct LessonPanelUi {
  float top_h = 0;
  float bottom_h = 0;
  float chrome_h = 0;  // title bar and padding
  float text_h = 0;    // the whole text between them
  // What the panel needs so the pinned parts show whole; 0 before the first
  // frame.
  float WantedHeight() const { return top_h > 0 ? top_h + bottom_h + chrome_h + text_h : 0; }
};

// The lesson's text, its scenes and the prediction question.
void DrawLessonPanel(FrameContext& frame, const Rect& rect, LessonPanelUi& ui);

}  // namespace collscope::gui
