// Slides 1 and 3: the training code, with the line that changes for data
// parallelism highlighted and the hidden allreduce pointed out.
#include <string>
#include <vector>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/format.h"

namespace collscope::gui {

namespace {

std::vector<std::string> Lines(const nlohmann::json& extras, const char* key) {
  std::vector<std::string> lines;
  if (!extras.contains(key) || !extras[key].is_array()) return lines;
  for (const auto& line : extras[key]) {
    if (line.is_string()) lines.push_back(line.get<std::string>());
  }
  return lines;
}

bool Contains(const nlohmann::json& extras, const char* key, int line) {
  if (!extras.contains(key)) return false;
  const auto& value = extras[key];
  if (value.is_number_integer()) return value.get<int>() == line;
  if (!value.is_array()) return false;
  for (const auto& item : value) {
    if (item.is_number_integer() && item.get<int>() == line) return true;
  }
  return false;
}

// One column of code; returns the bottom edge.
float DrawListing(FrameContext& frame, ImVec2 at, float width, const std::string& heading,
                  const std::vector<std::string>& lines, const nlohmann::json& extras,
                  const char* changed_key, const char* hidden_key) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  ImFont* font = frame.fonts.body;
  float size = frame.fonts.body_px;
  float line_h = size * 1.35f;
  draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, at, palette.text, heading.c_str());
  float y = at.y + frame.fonts.big->FontSize * 1.4f;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int number = static_cast<int>(i);
    bool changed = changed_key && Contains(extras, changed_key, number);
    bool hidden = hidden_key && Contains(extras, hidden_key, number);
    ImVec2 top(at.x, y);
    ImVec2 bottom(at.x + width, y + line_h);
    if (changed || hidden) {
      draw->AddRectFilled(top, bottom, changed ? palette.highlight_fill : palette.label_fill, 4);
      draw->AddRect(top, bottom, changed ? palette.highlight_border : palette.alpha, 4, 0, 2);
    }
    std::string numbered = std::to_string(i + 1) + "  " + lines[i];
    draw->AddText(font, size, ImVec2(at.x + 6, y + (line_h - size) / 2), palette.text,
                  numbered.c_str());
    y += line_h;
  }
  return y;
}

}  // namespace

void DrawCodeFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max) {
  const nlohmann::json& extras = lesson.extras;
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  float pad = frame.fonts.body_px;
  if (lesson.kind == "code") {
    float column = (max.x - min.x - 3 * pad) / 2;
    float left_end = DrawListing(frame, ImVec2(min.x + pad, min.y + pad), column, "One process",
                                 Lines(extras, "before"), extras, nullptr, nullptr);
    float right_end = DrawListing(frame, ImVec2(min.x + 2 * pad + column, min.y + pad), column,
                                  "Data parallel (DDP)", Lines(extras, "after"), extras,
                                  "changed_lines", "hidden_line");
    float y = std::max(left_end, right_end) + pad;
    DrawLabel(draw, frame.fonts.body, frame.fonts.body_px,
              ImVec2((min.x + max.x) / 2, std::min(y, max.y - pad)),
              "Highlighted: the changed line.  Outlined: backward() now hides an allreduce of "
              "every gradient.",
              palette.text, palette.label_fill, palette.cell_border);
    return;
  }
  // The training loop: one listing, the allreduce line priced with the
  // lesson's collective.
  float end = DrawListing(frame, ImVec2(min.x + pad, min.y + pad), max.x - min.x - 2 * pad,
                          "Data-parallel training loop", Lines(extras, "code"), extras,
                          "allreduce_line", nullptr);
  std::string cost = "comm.allreduce of " + FormatBytes(frame.state.config().bytes) + " on " +
                     std::to_string(frame.state.config().ranks) + " workers costs " +
                     FormatSeconds(frame.state.TotalCost().Total()) + " with the " +
                     std::string(frame.state.preset_name()) + " preset";
  draw->AddText(frame.fonts.body, frame.fonts.body_px, ImVec2(min.x + pad, end + pad), palette.text,
                cost.c_str());
}

}  // namespace collscope::gui
