#include "app/layout.h"

#include <algorithm>
#include <utility>

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

// The width a window's whole title took last frame (ImGui cuts a title at
// its window's edge); 0 before it was first drawn. `id` is the part after
// "###", which names the window whatever its title says (ImHashStr).
float TitleWidth(const char* id) {
  const ImGuiWindow* window = ImGui::FindWindowByName(id);
  if (window == nullptr || window->Name == nullptr) return 0;
  const char* end = ImGui::FindRenderedTextEnd(window->Name);
  return ImGui::CalcTextSize(window->Name, end).x + ImGui::GetStyle().FramePadding.x * 2 +
         window->WindowPadding.x;
}

// The height of a timeline of `rows` rows along the bottom of a centre
// `centre_h` high: a row a line, its header and time axis. Presenter mode
// keeps the rows as tall as their labels and leaves the height to the view
// (issue 15: the straggler's ring was small on a projector).
float TimelineHeight(const LayoutWants& wants, bool presenter, float centre_h) {
  if (wants.timeline_rows <= 0) return 0;
  const float rows = static_cast<float>(std::min(wants.timeline_rows, 16));
  const float row_lines = presenter ? 1.1f : 1.6f;
  return std::min(centre_h * wants.timeline_share, (rows * row_lines + 6.5f) * wants.body_px);
}

}  // namespace

Layout ComputeLayout(const Rect& work, const ViewSettings& view, bool show_bar,
                     const LayoutWants& wants) {
  Layout layout;
  const PanelVisibility& panels = view.panels;
  const float body_px = wants.body_px;
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
      // lesson the rest; where the lesson needs more to show its text,
      // scenes, questions and buttons whole, it comes first, up to three
      // quarters of the column, and the controls scroll.
      const float controls_want = WantedHeight("Controls###controls");
      const float lesson_share =
          controls_want > 0 ? std::clamp(1 - controls_want / height, 0.25f, 0.7f) : 0.31f;
      const float lesson_need = std::min(wants.lesson_height, height * 0.75f);
      const float lesson_h =
          panels.controls ? (panels.lesson ? std::max(height * lesson_share, lesson_need) : 0)
                          : height;
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
  const float table_want = wants.table_height > 0
                               ? wants.table_height
                               : body_px * (1.5f * static_cast<float>(wants.table_rows + 1) + 4.4f);
  if (view.presenter && panels.centre && panels.table) {
    // A projector layout: the view round and large, the table whole, a
    // timeline compact along the bottom, nothing else. The table goes under
    // the view when whole labels fit the width; beside the view when they
    // do not, or when a timeline takes the height the table would need
    // under it. Beside, the table gets its whole labels at the floor size
    // where the view keeps a square of the height (or half the width), and
    // its whole title always.
    const float timeline_h = TimelineHeight(wants, /*presenter=*/true, height);
    const float above_h = height - timeline_h;
    if (timeline_h > 0) {
      layout.timeline = {ImVec2(x, y + above_h), ImVec2(width, timeline_h)};
    }
    if ((wants.table_width > width || timeline_h > 0) && width >= above_h * 1.3f) {
      // The table's scroll bar, should its rows not fit, takes width too.
      const float title_need = TitleWidth("###table");
      const float table_need =
          std::max(wants.table_width, title_need) + ImGui::GetStyle().ScrollbarSize;
      // Under a timeline the ring may be a little wider than high: the
      // heading then sits beside it rather than above it.
      const float widest = above_h * (timeline_h > 0 ? 1.25f : 1.0f);
      // A table that cannot have its whole labels keeps its whole title and
      // leaves the view a square of the height (or half the width); beside
      // a timeline's view, which is short, the table gets its labels' width
      // down to a view of two fifths of the width.
      float smallest = timeline_h > 0
                           ? std::min(above_h, width * 0.4f)
                           : std::min(std::max(above_h, width * 0.5f), width - title_need);
      // Narrower still, down to two fifths of the width, where the table
      // then fits whole in its compact form (p = 12 at 1920x1080), and to
      // three tenths where it fits in its tight form (p = 16: the marks'
      // room is what does not fit): all its columns matter more than a
      // square (the ring stays round, smaller; docs/gui.md).
      for (const auto& [table_w, view_share] :
           {std::pair{wants.table_compact_width, 0.4f}, std::pair{wants.table_tight_width, 0.3f}}) {
        const float need = std::max(table_w, title_need) + ImGui::GetStyle().ScrollbarSize;
        if (timeline_h <= 0 && width - smallest < need && width - need >= width * view_share) {
          smallest = width - need;
          break;
        }
      }
      const float centre_w = std::max(std::min(widest, width - table_need), smallest);
      layout.centre = {ImVec2(x, y), ImVec2(centre_w, above_h)};
      layout.table = {ImVec2(x + centre_w, y), ImVec2(width - centre_w, above_h)};
      return layout;
    }
    const float table_h = std::clamp(table_want, above_h * 0.25f, above_h * 0.45f);
    layout.centre = {ImVec2(x, y), ImVec2(width, above_h - table_h)};
    layout.table = {ImVec2(x, y + above_h - table_h), ImVec2(width, table_h)};
    return layout;
  }
  // Between a quarter and a half of the height.
  const float table_h =
      panels.table
          ? (panels.centre ? std::clamp(table_want, height * 0.25f, height * 0.5f) : height)
          : 0.0f;
  float centre_h = height - table_h;
  if (panels.centre) {
    // A trace's timeline runs along the bottom of the centre, a row per
    // rank, above the buffer table.
    const float timeline_h = TimelineHeight(wants, view.presenter, centre_h);
    centre_h -= timeline_h;
    layout.centre = {ImVec2(x, y), ImVec2(width, centre_h)};
    if (timeline_h > 0) layout.timeline = {ImVec2(x, y + centre_h), ImVec2(width, timeline_h)};
    centre_h += timeline_h;
  }
  if (panels.table) {
    // A table wider than the centre column takes the width under the cost
    // panel too, which then ends at the table.
    float table_w = width;
    if (wants.table_width > width && !layout.cost.Empty() && panels.centre) {
      table_w += layout.cost.size.x;
      layout.cost.size.y = centre_h;
    }
    layout.table = {ImVec2(x, y + centre_h), ImVec2(table_w, height - centre_h)};
  }
  return layout;
}

}  // namespace collscope::gui
