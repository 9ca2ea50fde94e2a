// The centre of the screen: a heading with the step and its phase, then the
// ring or the tree view; or, for a trace without per-step events, the
// trace's own picture (busbw plot, NCCL's rings and trees).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/measurement_kind.h"
#include "app/panels/busbw_plot.h"
#include "app/panels/centre_view.h"
#include "app/panels/nccl_model_plot.h"
#include "app/panels/ring_view.h"
#include "app/panels/trace_topology.h"
#include "app/panels/tuning_table.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/collective.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

bool HasRingsOrTrees(const trace::Trace& trace) {
  return !trace.topology.rings.empty() || !trace.topology.trees.empty();
}

// The pictures the loaded trace has, in the order of the switch above them.
std::vector<std::pair<TracePicture, const char*>> Pictures(const trace::Trace& trace) {
  std::vector<std::pair<TracePicture, const char*>> pictures;
  if (!trace.measurements.empty()) pictures.emplace_back(TracePicture::kBusbwPlot, "busbw plot");
  if (!trace.topology.rings.empty()) pictures.emplace_back(TracePicture::kRings, "NCCL rings");
  if (!trace.topology.trees.empty()) pictures.emplace_back(TracePicture::kTrees, "NCCL trees");
  if (!trace.measurements.empty() || !trace.tuning_choices.empty() || !trace.tuning_table.empty()) {
    pictures.emplace_back(TracePicture::kNcclModel, "why this algorithm");
  }
  if (!trace.tuning_choices.empty() || !trace.tuning_table.empty()) {
    pictures.emplace_back(TracePicture::kTuning, "NCCL's choices");
  }
  return pictures;
}

void DrawTracePicture(FrameContext& frame, const Rect& rect, TracePictureUi& ui) {
  AppState& state = frame.state;
  const trace::Trace& trace = *state.loaded_trace();
  const auto pictures = Pictures(trace);
  bool known = false;
  for (const auto& picture : pictures) known = known || picture.first == ui.picture;
  if (ui.trace != &trace || !known) {
    // A new trace opens on its first picture, channel 0.
    ui = TracePictureUi{};
    ui.trace = &trace;
    ui.picture = pictures.front().first;
  }
  std::string title;
  switch (ui.picture) {
    case TracePicture::kBusbwPlot:
      title = MeasurementKind(trace, ui.collective.empty() ? trace.measurements.front().collective
                                                           : ui.collective) +
              ": busbw vs size";
      break;
    case TracePicture::kNcclModel:
      title = "Why this algorithm (NCCL's model)";
      break;
    case TracePicture::kTuning:
      title = "NCCL's choices (TUNING)";
      break;
    case TracePicture::kRings:
      title = "NCCL rings";
      break;
    case TracePicture::kTrees:
      title = "NCCL trees";
      break;
  }
  title += "###centre";
  PlacePanel(rect);
  if (!ImGui::Begin(title.c_str(), state.view.presenter ? nullptr : &state.view.panels.centre,
                    FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  for (const auto& [picture, name] : pictures) {
    if (ImGui::RadioButton(name, ui.picture == picture)) ui.picture = picture;
    ImGui::SameLine();
  }
  if (ImGui::Button("Show the schedule (ring / tree view)")) state.view.show_trace_picture = false;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x > 20 && avail.y > 20) {
    const ImVec2 max(at.x + avail.x, at.y + avail.y);
    if (ui.picture == TracePicture::kBusbwPlot) {
      frame.record.centre_view = "busbw-plot";
      DrawBusbwPlot(frame, at, max, ui);
    } else if (ui.picture == TracePicture::kNcclModel) {
      frame.record.centre_view = "nccl-model";
      DrawNcclModelPlot(frame, at, max, ui);
    } else if (ui.picture == TracePicture::kTuning) {
      frame.record.centre_view = "nccl-choices";
      DrawTuningTable(frame, at, max, ui);
    } else {
      frame.record.centre_view = ui.picture == TracePicture::kRings ? "nccl-rings" : "nccl-trees";
      DrawTraceTopology(frame, at, max, ui);
    }
  }
  ImGui::End();
}

}  // namespace

bool HasTracePicture(const AppState& state) {
  const trace::Trace* trace = state.loaded_trace();
  return trace != nullptr && state.trace_run() < 0 &&
         (!trace->measurements.empty() || HasRingsOrTrees(*trace) ||
          !trace->tuning_choices.empty() || !trace->tuning_table.empty());
}

bool ShowsLessonFigure(const AppState& state) {
  if (HasTracePicture(state) && state.view.show_trace_picture) return false;
  const Lesson* lesson = state.lesson();
  return lesson && lesson->file && HasLessonFigure(*lesson->file) && state.view.show_figure;
}

void DrawCentreView(FrameContext& frame, const Rect& rect, TreeViewUi& tree_ui,
                    LessonFigureUi& figure_ui, TracePictureUi& trace_ui) {
  AppState& state = frame.state;
  if (HasTracePicture(state) && state.view.show_trace_picture) {
    DrawTracePicture(frame, rect, trace_ui);
    return;
  }
  const CentreView view = state.EffectiveView();
  // A lesson whose kind has a figure (slides 1-4, 9, 10, 13) shows it here,
  // with a switch to the schedule the lesson also sets up.
  const Lesson* lesson = state.lesson();
  if (ShowsLessonFigure(state)) {
    frame.record.centre_view = "figure";
    PlacePanel(rect);
    if (ImGui::Begin("Figure###centre", state.view.presenter ? nullptr : &state.view.panels.centre,
                     FixedPanelFlags())) {
      if (ImGui::Button("Show the schedule (ring / tree view)")) state.view.show_figure = false;
      const ImVec2 at = ImGui::GetCursorScreenPos();
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      if (avail.x > 20 && avail.y > 20) {
        DrawLessonFigure(frame, *lesson->file, at, ImVec2(at.x + avail.x, at.y + avail.y),
                         figure_ui);
      }
    }
    ImGui::End();
    return;
  }
  frame.record.centre_view = view == CentreView::kTree ? "tree" : "ring";
  PlacePanel(rect);
  const char* title = view == CentreView::kTree ? "Tree view###centre" : "Ring view###centre";
  if (!ImGui::Begin(title, state.view.presenter ? nullptr : &state.view.panels.centre,
                    FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  const Config& config = state.config();
  if (lesson && lesson->file && HasLessonFigure(*lesson->file)) {
    if (ImGui::Button("Show the lesson's figure")) state.view.show_figure = true;
  }
  if (HasTracePicture(state)) {
    const bool plot = !state.loaded_trace()->measurements.empty();
    if (ImGui::Button(plot ? "Show the trace's busbw plot"
                           : "Show the trace's NCCL rings / trees")) {
      state.view.show_trace_picture = true;
    }
  }
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  // Heading: what is shown and where we are, readable from the back row.
  float heading_w = 0;
  const std::string heading = "Step " + std::to_string(state.step()) + " of " +
                              std::to_string(state.step_count()) + "  ·  " +
                              std::string(state.Phase());
  // Sized for the widest heading of the run (the last step's number, each
  // phase's name), so that neither its font nor the ring beside it moves
  // as the lecturer steps (the 5-GPU ring jumped right at step 1).
  std::set<std::string_view> phases{"initial"};
  for (const ScheduleWalk::PhaseStart& start : state.walk().PhaseStarts()) {
    phases.insert(start.name);
  }
  const std::string last = std::to_string(state.step_count());
  auto widest_in = [&](ImFont* font) {
    float widest = 0;
    for (std::string_view phase : phases) {
      const std::string text = "Step " + last + " of " + last + "  ·  " + std::string(phase);
      // Whole pixels up, as ImGui sizes a text item.
      widest = std::max(
          widest,
          std::floor(font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x + 0.95f));
    }
    return widest;
  };
  // The title font where the heading fits the view's width, else a smaller
  // one (issue 15: a narrow presenter view beside a wide table cut it).
  const float room_w = ImGui::GetContentRegionAvail().x;
  ImFont* heading_font = frame.fonts.body;
  for (ImFont* font : {frame.fonts.title, frame.fonts.big}) {
    if (widest_in(font) <= room_w) {
      heading_font = font;
      break;
    }
  }
  ImGui::PushFont(heading_font);
  ImGui::TextUnformatted(heading.c_str());
  heading_w = std::max(ImGui::GetItemRectSize().x, widest_in(heading_font));
  ImGui::PopFont();
  const std::string subtitle = std::string(engine::CollectiveName(config.collective)) + " · " +
                               config.algorithm + " · p = " + std::to_string(config.ranks) + " · " +
                               CountOf(state.TransferCount(), "transfer") + " this step";
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(frame.palette.text_dim), "%s",
                     subtitle.c_str());
  ImGui::PopTextWrapPos();
  heading_w = std::max(heading_w, ImGui::GetItemRectSize().x);

  // The ring is round and centred, so it may use the height beside the
  // heading in the top left corner; the tree's root is at the top, so the
  // tree starts under the heading.
  const ImVec2 below = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 max(below.x + avail.x, below.y + avail.y);
  const ImVec2 min = view == CentreView::kTree ? below : top_left;
  if (avail.x > 20 && avail.y > 20) {
    if (view == CentreView::kTree) {
      DrawTreeView(frame, min, max, tree_ui);
    } else {
      DrawRingView(frame, min, max, ImVec2(top_left.x + heading_w, below.y));
    }
  }
  ImGui::End();
}

}  // namespace collscope::gui
