// Slide 4: option 1 (backward, then allreduce) against option 2 (allreduce
// each bucket as soon as it is full), from engine::ModelOverlap.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/fonts.h"
#include "app/render/format.h"
#include "engine/cost_model.h"

namespace collscope::gui {

namespace {

std::vector<double> Numbers(const nlohmann::json& extras, const char* key) {
  std::vector<double> numbers;
  if (!extras.contains(key) || !extras[key].is_array()) return numbers;
  for (const auto& value : extras[key]) {
    if (value.is_number()) numbers.push_back(value.get<double>());
  }
  return numbers;
}

void DrawTimeline(FrameContext& frame, const engine::Timeline& timeline, const char* title,
                  ImVec2 at, float width, float row_h, double scale_s) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  float label_w = frame.fonts.body_px * 9;
  draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, at, palette.text, title);
  float top = at.y + frame.fonts.big->FontSize * 1.4f;
  const char* rows[] = {"backward", "allreduce"};
  // A bar's name a little under the body size, not under the floor.
  const float name_px =
      std::min(frame.fonts.body_px,
               std::max(frame.fonts.body_px * 0.85f,
                        FloorTextPx(ImGui::GetMainViewport()->Size.y, frame.state.view.presenter)));
  for (int row = 0; row < 2; ++row) {
    float y = top + row * (row_h + 4);
    draw->AddText(frame.fonts.body, frame.fonts.body_px,
                  ImVec2(at.x, y + (row_h - frame.fonts.body_px) / 2), palette.text_dim, rows[row]);
    const auto& bars = row == 0 ? timeline.compute : timeline.communication;
    for (const engine::Interval& bar : bars) {
      float x0 = at.x + label_w + static_cast<float>(bar.start_s / scale_s) * (width - label_w);
      float x1 = at.x + label_w + static_cast<float>(bar.end_s / scale_s) * (width - label_w);
      // Compute in grey, so the buckets' vermillion and blue stand out (an
      // orange backward was hard to tell from a vermillion bucket).
      ImU32 fill = row == 0
                       ? palette.text_dim
                       : (bar.index % 2 ? palette.phase_all_gather : palette.phase_reduce_scatter);
      draw->AddRectFilled(ImVec2(x0, y), ImVec2(std::max(x1, x0 + 1), y + row_h), fill, 2);
      draw->AddRect(ImVec2(x0, y), ImVec2(std::max(x1, x0 + 1), y + row_h), palette.background, 2);
      std::string name = (row == 0 ? "L" : "B") + std::to_string(bar.index);
      if (x1 - x0 >= TextSize(frame.fonts.body, name_px, name).x + 6) {
        DrawCentredText(draw, frame.fonts.body, name_px, ImVec2((x0 + x1) / 2, y + row_h / 2), name,
                        palette.background);
      }
    }
  }
  float end_x = at.x + label_w + static_cast<float>(timeline.end_s / scale_s) * (width - label_w);
  draw->AddLine(ImVec2(end_x, top - 4), ImVec2(end_x, top + 2 * row_h + 8), palette.current, 3);
  std::string end = "optimizer step at " + FormatSeconds(timeline.end_s);
  // Beside its own marker: right of it where it fits, else ending at it.
  const float end_w = TextSize(frame.fonts.body, frame.fonts.body_px, end).x;
  const float end_at = end_x + 6 + end_w <= at.x + width ? end_x + 6 : end_x - 6 - end_w;
  draw->AddText(frame.fonts.body, frame.fonts.body_px, ImVec2(end_at, top + 2 * row_h + 10),
                palette.text, end.c_str());
}

}  // namespace

void DrawOverlapFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                       LessonFigureUi& ui) {
  const nlohmann::json& extras = lesson.extras;
  std::string preset_name = extras.value("preset", std::string("delta-a100x4"));
  auto preset = engine::FindCostPreset(preset_name);
  engine::OverlapInput input;
  input.layer_bytes = Numbers(extras, "layer_bytes");
  input.layer_backward_s = Numbers(extras, "layer_backward_s");
  input.ranks = extras.value("ranks", 8);
  input.model = preset ? preset->model : engine::CostModel{};
  if (ui.bucket_mb < 0) ui.bucket_mb = static_cast<float>(extras.value("bucket_bytes", 25e6) / 1e6);
  if (ui.bandwidth_gbps < 0) {
    ui.bandwidth_gbps = input.model.beta_s_per_byte > 0
                            ? static_cast<float>(1e-9 / input.model.beta_s_per_byte)
                            : 100.0f;
  }

  float pad = frame.fonts.body_px;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.5f));
  ImGui::PushItemWidth(frame.fonts.body_px * 14);
  ImGui::SliderFloat("bucket size (MB)", &ui.bucket_mb, 1, 200, "%.0f MB");
  ImGui::SameLine();
  ImGui::SliderFloat("link bandwidth", &ui.bandwidth_gbps, 1, 300, "%.0f GB/s",
                     ImGuiSliderFlags_Logarithmic);
  ImGui::PopItemWidth();
  input.bucket_bytes = ui.bucket_mb * 1e6;
  input.model.beta_s_per_byte = 1e-9 / std::max(ui.bandwidth_gbps, 0.001f);

  char key[96];
  std::snprintf(key, sizeof key, "%s/%.3f/%.3f", lesson.id.c_str(), ui.bucket_mb,
                ui.bandwidth_gbps);
  if (ui.overlap_key != key) {
    ui.overlap = engine::ModelOverlap(input);
    ui.overlap_key = key;
  }
  const engine::OverlapResult& result = ui.overlap;
  double scale = std::max(result.sequential.end_s, result.overlapped.end_s) * 1.05;
  if (scale <= 0) return;
  float width = max.x - min.x - 2 * pad;
  float row_h = frame.fonts.body_px * 1.6f;
  float top = ImGui::GetCursorScreenPos().y + pad;
  DrawTimeline(frame, result.sequential, "Option 1: backward, then allreduce everything",
               ImVec2(min.x + pad, top), width, row_h, scale);
  top += row_h * 2 + frame.fonts.big->FontSize * 1.4f + frame.fonts.body_px * 3;
  DrawTimeline(frame, result.overlapped, "Option 2: allreduce each bucket when ready (DDP)",
               ImVec2(min.x + pad, top), width, row_h, scale);
  top += row_h * 2 + frame.fonts.big->FontSize * 1.4f + frame.fonts.body_px * 3;
  char saved[160];
  double percent =
      result.sequential.end_s > 0 ? 100 * result.SavedSeconds() / result.sequential.end_s : 0;
  std::snprintf(saved, sizeof saved, "Overlap saves %s per step (%.0f%%), %zu buckets on %d GPUs",
                FormatSeconds(result.SavedSeconds()).c_str(), percent, result.buckets.size(),
                input.ranks);
  ImGui::GetWindowDrawList()->AddText(frame.fonts.big, frame.fonts.big->FontSize,
                                      ImVec2(min.x + pad, top), frame.palette.text, saved);
}

}  // namespace collscope::gui
