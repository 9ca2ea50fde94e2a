#include "app/panels/kernel_timeline.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/panels/time_axis.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr double kMinSpanNs = 20;

// One colour per collective, kept in order of first appearance, from the
// colour-blind-safe set the phases use.
ImU32 CollectiveColor(const Palette& palette, const std::string& collective) {
  if (collective == "allreduce") return palette.phase_reduce_scatter;
  if (collective == "allgather") return palette.phase_all_gather;
  if (collective == "reducescatter") return palette.phase_other[0];
  if (collective == "alltoall" || collective == "sendrecv") return palette.phase_other[1];
  if (collective == "broadcast") return palette.phase_other[2];
  return palette.phase_other[3];
}

ImU32 WithAlpha(ImU32 color, int alpha) {
  return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

// Diagonal hatching inside a rectangle: the waiting part of a kernel, told
// apart from the running part by its pattern, not only its colour.
void Hatch(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 color, float step) {
  if (b.x - a.x < 2) return;
  draw->PushClipRect(a, b, true);
  const float height = b.y - a.y;
  for (float x = a.x - height; x < b.x; x += step) {
    draw->AddLine(ImVec2(x, b.y), ImVec2(x + height, a.y), color, 1.0f);
  }
  draw->PopClipRect();
}

}  // namespace

bool HasKernelTimeline(const AppState& state) {
  const trace::Trace* loaded = state.loaded_trace();
  if (loaded == nullptr) return false;
  return std::any_of(loaded->runs.begin(), loaded->runs.end(), [](const trace::Run& run) {
    return run.rank >= 0 && run.steps.empty() && run.t_end_ns >= run.t_start_ns;
  });
}

void IndexKernelLanes(const trace::Trace& trace, KernelTimelineUi& ui) {
  if (ui.indexed == &trace) return;
  ui.indexed = &trace;
  ui.lanes = KernelLanes(trace);
  ui.view_start_ns = static_cast<double>(ui.lanes.first_ns());
  ui.view_end_ns = static_cast<double>(std::max(ui.lanes.last_ns(), ui.lanes.first_ns() + 1));
}

void DrawKernelTimeline(FrameContext& frame, const Rect& rect, KernelTimelineUi& ui) {
  AppState& state = frame.state;
  const trace::Trace* loaded = state.loaded_trace();
  if (loaded == nullptr) return;
  IndexKernelLanes(*loaded, ui);
  const KernelLanes& lanes = ui.lanes;
  if (lanes.empty()) return;
  PlacePanel(rect);
  std::size_t kernels = 0;
  std::int32_t ranks = 0;
  for (const KernelLane& lane : lanes.lanes()) {
    kernels += lane.runs.size();
    ranks = std::max(ranks, lane.rank + 1);
  }
  const std::string title = "Timeline: " + std::to_string(kernels) + " NCCL kernel" +
                            (kernels == 1 ? "" : "s") + " on " + std::to_string(ranks) + " rank" +
                            (ranks == 1 ? "" : "s") + " (" + loaded->meta.source + ")" +
                            "###kerneltimeline";
  if (!ImGui::Begin(title.c_str(), state.view.presenter ? nullptr : &state.view.panels.timeline,
                    FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  const Palette& palette = frame.palette;
  const float px = frame.fonts.body_px;
  ImGui::Checkbox("show waiting", &ui.show_waiting);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "hatched: the part of each kernel spent waiting for the last rank to arrive.\nIn a "
        "collective every rank's kernel lasts until the last one arrives, so the\nstraggler is "
        "the rank whose kernel starts last and never waits.");
  }
  ImGui::SameLine();
  std::size_t matched = 0;
  for (const trace::MatchedCall& call : lanes.calls()) matched += call.RanksSeen() > 1 ? 1 : 0;
  const std::vector<trace::LateArrivals> late = trace::CountLateArrivals(lanes.calls());
  if (!late.empty()) {
    ImGui::Text("last to arrive: rank %d in %zu of %zu calls (%s held up in all)", late[0].rank,
                late[0].times_last, matched,
                FormatSeconds(static_cast<double>(late[0].skew_ns) * 1e-9).c_str());
  } else {
    ImGui::TextDisabled(
        "each call is seen on one rank only: open every rank's file to see "
        "who arrives last");
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = px * 6.0f;
  const float axis_h = px * 1.5f;
  const int rows = static_cast<int>(lanes.lanes().size());
  const float rows_h = std::max(avail.y - axis_h, 3.0f);
  const float row_h = std::clamp(rows_h / static_cast<float>(std::max(rows, 1)), 3.0f, px * 1.6f);
  const float x0 = origin.x + label_w;
  const float width = std::max(avail.x - label_w, 10.0f);
  const ImVec2 mouse = io.MousePos;

  ImGui::InvisibleButton("lanes", ImVec2(std::max(avail.x, 1.0f), rows_h));
  const bool hovered = ImGui::IsItemHovered();
  {
    ZoomAndPan(ui.view_start_ns, ui.view_end_ns, x0, width, mouse.x, hovered ? io.MouseWheel : 0,
               ImGui::IsItemActive() && ImGui::IsMouseDragging(0) ? io.MouseDelta.x : 0);
    const double first = static_cast<double>(lanes.first_ns());
    const double last = static_cast<double>(lanes.last_ns());
    const double full = std::max(last - first, 1.0);
    const double clamped = std::clamp(ui.view_end_ns - ui.view_start_ns, kMinSpanNs,
                                      std::max(kMinSpanNs, full * 1.25));
    const double centre = std::clamp((ui.view_start_ns + ui.view_end_ns) / 2, first, last);
    ui.view_start_ns = centre - clamped / 2;
    ui.view_end_ns = centre + clamped / 2;
  }
  const TimeAxis axis{ui.view_start_ns, ui.view_end_ns - ui.view_start_ns, x0, width};
  const float axis_y = origin.y + rows_h;
  draw->AddRectFilled(ImVec2(x0, axis_y), ImVec2(x0 + width, axis_y + axis_h), palette.cell_fill);
  DrawTicks(draw, {frame.fonts.body, px, palette.grid, palette.text_dim}, axis,
            static_cast<double>(lanes.first_ns()), origin.y, axis_y, axis_h);

  const std::vector<trace::Run>& runs = loaded->runs;
  std::size_t hovered_run = runs.size();
  std::size_t hovered_fold = 0;
  std::size_t drawn = 0;
  for (int r = 0; r < rows; ++r) {
    const KernelLane& lane = lanes.lanes()[static_cast<std::size_t>(r)];
    const float y = origin.y + row_h * static_cast<float>(r);
    ++frame.record.kernel_lanes_drawn;
    const std::string label = "GPU " + std::to_string(lane.rank) +
                              (lane.stream >= 0 ? " s" + std::to_string(lane.stream) : "");
    draw->AddText(frame.fonts.body, std::min(px, row_h), ImVec2(origin.x, y), palette.text,
                  label.c_str());
    const bool in_row = hovered && mouse.y >= y && mouse.y < y + row_h;
    auto start_of = [&](std::size_t i) {
      return static_cast<double>(runs[lane.runs[i]].t_start_ns);
    };
    auto end_of = [&](std::size_t i) { return static_cast<double>(runs[lane.runs[i]].t_end_ns); };
    const std::size_t begin = lanes.FirstEndingAfter(lane, axis.start_ns);
    const std::size_t end = static_cast<std::size_t>(
        std::upper_bound(lane.runs.begin(), lane.runs.end(), axis.start_ns + axis.span_ns,
                         [&](double t, std::uint32_t run) {
                           return t < static_cast<double>(runs[run].t_start_ns);
                         }) -
        lane.runs.begin());
    DrawFolded(
        begin, std::max(begin, end), start_of, end_of, axis,
        [&](std::size_t first, std::size_t last, float a, float b) {
          const std::size_t index = lane.runs[first];
          const trace::Run& run = runs[index];
          const ImU32 color = CollectiveColor(palette, run.collective);
          const float top = y + 1;
          const float bottom = y + row_h - 1;
          ++drawn;
          if (last > first + 1) {
            draw->AddRectFilled(ImVec2(a, top), ImVec2(b, bottom), WithAlpha(color, 160));
          } else {
            // Waiting until the last arrival, then running.
            const int call_index = lanes.CallOf(index);
            float arrival = a;
            bool is_last = false;
            if (ui.show_waiting && call_index >= 0) {
              const trace::MatchedCall& call = lanes.calls()[static_cast<std::size_t>(call_index)];
              if (call.RanksSeen() > 1) {
                arrival = std::clamp(axis.X(static_cast<double>(call.last_start_ns)), a, b);
                is_last = call.last_rank == run.rank && call.SkewNs() > 0;
              }
            }
            if (arrival > a) {
              draw->AddRectFilled(ImVec2(a, top), ImVec2(arrival, bottom), WithAlpha(color, 60));
              Hatch(draw, ImVec2(a, top), ImVec2(arrival, bottom), color,
                    std::max(4.0f, row_h * 0.35f));
            }
            draw->AddRectFilled(ImVec2(arrival, top), ImVec2(b, bottom), color);
            if (is_last) ++frame.record.stragglers_marked;
            if (is_last && b - a > 2) {
              // The straggler: an outline and a mark at its start.
              draw->AddRect(ImVec2(a, top - 1), ImVec2(b, bottom + 1), palette.current, 0, 0, 2.5f);
              const float s = std::min(row_h * 0.45f, px * 0.5f);
              draw->AddTriangleFilled(ImVec2(a, top), ImVec2(a + s, top), ImVec2(a, top + s),
                                      palette.current);
            }
          }
          if (in_row && mouse.x >= a && mouse.x <= b) {
            hovered_run = index;
            hovered_fold = last - first;
          }
        });
  }
  frame.record.timeline_slices_drawn = drawn;
  if (hovered_run < runs.size() && hovered_fold > 1) {
    ImGui::SetTooltip("%zu kernels folded into this bar: zoom in (wheel) to see them",
                      hovered_fold);
  } else if (hovered_run < runs.size()) {
    ImGui::SetTooltip("%s", KernelTooltip(*loaded, lanes, hovered_run).c_str());
  }
  ImGui::End();
}

}  // namespace collscope::gui
