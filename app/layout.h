#pragma once

#include "app/app_state.h"
#include "imgui.h"

namespace collscope::gui {

struct Rect {
  ImVec2 pos;
  ImVec2 size;
  bool Empty() const { return size.x <= 1 || size.y <= 1; }
};

// Where each panel goes this frame. The default layout (docs/gui.md): lesson
// and controls on the left, the ring or tree view large in the centre with
// the buffer table under it, the cost overlay on the right. Presenter mode
// keeps the centre and the table and shows a control strip only while the
// mouse moves.
struct Layout {
  Rect lesson;
  Rect controls;
  Rect centre;
  Rect table;
  Rect cost;
  Rect presenter_bar;  // empty unless shown
};

// `work` is the area under the menu bar; `show_bar` shows the presenter's
// control strip.
// `table_rows` is how many rows the buffer table would like to show (the
// centre view gets the rest).
// `table_width` the width it would like (presenter mode puts a narrow
// table beside the view instead of under it).
Layout ComputeLayout(const Rect& work, const ViewSettings& view, bool show_bar, float body_px,
                     int table_rows, float table_width);

}  // namespace collscope::gui
