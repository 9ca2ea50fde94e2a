// Slide 10: the lecture's cost table, all seven rows, and its
// "transformations" built one arrow at a time as the slides do: each
// composition's two parts point at it once its scene is reached, and its
// cost is the sum of its parts' costs (the lesson's p, n and preset).
#include <algorithm>
#include <string>
#include <vector>

#include "app/cost_formula.h"
#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/algorithm.h"
#include "engine/cost_model.h"
#include "engine/scaling.h"

namespace collscope::gui {

namespace {

using engine::Collective;

double PriceOf(Collective collective, int ranks, double bytes, const engine::CostModel& model) {
  const auto point =
      engine::ModelPoint(collective, engine::DefaultAlgorithm(collective), ranks, bytes, model);
  return point ? point->time_s : 0;
}

// Where a row of the table is drawn: the four building blocks on the left,
// each composition on the right between its two parts.
struct Row {
  Collective collective;
  int column;  // 0: building block, 1: composition
  float slot;  // vertical position in rows
};

constexpr Row kRows[] = {
    {Collective::kScatter, 0, 0},       {Collective::kAllGather, 0, 1},
    {Collective::kReduceScatter, 0, 2}, {Collective::kGather, 0, 3},
    {Collective::kBroadcast, 1, 0.5f},  {Collective::kAllReduce, 1, 1.5f},
    {Collective::kReduce, 1, 2.5f},
};

struct Box {
  ImVec2 min;
  ImVec2 max;
};

}  // namespace

void DrawCompositionsFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                            ImVec2 max) {
  const AppState& state = frame.state;
  const int ranks = state.config().ranks;
  const double bytes = state.config().bytes;
  const engine::CostModel& model = state.cost_model();
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float px = frame.fonts.body_px;
  const std::string heading = "p = " + std::to_string(ranks) + ", n = " + FormatBytes(bytes) +
                              ", preset " + std::string(state.preset_name());
  draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, ImVec2(min.x + px, min.y + px * 0.5f),
                palette.text, heading.c_str());

  // The arrows shown: one composition per scene reached, in the lesson's
  // order (extras.compositions).
  struct Composition {
    Collective whole;
    std::vector<Collective> parts;
  };
  std::vector<Composition> compositions;
  if (lesson.extras.contains("compositions")) {
    for (const auto& row : lesson.extras["compositions"]) {
      const auto whole = engine::ParseCollective(row.value("whole", std::string()));
      if (!whole) continue;
      Composition composition{*whole, {}};
      for (const auto& name : row.value("parts", std::vector<std::string>{})) {
        if (const auto part = engine::ParseCollective(name)) composition.parts.push_back(*part);
      }
      compositions.push_back(composition);
    }
  }
  const int reached = std::clamp(state.scene_index(), 0, static_cast<int>(compositions.size()) - 1);

  // Boxes: name and price, the formula wrapped under them.
  const float top = min.y + frame.fonts.big->FontSize * 1.6f + px;
  const float gap = std::max(px * 3, (max.x - min.x) * 0.12f);
  const float box_w = (max.x - min.x - 2 * px - gap) / 2;
  const float row_h = std::max(px * 4.2f, (max.y - top - px) / 4);
  const float box_h = row_h - px * 0.6f;
  const auto measure = [&](std::string_view text) {
    return TextSize(frame.fonts.body, px, text).x;
  };
  std::vector<Box> boxes(std::size(kRows));
  auto box_of = [&](Collective c) -> const Box* {
    for (std::size_t i = 0; i < std::size(kRows); ++i) {
      if (kRows[i].collective == c) return &boxes[i];
    }
    return nullptr;
  };
  for (std::size_t i = 0; i < std::size(kRows); ++i) {
    const Row& row = kRows[i];
    const float x = min.x + px + static_cast<float>(row.column) * (box_w + gap);
    const float y = top + row.slot * row_h;
    boxes[i] = Box{ImVec2(x, y), ImVec2(x + box_w, y + box_h)};
    const bool current = row.collective == state.config().collective;
    draw->AddRectFilled(boxes[i].min, boxes[i].max,
                        current ? palette.highlight_fill : palette.label_fill, 6);
    draw->AddRect(boxes[i].min, boxes[i].max,
                  current ? palette.highlight_border : palette.cell_border, 6, 0, current ? 3 : 1);
    const std::string title = std::string(engine::CollectiveName(row.collective)) + "  " +
                              FormatSeconds(PriceOf(row.collective, ranks, bytes, model));
    float text_y = y + px * 0.3f;
    // Dark ink on the highlight's yellow in both themes.
    const ImU32 ink = current ? palette.highlight_text : palette.text;
    draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, ImVec2(x + px * 0.5f, text_y), ink,
                  title.c_str());
    text_y += frame.fonts.big->FontSize * 1.15f;
    for (const std::string& line :
         WrapLines(TableFormula(row.collective, ranks), box_w - px, measure)) {
      if (text_y + px > boxes[i].max.y) break;
      draw->AddText(frame.fonts.body, px, ImVec2(x + px * 0.5f, text_y), ink, line.c_str());
      text_y += px * 1.2f;
    }
  }

  // The transformations reached so far, the newest drawn strongest.
  for (int k = 0; k <= reached && k < static_cast<int>(compositions.size()); ++k) {
    const Composition& composition = compositions[static_cast<std::size_t>(k)];
    const Box* whole = box_of(composition.whole);
    if (!whole) continue;
    const ImU32 color = k == reached ? palette.phase_reduce_scatter : palette.text_dim;
    const ImVec2 to(whole->min.x - 2, (whole->min.y + whole->max.y) / 2);
    double sum = 0;
    for (std::size_t j = 0; j < composition.parts.size(); ++j) {
      const Box* part = box_of(composition.parts[j]);
      if (!part) continue;
      sum += PriceOf(composition.parts[j], ranks, bytes, model);
      const ImVec2 from(part->max.x + 2,
                        (part->min.y + part->max.y) / 2 + (j == 0 ? px * 0.4f : -px * 0.4f));
      DrawArrow(draw, MakeCurve(from, to, 0), color, k == reached ? 3.0f : 1.5f, px * 0.6f, 8);
    }
    if (k == reached) {
      const std::string label = "= " + FormatSeconds(sum);
      DrawLabel(draw, frame.fonts.body, px, ImVec2(to.x - gap / 2, to.y), label, palette.text,
                palette.label_fill, color);
    }
  }
}

}  // namespace collscope::gui
