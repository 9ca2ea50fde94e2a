// Slide 9: bus bandwidth of a 64 MB allreduce against GPU count (24 to
// 24,576), ring against double binary tree, from the cost model; the shape
// of NCCL 2.4's figure.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/cost_model.h"

namespace collscope::gui {

void DrawScalingFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                       LessonFigureUi& ui) {
  const nlohmann::json& extras = lesson.extras;
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  double bytes = extras.value("bytes", 64e6);
  int first = extras.value("min_gpus", 24);
  int last = extras.value("max_gpus", 24576);
  std::string preset_name = extras.value("preset", std::string("delta-slingshot"));
  auto preset = engine::FindCostPreset(preset_name);
  if (!preset) return;
  if (ui.scaling_key != lesson.id) {
    ui.scaling_algorithms.clear();
    ui.scaling.clear();
    std::vector<int> counts = engine::DoublingRankCounts(first, last);
    for (const auto& name :
         extras.value("algorithms", std::vector<std::string>{"ring", "double-binary-tree"})) {
      ui.scaling_algorithms.push_back(name);
      ui.scaling.push_back(
          engine::ModelScaling(engine::Collective::kAllReduce, name, counts, bytes, preset->model));
    }
    ui.scaling_key = lesson.id;
  }
  double top_bw = 0;
  for (const auto& curve : ui.scaling) {
    for (const auto& point : curve) top_bw = std::max(top_bw, point.busbw_bytes_per_s);
  }
  if (top_bw <= 0) return;

  float pad = frame.fonts.body_px;
  std::string title = "Allreduce of " + FormatBytes(bytes) + ": bus bandwidth vs GPUs (" +
                      preset_name + " preset, model)";
  // The title in the big font when it fits the width, else in the body font.
  ImFont* title_font = frame.fonts.big;
  float title_px = frame.fonts.big->FontSize;
  if (TextSize(title_font, title_px, title).x > max.x - min.x - 2 * pad) {
    title_font = frame.fonts.body;
    title_px = frame.fonts.body_px;
  }
  draw->AddText(title_font, title_px, ImVec2(min.x + pad, min.y + pad), palette.text,
                title.c_str());
  // The legend under the title, as the other plots have it: each curve's line
  // and dot in its algorithm's colour (the one it has in every view), its
  // name in the text colour, entries wrapping to the width.
  const float legend_px = frame.fonts.body_px;
  float legend_x = min.x + pad;
  float legend_y = min.y + pad * 1.4f + title_px;
  for (const std::string& name : ui.scaling_algorithms) {
    const float entry_w = pad * 2.2f + TextSize(frame.fonts.body, legend_px, name).x;
    if (legend_x > min.x + pad && legend_x + entry_w > max.x - pad) {
      legend_x = min.x + pad;
      legend_y += legend_px * 1.3f;
    }
    const ImU32 color = palette.AlgorithmColor(name);
    const float y = legend_y + legend_px * 0.55f;
    draw->AddLine(ImVec2(legend_x, y), ImVec2(legend_x + pad * 1.6f, y), color, 4);
    draw->AddCircleFilled(ImVec2(legend_x + pad * 0.8f, y), 5, color);
    draw->AddText(frame.fonts.body, legend_px, ImVec2(legend_x + pad * 2.0f, legend_y),
                  palette.text, name.c_str());
    legend_x += entry_w + pad;
  }
  ImVec2 plot_min(min.x + pad * 5, legend_y + legend_px * 1.3f + pad * 0.6f);
  ImVec2 plot_max(max.x - pad * 1.5f, max.y - pad * 3);
  if (plot_max.x - plot_min.x < 50 || plot_max.y - plot_min.y < 50) return;
  draw->AddRect(plot_min, plot_max, palette.grid);
  double log_first = std::log2(first), log_last = std::log2(last);
  auto x_of = [&](double ranks) {
    return plot_min.x +
           static_cast<float>((std::log2(ranks) - log_first) / (log_last - log_first)) *
               (plot_max.x - plot_min.x);
  };
  auto y_of = [&](double bw) {
    return plot_max.y - static_cast<float>(bw / (top_bw * 1.1)) * (plot_max.y - plot_min.y);
  };
  // Axes: GPU counts along x (log), GB/s along y.
  for (int ranks : {24, 96, 384, 1536, 6144, 24576}) {
    if (ranks < first || ranks > last) continue;
    float x = x_of(ranks);
    draw->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), palette.grid);
    DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, ImVec2(x, plot_max.y + pad * 0.8f),
                    std::to_string(ranks), palette.text_dim);
  }
  DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px,
                  ImVec2((plot_min.x + plot_max.x) / 2, plot_max.y + pad * 2), "GPUs",
                  palette.text);
  for (int i = 0; i <= 4; ++i) {
    double bw = top_bw * 1.1 * i / 4;
    float y = y_of(bw);
    draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), palette.grid);
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB/s", bw / 1e9);
    ImVec2 size = TextSize(frame.fonts.body, frame.fonts.body_px, text);
    draw->AddText(frame.fonts.body, frame.fonts.body_px,
                  ImVec2(plot_min.x - size.x - 6, y - size.y / 2), palette.text_dim, text);
  }
  for (std::size_t a = 0; a < ui.scaling.size(); ++a) {
    const ImU32 color = palette.AlgorithmColor(ui.scaling_algorithms[a]);
    std::vector<ImVec2> points;
    for (const auto& point : ui.scaling[a]) {
      points.push_back(ImVec2(x_of(point.ranks), y_of(point.busbw_bytes_per_s)));
    }
    draw->AddPolyline(points.data(), static_cast<int>(points.size()), color, 0, 4);
    for (const ImVec2& p : points) draw->AddCircleFilled(p, 5, color);
  }
}

}  // namespace collscope::gui
