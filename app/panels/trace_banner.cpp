// The trace banner: a strip over the panels while a trace is imported (a
// progress bar: the share of bytes read, then "parsing…" while the importer
// works) and after an import failed (the importer's one line: file and
// position). What was loaded before stays loaded underneath.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/panels/trace_banner.h"
#include "app/render/draw.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// Cuts `text` to `width` pixels with an ellipsis; the tooltip has the rest.
std::string Fit(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty() && ImGui::CalcTextSize((cut + "…").c_str()).x > width) {
    cut.pop_back();
    // Never end inside a UTF-8 sequence.
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
  }
  return cut + "…";
}

}  // namespace

float TraceBannerHeight(const Fonts& fonts, const TraceLoadProgress& progress,
                        const TraceBannerUi& ui) {
  if (!progress.running && ui.error.empty() && ui.warning.empty() && ui.lesson.empty()) return 0;
  return std::round(fonts.body_px * 2.4f);
}

void DrawTraceBanner(FrameContext& frame, const Rect& rect, const TraceLoadProgress& progress,
                     TraceBannerUi& ui) {
  if (rect.Empty()) return;
  const Palette& palette = frame.palette;
  PlacePanel(rect);
  const int flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                    ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (!ImGui::Begin("##trace-banner", nullptr, flags)) {
    ImGui::End();
    return;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 min = rect.pos;
  const ImVec2 max(rect.pos.x + rect.size.x, rect.pos.y + rect.size.y);
  const float dismiss_w = ImGui::CalcTextSize("Close").x + ImGui::GetStyle().FramePadding.x * 2;
  if (progress.running) {
    // Frames keep coming while the import thread works: a screenshot or a
    // dump waits for the trace rather than catch this bar.
    frame.record.trace_loading = true;
    frame.record.pending_work = true;
    const std::string text = "Opening " + progress.label + " …";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text.c_str());
    ImGui::SameLine();
    const ImVec2 bar_at = ImGui::GetCursorScreenPos();
    const ImVec2 bar_size(std::max(100.0f, ImGui::GetContentRegionAvail().x),
                          ImGui::GetFrameHeight());
    if (progress.fraction) {
      ImGui::ProgressBar(static_cast<float>(*progress.fraction), bar_size, "reading");
    } else {
      // Indeterminate: the importer does not say how far it is, so a block
      // sweeps along the bar to show the window is alive.
      ImGui::ProgressBar(0.0f, bar_size, "parsing…");
      const float t = static_cast<float>(std::fmod(ImGui::GetTime(), 1.6) / 1.6);
      const float block = bar_size.x * 0.2f;
      const float x = bar_at.x + (bar_size.x + block) * t - block;
      draw->PushClipRect(bar_at, ImVec2(bar_at.x + bar_size.x, bar_at.y + bar_size.y), true);
      draw->AddRectFilled(ImVec2(x, bar_at.y + 2), ImVec2(x + block, bar_at.y + bar_size.y - 2),
                          ImGui::GetColorU32(ImGuiCol_PlotHistogram), 3);
      draw->PopClipRect();
    }
  } else {
    // A trace's error first, then its warning, then a skipped lesson file.
    const bool lesson = ui.error.empty() && ui.warning.empty();
    const bool error = !ui.error.empty() || lesson;
    const std::string& line = !ui.error.empty() ? ui.error : lesson ? ui.lesson : ui.warning;
    const ImU32 accent = error ? palette.error : palette.warning;
    draw->AddRectFilled(min, max, palette.label_fill);
    draw->AddRect(min, max, accent, 0, 0, 3);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(accent), "%s",
                       lesson  ? "Lesson file skipped:"
                       : error ? "Could not open:"
                               : "Opened, with a warning:");
    ImGui::SameLine();
    const float room = ImGui::GetContentRegionAvail().x - dismiss_w - ImGui::GetFontSize();
    ImGui::TextUnformatted(Fit(line, room).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", line.c_str());
    if (error) frame.record.trace_banner = line;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - dismiss_w);
    if (ImGui::Button("Close", ImVec2(dismiss_w, 0))) {
      ui.error.clear();
      ui.warning.clear();
      ui.lesson.clear();
    }
  }
  ImGui::End();
}

}  // namespace collscope::gui
