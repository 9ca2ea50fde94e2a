#include "app/render/theme.h"

#include <functional>

#include "engine/schedule.h"

namespace collscope::gui {

namespace {

constexpr ImU32 Rgb(unsigned rgb, unsigned alpha = 255) {
  return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
}

}  // namespace

ImU32 Palette::PhaseColor(std::string_view phase) const {
  using namespace engine;
  if (phase == kPhaseReduceScatter || phase == kPhaseReduce || phase == kPhaseReduceUp ||
      phase == kPhaseGather || phase == kPhaseFoldIn) {
    return phase_reduce_scatter;
  }
  if (phase == kPhaseAllGather || phase == kPhaseBroadcast || phase == kPhaseBroadcastDown ||
      phase == kPhaseScatter || phase == kPhaseFoldOut) {
    return phase_all_gather;
  }
  return phase_other[std::hash<std::string_view>{}(phase) % 4];
}

Palette MakePalette(Theme theme) {
  Palette p{};
  if (theme == Theme::kLight) {
    p.text = Rgb(0x000000);
    p.text_dim = Rgb(0x404040);
    p.background = Rgb(0xFFFFFF);
    p.grid = Rgb(0xB0B0B0);
    p.node_fill = Rgb(0xFFFFFF);
    p.node_border = Rgb(0x000000);
    p.node_text = Rgb(0x000000);
    p.cell_fill = Rgb(0xF2F2F2);
    p.cell_border = Rgb(0x9A9A9A);
    p.empty_text = Rgb(0x8A8A8A);
    p.highlight_fill = Rgb(0xFFD21F);
    p.highlight_border = Rgb(0xB35900);
    p.highlight_text = Rgb(0x000000);
    p.complete_fill = Rgb(0xB8E6C9);
    p.complete_mark = Rgb(0x006B3C);
    p.label_fill = Rgb(0xFFFFFF, 235);
    p.edge = Rgb(0x9A9A9A);
    p.tree[0] = Rgb(0x0072B2);
    p.tree[1] = Rgb(0xD55E00);
    p.current = Rgb(0x000000);
    p.phase_reduce_scatter = Rgb(0xC2410C);
    p.phase_all_gather = Rgb(0x0062A3);
  } else {
    p.text = Rgb(0xF0F0F0);
    p.text_dim = Rgb(0xB8B8B8);
    p.background = Rgb(0x1B1D22);
    p.grid = Rgb(0x5A5F6A);
    p.node_fill = Rgb(0x2A2E36);
    p.node_border = Rgb(0xE8E8E8);
    p.node_text = Rgb(0xFFFFFF);
    p.cell_fill = Rgb(0x2A2E36);
    p.cell_border = Rgb(0x4A505C);
    p.empty_text = Rgb(0x80858F);
    p.highlight_fill = Rgb(0xFFC83D);
    p.highlight_border = Rgb(0xFFE9A8);
    p.highlight_text = Rgb(0x000000);
    p.complete_fill = Rgb(0x1F5E3F);
    p.complete_mark = Rgb(0x7CE0A8);
    p.label_fill = Rgb(0x1B1D22, 235);
    p.edge = Rgb(0x6A707C);
    p.tree[0] = Rgb(0x56B4E9);
    p.tree[1] = Rgb(0xE69F00);
    p.current = Rgb(0xFFFFFF);
    p.phase_reduce_scatter = Rgb(0xFF8A4C);
    p.phase_all_gather = Rgb(0x56B4E9);
  }
  p.alpha = Rgb(0xCC79A7);
  p.beta = Rgb(0x0072B2);
  p.gamma = Rgb(0xE69F00);
  p.phase_other[0] = Rgb(0x009E73);
  p.phase_other[1] = Rgb(0xCC79A7);
  p.phase_other[2] = Rgb(0x8E44AD);
  p.phase_other[3] = Rgb(0x7F6000);
  return p;
}

void ApplyTheme(Theme theme, float body_px) {
  ImGuiStyle style;
  if (theme == Theme::kLight) {
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.3f, 0.3f, 0.3f, 1);
    c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Border] = ImVec4(0.35f, 0.35f, 0.35f, 1);
    c[ImGuiCol_TitleBg] = ImVec4(0.85f, 0.87f, 0.9f, 1);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.78f, 0.83f, 0.9f, 1);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.9f, 0.9f, 0.92f, 1);
    c[ImGuiCol_FrameBg] = ImVec4(0.92f, 0.92f, 0.94f, 1);
    c[ImGuiCol_Button] = ImVec4(0.82f, 0.87f, 0.95f, 1);
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.106f, 0.114f, 0.133f, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.106f, 0.114f, 0.133f, 1);
  }
  // Sizes grow with the text so a projector's big font keeps its proportions.
  const float k = body_px / 16.0f;
  style.WindowBorderSize = 1.0f;
  style.FrameBorderSize = theme == Theme::kLight ? 1.0f : 0.0f;
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.ScrollbarSize = 14 * k;
  style.GrabMinSize = 12 * k;
  style.FramePadding = ImVec2(6 * k, 4 * k);
  style.ItemSpacing = ImVec2(8 * k, 6 * k);
  style.WindowPadding = ImVec2(8 * k, 8 * k);
  ImGui::GetStyle() = style;
}

}  // namespace collscope::gui
