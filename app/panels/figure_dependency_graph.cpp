// Slide 2: sequential training is a chain (each step needs the weights the
// last one wrote); data parallelism runs k workers side by side and joins
// them in one allreduce.
#include <algorithm>
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"

namespace collscope::gui {

namespace {

void Box(FrameContext& frame, ImVec2 centre, ImVec2 half, const std::string& text, ImU32 fill) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(centre.x - half.x, centre.y - half.y),
                      ImVec2(centre.x + half.x, centre.y + half.y), fill, 6);
  draw->AddRect(ImVec2(centre.x - half.x, centre.y - half.y),
                ImVec2(centre.x + half.x, centre.y + half.y), frame.palette.node_border, 6, 0, 2);
  // Dark ink on the highlight's yellow in both themes (the dark theme's
  // light text was 1.3:1 on it).
  const ImU32 ink =
      fill == frame.palette.highlight_fill ? frame.palette.highlight_text : frame.palette.text;
  DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, centre, text, ink);
}

void Arrow(FrameContext& frame, ImVec2 from, ImVec2 to, ImU32 color) {
  DrawArrow(ImGui::GetWindowDrawList(), MakeCurve(from, to, 0), color, 2.5f,
            frame.fonts.body_px * 0.5f, 8);
}

}  // namespace

void DrawDependencyGraphFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                               ImVec2 max) {
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  int samples = std::clamp(lesson.extras.value("samples", 6), 1, 12);
  int workers = std::clamp(lesson.extras.value("workers", 3), 1, samples);
  float pad = frame.fonts.body_px;
  float width = max.x - min.x - 2 * pad;
  ImVec2 half(std::min(width / (2.6f * samples), frame.fonts.body_px * 3.2f),
              frame.fonts.body_px * 1.1f);

  // Top: the sequential chain.
  float y = min.y + pad;
  draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, ImVec2(min.x + pad, y), palette.text,
                "Sequential: one sample after another");
  // The chain's "w" labels above the boxes clear the heading.
  y += frame.fonts.big->FontSize * 1.3f + frame.fonts.body_px * 0.5f + pad * 0.4f + half.y;
  float step = width / samples;
  for (int s = 0; s < samples; ++s) {
    ImVec2 centre(min.x + pad + step * (s + 0.5f), y);
    Box(frame, centre, half, "sample " + std::to_string(s + 1), palette.cell_fill);
    if (s + 1 < samples) {
      Arrow(frame, ImVec2(centre.x + half.x, centre.y), ImVec2(centre.x + step - half.x, centre.y),
            palette.alpha);
      DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px * 0.85f,
                      ImVec2(centre.x + step / 2, centre.y - half.y - pad * 0.4f), "w",
                      palette.text_dim);
    }
  }

  // Bottom: k workers, each with its share, joined by one allreduce.
  y += half.y * 2 + pad * 2.5f;
  std::string heading = "Data parallel: " + std::to_string(workers) + " workers, then allreduce";
  draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, ImVec2(min.x + pad, y), palette.text,
                heading.c_str());
  y += frame.fonts.big->FontSize * 2.2f;
  float column = width / workers;
  ImVec2 reduce_centre((min.x + max.x) / 2, y + half.y * 5);
  for (int w = 0; w < workers; ++w) {
    int first = w * samples / workers;
    int last = (w + 1) * samples / workers;
    ImVec2 centre(min.x + pad + column * (w + 0.5f), y);
    std::string text = "worker " + std::to_string(w) + ": samples " + std::to_string(first + 1) +
                       (last - first > 1 ? "-" + std::to_string(last) : "");
    ImVec2 wide(std::min(column * 0.45f, half.x * 2.2f), half.y);
    Box(frame, centre, wide, text, palette.cell_fill);
    Box(frame, ImVec2(centre.x, centre.y + half.y * 2.6f), ImVec2(wide.x * 0.7f, half.y),
        "gradient g" + std::to_string(w), palette.label_fill);
    Arrow(frame, ImVec2(centre.x, centre.y + half.y), ImVec2(centre.x, centre.y + half.y * 1.6f),
          palette.text_dim);
    Arrow(frame, ImVec2(centre.x, centre.y + half.y * 3.6f),
          ImVec2(reduce_centre.x, reduce_centre.y - half.y), palette.phase_reduce_scatter);
  }
  Box(frame, reduce_centre, ImVec2(std::min(width * 0.3f, half.x * 4), half.y),
      "allreduce: gsum = g0 + ... (MPI.SUM)", palette.highlight_fill);
  DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px,
                  ImVec2(reduce_centre.x, reduce_centre.y + half.y * 2.2f),
                  "every worker applies the same update to w", palette.text);
}

}  // namespace collscope::gui
