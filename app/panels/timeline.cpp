// The timeline of a loaded trace (issue 5): a row per rank, a slice per step
// coloured by phase. The wheel zooms around the mouse, dragging pans,
// hovering shows bytes, time and bandwidth, and clicking a slice shows that
// step in the ring view and the buffer table. Slices are culled to the
// visible range per rank and runs narrower than ~3 px fold into one bar, so
// a million events stay cheap to draw (Tracy's two-pass timeline).
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/panels/panels.h"
#include "app/render/format.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// Per-rank event indices sorted by start time, built once per trace.
void Index(const trace::Trace& trace, const trace::Run& run, TimelineUi& ui) {
  if (ui.indexed == &trace) return;
  ui.indexed = &trace;
  ui.rows.assign(static_cast<std::size_t>(std::max(trace.RankCount(), 1)), {});
  ui.first_ns = run.steps.empty() ? 0 : run.steps.front().t_start_ns;
  ui.last_ns = ui.first_ns;
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const trace::StepEvent& e = run.steps[i];
    if (e.rank >= 0 && static_cast<std::size_t>(e.rank) < ui.rows.size()) {
      ui.rows[static_cast<std::size_t>(e.rank)].push_back(static_cast<std::uint32_t>(i));
    }
    ui.first_ns = std::min(ui.first_ns, e.t_start_ns);
    ui.last_ns = std::max(ui.last_ns, e.t_end_ns);
  }
  for (auto& row : ui.rows) {
    std::sort(row.begin(), row.end(), [&](std::uint32_t a, std::uint32_t b) {
      return run.steps[a].t_start_ns < run.steps[b].t_start_ns;
    });
  }
  ui.view_start_ns = static_cast<double>(ui.first_ns);
  ui.view_end_ns = static_cast<double>(std::max(ui.last_ns, ui.first_ns + 1));
}

}  // namespace

void DrawTimeline(FrameContext& frame, const Rect& rect, TimelineUi& ui) {
  AppState& state = frame.state;
  const trace::Trace* loaded = state.loaded_trace();
  if (!loaded || state.trace_run() < 0) return;
  const trace::Run& run = loaded->runs[static_cast<std::size_t>(state.trace_run())];
  Index(*loaded, run, ui);
  PlacePanel(rect);
  std::string title = "Timeline: " + run.collective +
                      (run.algorithm.empty() ? "" : " by " + run.algorithm) + ", " +
                      FormatBytes(static_cast<double>(run.bytes)) + ", " +
                      (loaded->meta.host.empty() ? "unknown host" : loaded->meta.host) +
                      (loaded->complete ? "" : " (incomplete)") + "###timeline";
  if (!ImGui::Begin(title.c_str(), &state.view.panels.table, FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = frame.fonts.body_px * 4.5f;
  const float axis_h = frame.fonts.body_px * 1.4f;
  const int ranks = static_cast<int>(ui.rows.size());
  const float row_h =
      std::clamp((avail.y - axis_h) / std::max(ranks, 1), 3.0f, frame.fonts.body_px * 1.6f);
  const float x0 = origin.x + label_w;
  const float width = std::max(avail.x - label_w, 10.0f);
  const double span = std::max(ui.view_end_ns - ui.view_start_ns, 1.0);
  auto x_of = [&](double ns) {
    return x0 + static_cast<float>((ns - ui.view_start_ns) / span) * width;
  };

  // Zoom around the mouse with the wheel, pan by dragging.
  ImGui::InvisibleButton("timeline", ImVec2(avail.x, avail.y));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && ImGui::GetIO().MouseWheel != 0) {
    const double at = ui.view_start_ns + (mouse.x - x0) / width * span;
    const double factor = ImGui::GetIO().MouseWheel > 0 ? 0.8 : 1.25;
    ui.view_start_ns = at - (at - ui.view_start_ns) * factor;
    ui.view_end_ns = at + (ui.view_end_ns - at) * factor;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(0)) {
    const double shift = -ImGui::GetIO().MouseDelta.x / width * span;
    ui.view_start_ns += shift;
    ui.view_end_ns += shift;
  }

  // Time axis.
  for (int tick = 0; tick <= 4; ++tick) {
    const double ns = ui.view_start_ns + span * tick / 4;
    const float x = x0 + width * tick / 4.0f;
    draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + row_h * ranks), palette.grid);
    const std::string text = FormatSeconds((ns - static_cast<double>(ui.first_ns)) * 1e-9);
    draw->AddText(
        frame.fonts.body, frame.fonts.body_px,
        ImVec2(std::min(x, x0 + width - frame.fonts.body_px * 4), origin.y + row_h * ranks + 2),
        palette.text_dim, text.c_str());
  }

  const trace::StepEvent* hovered_event = nullptr;
  std::size_t drawn = 0;
  for (int r = 0; r < ranks; ++r) {
    const float y = origin.y + row_h * r;
    draw->AddText(frame.fonts.body, std::min(frame.fonts.body_px, row_h), ImVec2(origin.x, y),
                  palette.text, ("GPU " + std::to_string(r)).c_str());
    const auto& row = ui.rows[static_cast<std::size_t>(r)];
    // First pass: the visible range by binary search on start times.
    auto first =
        std::lower_bound(row.begin(), row.end(), ui.view_start_ns, [&](std::uint32_t i, double ns) {
          return static_cast<double>(run.steps[i].t_end_ns) < ns;
        });
    float fold_start = -1, fold_end = -1;
    ImU32 fold_color = 0;
    auto flush = [&] {
      if (fold_start >= 0) {
        draw->AddRectFilled(ImVec2(fold_start, y + 1), ImVec2(fold_end + 1, y + row_h - 1),
                            fold_color);
        ++drawn;
      }
      fold_start = -1;
    };
    for (auto it = first; it != row.end(); ++it) {
      const trace::StepEvent& e = run.steps[*it];
      if (static_cast<double>(e.t_start_ns) > ui.view_end_ns) break;
      const float a = std::max(x_of(static_cast<double>(e.t_start_ns)), x0);
      const float b = std::min(x_of(static_cast<double>(e.t_end_ns)), x0 + width);
      const ImU32 color = palette.PhaseColor(loaded->PhaseName(e.phase));
      // Second pass folded in: slices under ~3 px join their neighbours.
      if (b - a < 3) {
        if (fold_start >= 0 && a - fold_end < 3) {
          fold_end = std::max(fold_end, b);
        } else {
          flush();
          fold_start = a;
          fold_end = b;
          fold_color = color;
        }
        continue;
      }
      flush();
      const bool current = e.step == state.step();
      draw->AddRectFilled(ImVec2(a, y + 1), ImVec2(b, y + row_h - 1), color, 2);
      if (current) draw->AddRect(ImVec2(a, y), ImVec2(b, y + row_h), palette.current, 2, 0, 3);
      ++drawn;
      if (hovered && mouse.x >= a && mouse.x <= b && mouse.y >= y && mouse.y < y + row_h) {
        hovered_event = &e;
      }
    }
    flush();
  }
  frame.record.timeline_slices_drawn = drawn;
  if (hovered_event) {
    const trace::StepEvent& e = *hovered_event;
    const double seconds = static_cast<double>(e.DurationNs()) * 1e-9;
    char bandwidth[48] = "";
    if (seconds > 0)
      std::snprintf(bandwidth, sizeof bandwidth, "%.2f GB/s", e.bytes / seconds / 1e9);
    ImGui::SetTooltip(
        "GPU %d, step %d (%s)\n%s in %s = %s\nsends to %d, receives from %d\nclick: show this step",
        e.rank, e.step, std::string(loaded->PhaseName(e.phase)).c_str(),
        FormatBytes(static_cast<double>(e.bytes)).c_str(), FormatSeconds(seconds).c_str(),
        bandwidth, e.send_to, e.recv_from);
    if (ImGui::IsMouseClicked(0) && e.step <= state.step_count()) state.SeekStep(e.step);
  }
  ImGui::End();
}

}  // namespace collscope::gui
