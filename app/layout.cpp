#include "app/layout.h"

#include <algorithm>

namespace collscope::gui {

Layout ComputeLayout(const Rect& work, const ViewSettings& view, bool show_bar, float body_px,
                     int table_rows, float table_width) {
  Layout layout;
  const PanelVisibility& panels = view.panels;
  float x = work.pos.x;
  float width = work.size.x;
  const float height = work.size.y;
  const float y = work.pos.y;

  if (view.presenter) {
    // The centre and the table only, larger; the control strip overlays the
    // bottom while the mouse moves.
    if (show_bar) {
      const float bar = std::min(height * 0.25f, body_px * 4.2f);
      layout.presenter_bar = {ImVec2(x, y + height - bar), ImVec2(width, bar)};
    }
  } else {
    // Side columns scale with the window: 1920 px wide gives 400 + 470 px.
    const bool left = panels.lesson || panels.controls;
    if (left) {
      const float w = std::clamp(width * 0.19f, 250.0f, 520.0f);
      const float lesson_h = panels.controls ? (panels.lesson ? height * 0.31f : 0) : height;
      if (panels.lesson) layout.lesson = {ImVec2(x, y), ImVec2(w, lesson_h)};
      if (panels.controls) {
        layout.controls = {ImVec2(x, y + lesson_h), ImVec2(w, height - lesson_h)};
      }
      x += w;
      width -= w;
    }
    if (panels.cost) {
      const float w = std::clamp(width * 0.29f, 300.0f, 620.0f);
      layout.cost = {ImVec2(x + width - w, y), ImVec2(w, height)};
      width -= w;
    }
  }
  // Presenter mode on a wide screen: the view on the left, as tall as the
  // screen, the table beside it when it fits in 62% of the width.
  const float side_w = table_width + body_px * 1.5f;
  if (view.presenter && panels.centre && panels.table && side_w <= width * 0.62f &&
      width >= height * 1.3f) {
    layout.centre = {ImVec2(x, y), ImVec2(width - side_w, height)};
    layout.table = {ImVec2(x + width - side_w, y), ImVec2(side_w, height)};
    return layout;
  }
  // The table takes what its rows need (title, legend, header, rows: see
  // buffer_table.cpp), between a quarter and a half of the height.
  const float table_want = body_px * (1.6f * static_cast<float>(table_rows + 1) + 4.6f);
  const float table_h =
      panels.table
          ? (panels.centre ? std::clamp(table_want, height * 0.25f, height * 0.5f) : height)
          : 0.0f;
  const float centre_h = height - table_h;
  if (panels.centre) layout.centre = {ImVec2(x, y), ImVec2(width, centre_h)};
  if (panels.table) layout.table = {ImVec2(x, y + centre_h), ImVec2(width, height - centre_h)};
  return layout;
}

}  // namespace collscope::gui
