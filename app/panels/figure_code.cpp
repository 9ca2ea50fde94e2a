// Slides 1 and 3: the training code, with the line that changes for data
// parallelism highlighted and the hidden allreduce pointed out.
#include <algorithm>
#include <string>
#include <vector>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/fonts.h"
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

// Line i's number, right-aligned to the listing's widest, and a gap: in
// the monospace face every line's code then starts in the same column.
std::string LineNumber(std::size_t i, std::size_t lines) {
  const std::string number = std::to_string(i + 1);
  const std::size_t width = std::to_string(lines).size();
  return std::string(width - std::min(width, number.size()), ' ') + number + "  ";
}

// The text size for the listings: as large as `width` and `height` allow,
// up to 1.6 times the body size (a code slide is read from the back row),
// smaller down to 70 % of it (and no smaller than the floor size) where a
// line needs the width; below that the lines wrap. The height never makes
// it smaller than the body size.
float FittingSize(FrameContext& frame, const std::vector<std::vector<std::string>>& listings,
                  float width, float height) {
  const float size = frame.fonts.body_px;
  float widest = 0;
  std::size_t most_lines = 1;
  for (const auto& lines : listings) {
    most_lines = std::max(most_lines, lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string numbered = LineNumber(i, lines.size()) + lines[i];
      widest = std::max(widest, TextSize(frame.fonts.code, size, numbered).x + 12);
    }
  }
  // The heading above and a two-line caption below take their share.
  const float room = height - frame.fonts.big->FontSize * 1.4f - size * 1.3f * 3;
  const float by_height = std::max(size, room / (static_cast<float>(most_lines) * 1.35f));
  const float by_width = widest > 0 ? size * width / widest : size;
  // Never under the hall's floor size (render/fonts.h): a long line wraps.
  const float least = std::max(
      size * 0.7f, FloorTextPx(ImGui::GetMainViewport()->Size.y, frame.state.view.presenter));
  return std::floor(std::max(least, std::min({size * 1.6f, by_width, by_height})));
}

// One column of code at text size `size`, lines that are still too wide
// wrapped at spaces under their first character; returns the bottom edge.
float DrawListing(FrameContext& frame, ImVec2 at, float width, float size,
                  const std::string& heading, const std::vector<std::string>& lines,
                  const nlohmann::json& extras, const char* changed_key, const char* hidden_key) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  ImFont* font = frame.fonts.code;
  float line_h = size * 1.35f;
  draw->AddText(frame.fonts.big, frame.fonts.big->FontSize, at, palette.text, heading.c_str());
  float y = at.y + frame.fonts.big->FontSize * 1.4f;
  const auto measure = [&](std::string_view text) { return TextSize(font, size, text).x; };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int number = static_cast<int>(i);
    bool changed = changed_key && Contains(extras, changed_key, number);
    bool hidden = hidden_key && Contains(extras, hidden_key, number);
    const std::string prefix = LineNumber(i, lines.size());
    const float indent = measure(prefix);
    // Python's indentation stays; continuation lines go two spaces deeper.
    const std::size_t lead = std::min(lines[i].find_first_not_of(' '), lines[i].size());
    const std::string indentation(lead, ' ');
    std::vector<std::string> parts =
        WrapLines(std::string_view(lines[i]).substr(lead),
                  width - 12 - indent - measure(indentation + "  "), measure);
    if (parts.empty()) parts.emplace_back();
    for (std::size_t k = 0; k < parts.size(); ++k) {
      parts[k] = indentation + (k == 0 ? "" : "  ") + parts[k];
    }
    ImVec2 top(at.x, y);
    ImVec2 bottom(at.x + width, y + line_h * static_cast<float>(parts.size()));
    if (changed || hidden) {
      draw->AddRectFilled(top, bottom, changed ? palette.highlight_fill : palette.label_fill, 4);
      draw->AddRect(top, bottom, changed ? palette.highlight_border : palette.alpha, 4, 0, 2);
    }
    // Dark ink on the highlight's yellow in both themes.
    const ImU32 ink = changed ? palette.highlight_text : palette.text;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const float text_y = y + (line_h - size) / 2;
      if (k == 0) draw->AddText(font, size, ImVec2(at.x + 6, text_y), ink, prefix.c_str());
      draw->AddText(font, size, ImVec2(at.x + 6 + indent, text_y), ink, parts[k].c_str());
      y += line_h;
    }
  }
  return y;
}

// A caption wrapped to `width`, centred under the listings.
void Caption(FrameContext& frame, ImVec2 min, ImVec2 max, float y, const std::string& text) {
  const float size = frame.fonts.body_px;
  const auto measure = [&](std::string_view line) {
    return TextSize(frame.fonts.body, size, line).x;
  };
  const std::vector<std::string> lines = WrapLines(text, max.x - min.x - 2 * size, measure);
  y = std::min(y, max.y - size * 1.3f * static_cast<float>(lines.size()));
  for (const std::string& line : lines) {
    ImGui::GetWindowDrawList()->AddText(frame.fonts.body, size,
                                        ImVec2((min.x + max.x - measure(line)) / 2, y),
                                        frame.palette.text, line.c_str());
    y += size * 1.3f;
  }
}

}  // namespace

void DrawCodeFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max) {
  const nlohmann::json& extras = lesson.extras;
  float pad = frame.fonts.body_px;
  if (lesson.kind == "code") {
    const float column = (max.x - min.x - 3 * pad) / 2;
    const std::vector<std::string> before = Lines(extras, "before");
    const std::vector<std::string> after = Lines(extras, "after");
    const float size = FittingSize(frame, {before, after}, column, max.y - min.y - 2 * pad);
    float left_end = DrawListing(frame, ImVec2(min.x + pad, min.y + pad), column, size,
                                 "One process", before, extras, nullptr, nullptr);
    float right_end =
        DrawListing(frame, ImVec2(min.x + 2 * pad + column, min.y + pad), column, size,
                    "Data parallel (DDP)", after, extras, "changed_lines", "hidden_line");
    Caption(frame, min, max, std::max(left_end, right_end) + pad,
            "Highlighted: the changed line.  Outlined: backward() now hides an allreduce of "
            "every gradient.");
    return;
  }
  // The training loop: one listing, the allreduce line priced with the
  // lesson's collective.
  const std::vector<std::string> code = Lines(extras, "code");
  const float width = max.x - min.x - 2 * pad;
  float end = DrawListing(frame, ImVec2(min.x + pad, min.y + pad), width,
                          FittingSize(frame, {code}, width, max.y - min.y - 2 * pad),
                          "Data-parallel training loop", code, extras, "allreduce_line", nullptr);
  Caption(frame, min, max, end + pad,
          "comm.allreduce of " + FormatBytes(frame.state.config().bytes) + " on " +
              CountOf(frame.state.config().ranks, "worker") + " costs " +
              FormatSeconds(frame.state.TotalCost().Total()) + " with the " +
              std::string(frame.state.preset_name()) + " preset");
}

}  // namespace collscope::gui
