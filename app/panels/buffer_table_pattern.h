#pragma once

// The buffer table's plain cells (not written this step, not complete) as
// one repeating image: a cell's gap, border and fill in a texture of one
// cell's size, drawn as a single quad over the visible grid. Why: llvmpipe
// (the software renderer of a projector PC without a GPU driver, and of
// Xvfb) pays for each small rectangle and each anti-aliased outline, and at
// p = 64 the table's 450 visible cells were 5 ms of a 21 ms frame at
// 1920x1080 (docs/gui.md). Written, complete and arriving cells are still
// drawn one by one on top of it.
#include <cstdint>
#include <tuple>

#include "app/render/texture.h"
#include "imgui.h"

namespace collscope::gui {

class CellPattern {
 public:
  // Draws the plain cells of a `ranks` x `slots` grid whose cell (r, s)
  // spans [origin + (s, r) * (col_w, row_h), ... + (col_w, row_h)), clipped to
  // [clip_min, clip_max): each cell is a one-pixel gap of `gap`, a
  // one-pixel border and the fill, as the cells drawn one by one are.
  void Draw(ImDrawList* draw, ImVec2 origin, float col_w, float row_h, int ranks, int slots,
            ImVec2 clip_min, ImVec2 clip_max, ImU32 fill, ImU32 border, ImU32 gap);

 private:
  std::tuple<int, int, ImU32, ImU32, ImU32> key_{0, 0, 0, 0, 0};
  Texture texture_;
};

}  // namespace collscope::gui
