// The timeline of a loaded trace (issue 5): a row per rank, a slice per step
// coloured by phase and, with "model" ticked, a thin ghost bar under the
// slices: the engine's α-β-γ time of each step laid end to end from the
// run's start, so a slow step shows as a slice longer than its ghost. The
// wheel zooms around the mouse, dragging pans, hovering shows bytes, time,
// bandwidth and the model's time, clicking a slice shows that step. The
// header replays the trace in scaled time; clicking or dragging on the time
// axis places the playhead. Slices are culled to the visible range per rank
// and runs narrower than ~3 px fold into one bar whose end is found by
// binary search, so a million events cost O(pixels x log n) a frame
// (Tracy's timeline).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/panels/time_axis.h"
#include "app/panels/timeline.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// Zoom limits: 20 ns across the panel (a few events of a fast link), and a
// little more than the whole run.
constexpr double kMinSpanNs = 20;
constexpr double kMaxSpanFactor = 1.25;

void FitView(TimelineUi& ui) {
  ui.view_start_ns = static_cast<double>(ui.first_ns);
  ui.view_end_ns = static_cast<double>(ui.last_ns);
}

// Keeps the view between the zoom limits and over the run (and the model's
// steps, which may end long after the measured run).
void ClampView(TimelineUi& ui, double end_ns) {
  const double first = static_cast<double>(ui.first_ns);
  const double last = std::max(static_cast<double>(ui.last_ns), end_ns);
  const double full = std::max(last - first, 1.0);
  const double span = std::clamp(ui.view_end_ns - ui.view_start_ns, kMinSpanNs,
                                 std::max(kMinSpanNs, full * kMaxSpanFactor));
  const double centre = std::clamp((ui.view_start_ns + ui.view_end_ns) / 2, first, last);
  ui.view_start_ns = centre - span / 2;
  ui.view_end_ns = centre + span / 2;
}

// "1/10000×" for a speed of 1e-4.
std::string SpeedLabel(int exponent) {
  if (exponent >= 0) return "real time (1×)";
  return "1/1" + std::string(static_cast<std::size_t>(-exponent), '0') + "×";
}

// A recording's iterations: one at a time, or all of them end to end.
void DrawIterationChoice(FrameContext& frame) {
  AppState& state = frame.state;
  const std::vector<int> runs = state.TimedTraceRuns();
  if (runs.size() < 2) return;
  const trace::Trace& trace = *state.loaded_trace();
  auto label = [&](int run) {
    return "iteration " + std::to_string(trace.runs[static_cast<std::size_t>(run)].iteration);
  };
  const std::string shown = state.showing_all_trace_runs()
                                ? "all " + std::to_string(runs.size()) + " end to end"
                                : label(state.trace_run());
  ImGui::SetNextItemWidth(frame.fonts.body_px * 9);
  if (ImGui::BeginCombo("##iteration", shown.c_str())) {
    if (ImGui::Selectable(("all " + std::to_string(runs.size()) + " end to end").c_str(),
                          state.showing_all_trace_runs())) {
      state.ShowAllTraceRuns();
    }
    for (int run : runs) {
      if (ImGui::Selectable(label(run).c_str(),
                            !state.showing_all_trace_runs() && run == state.trace_run())) {
        state.ShowTraceRun(run);
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("which iteration of the recording to show");
  ImGui::SameLine();
}

// Play / pause, speed, the model switch and where the playhead is.
void DrawHeader(FrameContext& frame, TimelineUi& ui) {
  AppState& state = frame.state;
  TraceReplay& replay = state.replay();
  DrawIterationChoice(frame);
  const char* play = replay.playing()  ? "|| Pause###play"
                     : replay.Active() ? "▶ Play###play"
                                       : "▶ Replay###play";
  if (ImGui::Button(play)) replay.SetPlaying(!replay.playing());
  ImGui::SameLine();
  int exponent = static_cast<int>(std::lround(std::log10(replay.speed())));
  const int slowest = static_cast<int>(std::lround(std::log10(TraceReplay::kMinSpeed)));
  ImGui::TextUnformatted("speed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.fonts.body_px * 8);
  // A log slider in steps of ten: its text is the speed itself.
  if (ImGui::SliderInt("##speed", &exponent, slowest, 0, SpeedLabel(exponent).c_str(),
                       ImGuiSliderFlags_NoInput)) {
    replay.SetSpeed(std::pow(10.0, exponent));
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("trace time per second of wall time: 1/10000× plays 1 ms in 10 s");
  }
  ImGui::SameLine();
  ImGui::Checkbox("model", &ui.show_model);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "thin bars under the slices: the α-β-γ model's time of each step\n(preset %s), laid end "
        "to end from the run's start",
        std::string(state.preset_name()).c_str());
  }
  ImGui::SameLine();
  if (!replay.Active()) {
    ImGui::TextDisabled("click or drag on the time axis to place the playhead");
    return;
  }
  const ReplaySnapshot& at = replay.snapshot();
  const double from = static_cast<double>(ui.first_ns);
  ImGui::Text("t = %s of %s  ·  %zu GPU%s waiting  ·  %zu in flight",
              FormatSeconds((static_cast<double>(replay.playhead_ns()) - from) * 1e-9).c_str(),
              FormatSeconds((static_cast<double>(ui.last_ns) - from) * 1e-9).c_str(),
              at.WaitingRanks().size(), at.WaitingRanks().size() == 1 ? "" : "s",
              at.in_flight.size());
  ImGui::SameLine();
  if (ImGui::SmallButton("■ Leave replay")) replay.Stop();
}

// The engine's time of step `step` (1-based), or a negative value when the
// schedule has no such step.
double ModelSeconds(const AppState& state, std::int64_t step) {
  const auto& costs = state.StepCosts();
  if (step < 1 || step > static_cast<std::int64_t>(costs.size())) return -1;
  return costs[static_cast<std::size_t>(step - 1)].Total();
}

ImU32 WithAlpha(ImU32 color, int alpha) {
  return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

}  // namespace

void DrawTimeline(FrameContext& frame, const Rect& rect, TimelineUi& ui) {
  AppState& state = frame.state;
  const trace::Trace* loaded = state.loaded_trace();
  TraceReplay& replay = state.replay();
  if (!loaded || !replay.Attached()) return;
  const trace::Run& run = *replay.run();
  const RunIndex& index = replay.index();
  if (ui.indexed != &run) {
    ui.indexed = &run;
    ui.first_ns = index.first_ns();
    ui.last_ns = std::max(index.last_ns(), ui.first_ns + 1);
    ui.last_playhead_ns = -1;
    FitView(ui);
  }
  PlacePanel(rect);
  std::string title = "Timeline: " + run.collective +
                      (run.algorithm.empty() ? "" : " by " + run.algorithm) + ", " +
                      FormatBytes(static_cast<double>(run.bytes)) + ", " +
                      (loaded->meta.host.empty() ? "unknown host" : loaded->meta.host) +
                      (loaded->complete ? "" : " (incomplete)") + "###timeline";
  // Its own switch (it used to close the buffer table); no close button
  // in presenter mode.
  if (!ImGui::Begin(title.c_str(), state.view.presenter ? nullptr : &state.view.panels.timeline,
                    FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  DrawHeader(frame, ui);
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImGuiIO& io = ImGui::GetIO();
  const float px = frame.fonts.body_px;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = px * 4.5f;
  const float axis_h = px * 1.5f;
  const int ranks = index.Ranks();
  const float rows_h = std::max(avail.y - axis_h, 3.0f);
  const float row_h = std::clamp(rows_h / static_cast<float>(std::max(ranks, 1)), 3.0f, px * 1.6f);
  const float x0 = origin.x + label_w;
  const float width = std::max(avail.x - label_w, 10.0f);
  const ImVec2 mouse = io.MousePos;

  // Model ghosts: step k runs from ends[k-2] (the run's start for k = 1)
  // to ends[k-1].
  std::vector<double> seconds;
  if (ui.show_model) {
    for (const engine::StepCost& cost : state.StepCosts()) seconds.push_back(cost.Total());
  }
  const double model_start = run.t_end_ns > run.t_start_ns ? static_cast<double>(run.t_start_ns)
                                                           : static_cast<double>(ui.first_ns);
  const std::vector<double> model_ends = ModelStepEnds(seconds, model_start);
  auto model_begin = [&](std::size_t k) { return k == 0 ? model_start : model_ends[k - 1]; };
  const bool ghosts = !model_ends.empty() && row_h >= 8;
  const float slice_h = ghosts ? std::round(row_h * 0.6f) : row_h - 1;

  // Rows: zoom around the mouse with the wheel, pan by dragging.
  ImGui::InvisibleButton("rows", ImVec2(std::max(avail.x, 1.0f), rows_h));
  const bool hovered = ImGui::IsItemHovered();
  {
    ZoomAndPan(ui.view_start_ns, ui.view_end_ns, x0, width, mouse.x, hovered ? io.MouseWheel : 0,
               ImGui::IsItemActive() && ImGui::IsMouseDragging(0) ? io.MouseDelta.x : 0);
  }
  // The time axis places the playhead.
  const float axis_y = origin.y + rows_h;
  ImGui::SetCursorScreenPos(ImVec2(origin.x, axis_y));
  ImGui::InvisibleButton("axis", ImVec2(std::max(avail.x, 1.0f), axis_h));
  const bool axis_hovered = ImGui::IsItemHovered();
  // A playing playhead that crosses the right edge turns the page.
  if (replay.playing()) {
    const double t = static_cast<double>(replay.playhead_ns());
    const double span = ui.view_end_ns - ui.view_start_ns;
    if (ui.last_playhead_ns <= ui.view_end_ns && t > ui.view_end_ns) {
      ui.view_start_ns = t - span * 0.05;
      ui.view_end_ns = ui.view_start_ns + span;
    }
  }
  ClampView(ui, model_ends.empty() ? 0.0 : model_ends.back());
  const TimeAxis axis{ui.view_start_ns, ui.view_end_ns - ui.view_start_ns, x0, width};
  if (ImGui::IsItemActive()) {
    replay.Seek(
        static_cast<std::int64_t>(std::llround(axis.Ns(std::clamp(mouse.x, x0, x0 + width)))));
  }
  ui.last_playhead_ns = replay.Active() ? static_cast<double>(replay.playhead_ns()) : -1;

  // The axis band, its ticks and the grid.
  draw->AddRectFilled(ImVec2(x0, axis_y), ImVec2(x0 + width, axis_y + axis_h),
                      axis_hovered ? palette.cell_border : palette.cell_fill);
  DrawTicks(draw, {frame.fonts.body, px, palette.grid, palette.text_dim}, axis,
            static_cast<double>(ui.first_ns), origin.y, axis_y, axis_h);

  const ReplaySnapshot& at = replay.snapshot();
  const float clip_top = draw->GetClipRectMin().y;
  const float clip_bottom = draw->GetClipRectMax().y;
  const trace::StepEvent* hovered_event = nullptr;
  std::size_t hovered_fold = 0;
  std::int64_t hovered_ghost = 0;
  std::size_t drawn = 0;
  for (int r = 0; r < ranks; ++r) {
    const float y = origin.y + row_h * static_cast<float>(r);
    if (y + row_h < clip_top || y > std::min(clip_bottom, axis_y)) continue;
    const bool waiting = replay.Active() && static_cast<std::size_t>(r) < at.ranks.size() &&
                         at.ranks[static_cast<std::size_t>(r)].waiting;
    draw->AddText(frame.fonts.body, std::min(px, row_h), ImVec2(origin.x, y),
                  waiting ? palette.text_dim : palette.text, ("GPU " + std::to_string(r)).c_str());
    const bool in_row = hovered && mouse.y >= y && mouse.y < y + row_h;
    const auto& row = index.Row(r);
    auto start_of = [&](std::size_t i) {
      return static_cast<double>(run.steps[row[i]].t_start_ns);
    };
    auto end_of = [&](std::size_t i) { return static_cast<double>(run.steps[row[i]].t_end_ns); };
    struct Merged {
      float a = 0;
      float b = 0;
      ImU32 color = 0;  // 0: none pending
    } merged;
    auto flush = [&] {
      if (merged.color == 0) return;
      draw->AddRectFilled(ImVec2(merged.a, y + 1), ImVec2(merged.b, y + slice_h), merged.color);
      merged.color = 0;
      ++drawn;
    };
    DrawFolded(
        index.FirstEndingAfter(r, axis.start_ns),
        index.StartedBy(run, r, axis.start_ns + axis.span_ns), start_of, end_of, axis,
        [&](std::size_t first, std::size_t last, float a, float b) {
          const trace::StepEvent& e = run.steps[row[first]];
          const bool single = last == first + 1;
          // A fold that spans phases gets no phase colour: at this zoom
          // it would alias (a sample of its ends, not all it holds).
          const bool mixed = !single && run.steps[row[last - 1]].phase != e.phase;
          const ImU32 color = mixed ? palette.edge : palette.PhaseColor(loaded->PhaseName(e.phase));
          if (!single && merged.color == color && a <= merged.b + 1) {
            // Touching folds of one colour become one rectangle: zoomed
            // out, a row is a handful of vertices, not width / 3 bars.
            merged.b = std::max(merged.b, b);
          } else if (!single) {
            flush();
            merged = {a, b, color};
          } else {
            flush();
            // Rounded corners only where they show: each costs vertices.
            draw->AddRectFilled(ImVec2(a, y + 1), ImVec2(b, y + slice_h), color,
                                b - a > 12 ? 2.0f : 0.0f);
            if (e.step == state.step() && b - a > 4) {
              draw->AddRect(ImVec2(a, y), ImVec2(b, y + slice_h + 1), palette.current, 2, 0, 3);
            }
            ++drawn;
          }
          if (in_row && mouse.x >= a && mouse.x <= b && mouse.y < y + slice_h) {
            hovered_event = &e;
            hovered_fold = last - first;
          }
        });
    flush();
    if (ghosts) {
      const float gy = y + slice_h + 2;
      const auto first = static_cast<std::size_t>(
          std::upper_bound(model_ends.begin(), model_ends.end(), axis.start_ns) -
          model_ends.begin());
      const auto last =
          std::min(model_ends.size(),
                   static_cast<std::size_t>(std::upper_bound(model_ends.begin(), model_ends.end(),
                                                             axis.start_ns + axis.span_ns) -
                                            model_ends.begin()) +
                       1);
      DrawFolded(
          first, last, model_begin, [&](std::size_t k) { return model_ends[k]; }, axis,
          [&](std::size_t k, std::size_t, float a, float b) {
            const ImU32 color = palette.PhaseColor(state.PhaseOf(static_cast<std::int64_t>(k) + 1));
            draw->AddRectFilled(ImVec2(a, gy), ImVec2(b, y + row_h - 1), WithAlpha(color, 130));
            draw->AddRect(ImVec2(a, gy), ImVec2(b, y + row_h - 1), color);
            if (in_row && mouse.x >= a && mouse.x <= b && mouse.y >= gy) {
              hovered_ghost = static_cast<std::int64_t>(k) + 1;
            }
          });
    }
  }
  frame.record.timeline_slices_drawn = drawn;

  // The playhead, over the rows and down into the axis.
  if (replay.Active()) {
    const float x = axis.X(static_cast<double>(replay.playhead_ns()));
    if (x >= x0 - 1 && x <= x0 + width + 1) {
      const float bottom = origin.y + row_h * static_cast<float>(ranks);
      draw->AddLine(ImVec2(x, origin.y), ImVec2(x, std::max(bottom, axis_y)), palette.current,
                    2.5f);
      const float s = px * 0.45f;
      draw->AddTriangleFilled(ImVec2(x - s, axis_y), ImVec2(x + s, axis_y), ImVec2(x, axis_y + s),
                              palette.current);
    }
  }

  if (hovered_event && hovered_fold > 1) {
    ImGui::SetTooltip("%zu steps folded into this bar: zoom in (wheel) to see them", hovered_fold);
  } else if (hovered_event) {
    const trace::StepEvent& e = *hovered_event;
    const double measured = static_cast<double>(e.DurationNs()) * 1e-9;
    char bandwidth[48] = "";
    if (measured > 0) {
      std::snprintf(bandwidth, sizeof bandwidth, "%.2f GB/s",
                    static_cast<double>(e.bytes) / measured / 1e9);
    }
    const double model = ModelSeconds(state, e.step);
    char versus[96] = "model: no step of this number in the schedule";
    if (model > 0) {
      std::snprintf(versus, sizeof versus, "model (%s): %s; measured is %.2f× the model",
                    std::string(state.preset_name()).c_str(), FormatSeconds(model).c_str(),
                    measured / model);
    }
    ImGui::SetTooltip(
        "GPU %d, step %d (%s)\n%s in %s = %s\nsends to %d, receives from %d\n%s\nclick: show "
        "this step",
        e.rank, e.step, std::string(loaded->PhaseName(e.phase)).c_str(),
        FormatBytes(static_cast<double>(e.bytes)).c_str(), FormatSeconds(measured).c_str(),
        bandwidth, e.send_to, e.recv_from, versus);
    if (ImGui::IsMouseClicked(0) && e.step <= state.step_count()) {
      // A slice shows its step everywhere: the replay gives the views back.
      replay.Stop();
      state.SeekStep(e.step);
    }
  } else if (hovered_ghost > 0) {
    const engine::StepCost& cost = state.StepCosts()[static_cast<std::size_t>(hovered_ghost - 1)];
    ImGui::SetTooltip(
        "model, step %lld (%s): %s\nα %s + β %s + γ %s (preset %s)",
        static_cast<long long>(hovered_ghost), std::string(state.PhaseOf(hovered_ghost)).c_str(),
        FormatSeconds(cost.Total()).c_str(), FormatSeconds(cost.latency_s).c_str(),
        FormatSeconds(cost.bandwidth_s).c_str(), FormatSeconds(cost.compute_s).c_str(),
        std::string(state.preset_name()).c_str());
  } else if (axis_hovered) {
    ImGui::SetTooltip("click or drag: place the playhead");
  }
  ImGui::End();
}

void BenchTimeline(AppState& state, TimelineUi& ui, int frame) {
  if (!ui.indexed) return;
  TraceReplay& replay = state.replay();
  if (frame == 0) {
    replay.SetSpeed(1e-2);
    replay.SetPlaying(true);
  }
  const double full = static_cast<double>(ui.last_ns - ui.first_ns);
  // Zoom in 4x every 40 frames down to 1/4096 of the run, then back out.
  const int level = (frame / 40) % 12;
  const double span = full / std::pow(4.0, level <= 6 ? level : 12 - level);
  // Pan by 3% of the view a frame, starting over at the run's end.
  double centre = (ui.view_start_ns + ui.view_end_ns) / 2 + span * 0.03;
  if (centre > static_cast<double>(ui.last_ns)) centre = static_cast<double>(ui.first_ns);
  ui.view_start_ns = centre - span / 2;
  ui.view_end_ns = centre + span / 2;
}

}  // namespace collscope::gui
