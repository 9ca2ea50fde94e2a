#include "app/layout.h"

#include <algorithm>

#include "imgui_internal.h"

namespace collscope::gui {

namespace {

// The height a window's contents took last frame (title bar and padding
// included); 0 before it was first drawn. ImGui measures it while laying
// the window out (ImGuiWindow::ContentSize, imgui_internal.h 1.86).
float WantedHeight(const char* name) {
  const ImGuiWindow* window = ImGui::FindWindowByName(name);
  if (window == nullptr || window->ContentSize.y <= 0) return 0;
  return window->ContentSize.y + window->TitleBarHeight() + window->WindowPadding.y * 2 + 2;
}

}  // namespace

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
      // The controls take what they need (measured last frame) and the
      // lesson the rest, so its text, scenes and questions show whole.
      const float controls_want = WantedHeight("Controls###controls");
      const float lesson_share =
          controls_want > 0 ? std::clamp(1 - controls_want / height, 0.25f, 0.7f) : 0.31f;
      const float lesson_h = panels.controls ? (panels.lesson ? height * lesson_share : 0) : height;
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
  // The table takes what its rows need (title, legend, header, rows: see
  // buffer_table.cpp).
  const float table_want = body_px * (1.5f * static_cast<float>(table_rows + 1) + 4.4f);
  if (view.presenter && panels.centre && panels.table) {
    // A projector layout: the view round and large, the table whole, nothing
    // else. Under the view when whole labels fit the width; otherwise (a
    // wide table) beside a square view, where it shortens its labels.
    if (table_width > width && width >= height * 1.3f) {
      const float centre_w = std::max(height, width * 0.5f);
      layout.centre = {ImVec2(x, y), ImVec2(centre_w, height)};
      layout.table = {ImVec2(x + centre_w, y), ImVec2(width - centre_w, height)};
      return layout;
    }
    const float table_h = std::clamp(table_want, height * 0.25f, height * 0.45f);
    layout.centre = {ImVec2(x, y), ImVec2(width, height - table_h)};
    layout.table = {ImVec2(x, y + height - table_h), ImVec2(width, table_h)};
    return layout;
  }
  // Between a quarter and a half of the height.
  const float table_h =
      panels.table
          ? (panels.centre ? std::clamp(table_want, height * 0.25f, height * 0.5f) : height)
          : 0.0f;
  const float centre_h = height - table_h;
  if (panels.centre) layout.centre = {ImVec2(x, y), ImVec2(width, centre_h)};
  if (panels.table) {
    // A table wider than the centre column takes the width under the cost
    // panel too, which then ends at the table.
    float table_w = width;
    if (table_width > width && !layout.cost.Empty() && panels.centre) {
      table_w += layout.cost.size.x;
      layout.cost.size.y = centre_h;
    }
    layout.table = {ImVec2(x, y + centre_h), ImVec2(table_w, height - centre_h)};
  }
  return layout;
}

}  // namespace collscope::gui
