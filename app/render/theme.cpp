#include "app/render/theme.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include "engine/algorithm.h"
#include "engine/schedule.h"

namespace collscope::gui {

namespace {

constexpr ImU32 Rgb(unsigned rgb, unsigned alpha = 255) {
  return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
}

// Okabe & Ito (2008), "Color Universal Design": seven hues (and black) that
// stay apart for protan, deutan and tritan viewers. On the dark background
// they are used as published (blue 0072B2 is replaced by sky blue, which
// stands out more on it; vermillion is lifted a little). On white, orange,
// sky blue and yellow fall under 3:1 (2.3, 2.3, 1.3), so the light theme
// darkens them and pushes vermillion towards red and yellow towards olive
// to keep the warm three 20 CIEDE2000 apart (tests/app/palette_test.cpp).
struct Hues {
  ImU32 vermillion;
  ImU32 blue;
  ImU32 bluish_green;
  ImU32 reddish_purple;
  ImU32 orange;
  ImU32 yellow;
  ImU32 grey;
};

Hues HuesFor(Theme theme) {
  if (theme == Theme::kLight) {
    return {Rgb(0xC24000), Rgb(0x0072B2), Rgb(0x008F68), Rgb(0xB8568F),
            Rgb(0xC77C00), Rgb(0x858A00), Rgb(0x5F5F5F)};
  }
  return {Rgb(0xE3691B), Rgb(0x56B4E9), Rgb(0x009E73), Rgb(0xCC79A7),
          Rgb(0xE69F00), Rgb(0xF0E442), Rgb(0x8C8C8C)};
}

// Allreduce can compare ring, tree, double binary tree, recursive doubling
// and Rabenseifner, so those five take five hues; reduce and broadcast add
// binomial and the lecture's compositions. Recursive halving is
// Rabenseifner's first half and never meets it (reduce-scatter only).
AlgorithmColors AlgorithmColorsFor(const Hues& h) {
  AlgorithmColors a{};
  // One line per hue: the algorithms on a line never meet in one view.
  a.ring = h.vermillion;
  a.double_binary_tree = a.pairwise = h.blue;
  a.tree = a.nvls = h.bluish_green;
  a.recursive_doubling = a.nvls_tree = h.reddish_purple;
  a.rabenseifner = a.recursive_halving = a.collnet_direct = h.orange;
  a.binomial = a.collnet_chain = h.yellow;
  a.reducescatter_gather = a.scatter_allgather = a.pat = h.grey;
  const ImU32 order[] = {h.vermillion, h.blue,   h.bluish_green, h.reddish_purple,
                         h.orange,     h.yellow, h.grey};
  std::copy(std::begin(order), std::end(order), a.hues);
  return a;
}

// A slider draws its value centred over its frame after the grab (ImGui 1.86
// SliderScalar), so wherever the grab sits the value is on it or on the
// frame; an integer slider over a few values has a wide grab (the frame's
// width over the count). ImGui's own blues leave the value at 3.9:1 on the
// dark theme's grab and the grab at 2.1:1 on the light theme's frame, so the
// value can vanish under the knob. These keep the value at 4.5:1 on both and
// the grab at 3:1 on the frame, hovered and held too
// (tests/app/palette_test.cpp).
void SetSliderColours(Theme theme, ImVec4* c) {
  auto rgb = [](unsigned v) {
    return ImVec4(((v >> 16) & 0xFF) / 255.0f, ((v >> 8) & 0xFF) / 255.0f, (v & 0xFF) / 255.0f, 1);
  };
  if (theme == Theme::kLight) {
    c[ImGuiCol_FrameBg] = rgb(0xEBEBF0);
    c[ImGuiCol_FrameBgHovered] = rgb(0xE0E6F0);
    c[ImGuiCol_FrameBgActive] = rgb(0xD8DFEC);
    c[ImGuiCol_SliderGrab] = rgb(0x3A86C8);
    c[ImGuiCol_SliderGrabActive] = rgb(0x2F7FC4);
  } else {
    c[ImGuiCol_FrameBg] = rgb(0x202329);
    c[ImGuiCol_FrameBgHovered] = rgb(0x23262D);
    c[ImGuiCol_FrameBgActive] = rgb(0x23262D);
    c[ImGuiCol_SliderGrab] = rgb(0x3178B5);
    c[ImGuiCol_SliderGrabActive] = rgb(0x2E74B0);
  }
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

namespace {

// The algorithms with a colour of their own (the lines of AlgorithmColorsFor).
std::optional<ImU32> NamedAlgorithmColor(const AlgorithmColors& algorithm, std::string_view name) {
  const std::pair<std::string_view, ImU32> colors[] = {
      {"ring", algorithm.ring},
      {"tree", algorithm.tree},
      {"double-binary-tree", algorithm.double_binary_tree},
      {"binomial", algorithm.binomial},
      {"recursive-doubling", algorithm.recursive_doubling},
      {"recursive-halving", algorithm.recursive_halving},
      {"rabenseifner", algorithm.rabenseifner},
      {"pairwise", algorithm.pairwise},
      {"reducescatter-gather", algorithm.reducescatter_gather},
      {"scatter-allgather", algorithm.scatter_allgather},
  };
  for (const auto& [known, color] : colors) {
    if (known == name) return color;
  }
  return std::nullopt;
}

}  // namespace

ImU32 Palette::AlgorithmColor(const engine::AlgorithmInfo& info) const {
  if (auto named = NamedAlgorithmColor(algorithm, info.name)) return *named;
  std::vector<ImU32> taken;
  for (const engine::AlgorithmInfo& other : engine::Algorithms()) {
    const bool meets = std::any_of(other.collectives.begin(), other.collectives.end(),
                                   [&](engine::Collective c) { return engine::Supports(info, c); });
    if (other.name == info.name || !meets) continue;
    if (auto named = NamedAlgorithmColor(algorithm, other.name)) taken.push_back(*named);
  }
  for (ImU32 hue : algorithm.hues) {
    if (std::find(taken.begin(), taken.end(), hue) == taken.end()) return hue;
  }
  return algorithm.hues[6];  // every hue met: the compositions' grey
}

ImU32 Palette::AlgorithmColor(std::string_view name) const {
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(name);
  return info != nullptr ? AlgorithmColor(*info) : text;
}

ImU32 Palette::AlgorithmColor(engine::NcclAlgorithm nccl) const {
  using engine::NcclAlgorithm;
  const std::pair<NcclAlgorithm, ImU32> colors[] = {
      {NcclAlgorithm::kRing, algorithm.ring},
      // NCCL 2.4 and later: NCCL_ALGO_TREE is the double binary tree.
      {NcclAlgorithm::kTree, algorithm.double_binary_tree},
      {NcclAlgorithm::kNvls, algorithm.nvls},
      {NcclAlgorithm::kNvlsTree, algorithm.nvls_tree},
      {NcclAlgorithm::kCollNetDirect, algorithm.collnet_direct},
      {NcclAlgorithm::kCollNetChain, algorithm.collnet_chain},
      {NcclAlgorithm::kPat, algorithm.pat},
  };
  for (const auto& [known, color] : colors) {
    if (known == nccl) return color;
  }
  return text;
}

namespace {

// The colours that are one per theme: each role's light and dark value on
// one line.
struct ThemedColour {
  ImU32 Palette::*role;
  unsigned light;
  unsigned dark;
  unsigned alpha = 255;
};
constexpr ThemedColour kThemedColours[] = {
    {&Palette::text, 0x000000, 0xF0F0F0},
    {&Palette::text_dim, 0x404040, 0xB8B8B8},
    {&Palette::background, 0xFFFFFF, 0x1B1D22},
    {&Palette::grid, 0xB0B0B0, 0x5A5F6A},
    {&Palette::node_fill, 0xFFFFFF, 0x2A2E36},
    {&Palette::node_border, 0x000000, 0xE8E8E8},
    {&Palette::node_text, 0x000000, 0xFFFFFF},
    {&Palette::cell_fill, 0xF2F2F2, 0x2A2E36},
    {&Palette::cell_border, 0x9A9A9A, 0x4A505C},
    {&Palette::empty_text, 0x8A8A8A, 0x80858F},
    {&Palette::highlight_fill, 0xFFD21F, 0xFFC83D},
    {&Palette::highlight_border, 0xB35900, 0xFFE9A8},
    {&Palette::highlight_text, 0x000000, 0x000000},
    {&Palette::complete_fill, 0xB8E6C9, 0x1F5E3F},
    {&Palette::complete_mark, 0x006B3C, 0x7CE0A8},
    {&Palette::label_fill, 0xFFFFFF, 0x1B1D22, /*alpha=*/235},
    {&Palette::edge, 0x9A9A9A, 0x6A707C},
    {&Palette::current, 0x000000, 0xFFFFFF},
};

}  // namespace

Palette MakePalette(Theme theme) {
  Palette p{};
  for (const ThemedColour& c : kThemedColours) {
    p.*c.role = Rgb(theme == Theme::kLight ? c.light : c.dark, c.alpha);
  }
  const Hues h = HuesFor(theme);
  // Phases warm/cool, the two trees green/purple: a double binary tree's
  // arrows never look like a ring's phases on the same screen (issue 15).
  p.phase_reduce_scatter = h.vermillion;
  p.phase_all_gather = h.blue;
  p.tree[0] = h.bluish_green;
  p.tree[1] = h.reddish_purple;
  p.alpha = h.reddish_purple;
  p.beta = h.blue;
  p.gamma = h.orange;
  // Orange, grey and yellow stay apart from the trees too: the busbw plot
  // draws trees with phase_other[0..2]; [1] is also text (tuning table).
  p.phase_other[0] = h.orange;
  p.phase_other[1] = h.grey;
  p.phase_other[2] = h.yellow;
  p.phase_other[3] = h.bluish_green;
  p.algorithm = AlgorithmColorsFor(h);
  // Prediction marks: Okabe & Ito's blue, bluish green, vermillion and
  // reddish purple, darkened to stand 3:1 on a written cell's yellow (both
  // themes) and lightened to stand 3:1 on the dark theme's cells. The light
  // theme's vermillion is pushed to red: at C24000 it was 9 CIEDE2000 from
  // the written cells' border, and "wrong" looked like "written".
  p.prediction_on_written = {Rgb(0x0072B2), Rgb(0x006B4A), Rgb(0xB03000), Rgb(0x8B3A6B)};
  if (theme == Theme::kLight) {
    p.prediction = {Rgb(0x0072B2), Rgb(0x007A5A), Rgb(0xC8102E), Rgb(0x9C3D75)};
    p.prediction_on_written = p.prediction;
  } else {
    p.prediction = {Rgb(0x56B4E9), Rgb(0x5EE0A8), Rgb(0xFF8A50), Rgb(0xE8A0D0)};
  }

  // --- Status text: red for errors, amber for warnings (the conventional
  // pair; the banner's words say which, so colour is not the only cue).
  // Okabe-Ito's vermillion and orange are 5.2 and 2.9:1 on white, and
  // vermillion is the reduce-scatter phase, so both are their own entries,
  // darker on white and lighter on the dark background.
  if (theme == Theme::kLight) {
    p.error = Rgb(0xB3261E);
    p.warning = Rgb(0x8A5A00);
    p.node_waiting_text = p.text_dim;
  } else {
    p.error = Rgb(0xFF7A5C);
    p.warning = Rgb(0xF0C040);
    // text_dim on the grid's grey is 3.2:1 here; full text is 5.6:1.
    p.node_waiting_text = p.text;
  }
  p.node_waiting_fill = p.grid;
  // --- end of status text
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
    c[ImGuiCol_Button] = ImVec4(0.82f, 0.87f, 0.95f, 1);
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.106f, 0.114f, 0.133f, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.106f, 0.114f, 0.133f, 1);
  }
  SetSliderColours(theme, style.Colors);
  // Sizes grow with the text so a projector's big font keeps its proportions.
  const float k = body_px / 16.0f;
  style.WindowBorderSize = 1.0f;
  // Frames keep a border in both themes: the dark theme's grey frames are
  // too close to the background to show a slider's extent without one.
  style.FrameBorderSize = 1.0f;
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
