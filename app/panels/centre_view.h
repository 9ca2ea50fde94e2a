#pragma once

#include "app/layout.h"
#include "app/panels/lesson_figures.h"
#include "app/panels/panels.h"
#include "app/panels/trace_picture.h"
#include "app/panels/tree_view.h"

namespace collscope::gui {

// The centre: ring or tree view, with the step heading (or a lesson's
// figure, or a trace's own picture).
void DrawCentreView(FrameContext& frame, const Rect& rect, TreeViewUi& tree_ui,
                    LessonFigureUi& figure_ui, TracePictureUi& trace_ui);
// Whether the loaded trace has a picture of its own (measurements or NCCL
// topology and no per-step run).
bool HasTracePicture(const AppState& state);
// Whether the centre shows the open lesson's figure (a trace's picture comes
// first).
bool ShowsLessonFigure(const AppState& state);

}  // namespace collscope::gui
