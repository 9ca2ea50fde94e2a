#include "app/panels/buffer_table_pattern.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace collscope::gui {

void CellPattern::Draw(ImDrawList* draw, ImVec2 origin, float col_w, float row_h, int ranks,
                       int slots, ImVec2 clip_min, ImVec2 clip_max, ImU32 fill, ImU32 border,
                       ImU32 gap) {
  // The table's sizes are whole pixels (TableGeometry rounds them).
  const int w = static_cast<int>(std::lround(col_w));
  const int h = static_cast<int>(std::lround(row_h));
  if (w < 5 || h < 5 || ranks < 1 || slots < 1) return;
  const auto key = std::make_tuple(w, h, fill, border, gap);
  if (key != key_ || !texture_.Valid()) {
    key_ = key;
    // Texel k covers the pixels whose centres lie k..k+1 from the cell's
    // edge: the gap at 0 and w-1, the border at 1 and w-2 (where a cell's
    // AddRectFilled(edge + 1, edge + w - 1) and its one-pixel outline
    // fall), the fill between.
    std::vector<std::uint32_t> texels(static_cast<std::size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const bool in_gap = x == 0 || x == w - 1 || y == 0 || y == h - 1;
        const bool on_border = x == 1 || x == w - 2 || y == 1 || y == h - 2;
        texels[static_cast<std::size_t>(y) * w + x] = in_gap ? gap : on_border ? border : fill;
      }
    }
    texture_.Update(w, h, texels);
  }
  const ImVec2 min(std::max(origin.x, clip_min.x), std::max(origin.y, clip_min.y));
  const ImVec2 max(std::min(origin.x + col_w * static_cast<float>(slots), clip_max.x),
                   std::min(origin.y + row_h * static_cast<float>(ranks), clip_max.y));
  if (!(min.x < max.x && min.y < max.y)) return;
  // The texture repeats: a cell per unit of its coordinates.
  draw->AddImage(texture_.Id(), min, max,
                 ImVec2((min.x - origin.x) / col_w, (min.y - origin.y) / row_h),
                 ImVec2((max.x - origin.x) / col_w, (max.y - origin.y) / row_h));
}

}  // namespace collscope::gui
