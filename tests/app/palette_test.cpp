// Issue 15: colours that appear together in one view must stay apart for
// colour-blind students and on a washed-out projector, in both themes.
// "Apart" is CIEDE2000 (Sharma, Wu & Dalal 2005) ΔE >= 20, the distance of
// Okabe & Ito's own closest pair (orange / yellow, 21.7); "visible" is WCAG
// 2.1's non-text contrast against the background, >= 3:1 (SC 1.4.11).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "app/render/theme.h"
#include "engine/algorithm.h"
#include "engine/collective.h"
#include "engine/nccl_tuning.h"

namespace collscope::gui {
namespace {

constexpr double kMinDeltaE = 20;
constexpr double kMinContrast = 3;

struct Rgb {
  double r, g, b;  // 0..1, sRGB-encoded
};

Rgb FromU32(ImU32 c) {
  return {((c >> IM_COL32_R_SHIFT) & 0xFF) / 255.0, ((c >> IM_COL32_G_SHIFT) & 0xFF) / 255.0,
          ((c >> IM_COL32_B_SHIFT) & 0xFF) / 255.0};
}

// IEC 61966-2-1: sRGB to linear light.
double Linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

// WCAG 2.1 relative luminance and contrast ratio.
double Luminance(ImU32 c) {
  const Rgb v = FromU32(c);
  return 0.2126 * Linear(v.r) + 0.7152 * Linear(v.g) + 0.0722 * Linear(v.b);
}

double Contrast(ImU32 a, ImU32 b) {
  const double la = Luminance(a);
  const double lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Lab {
  double l, a, b;
};

// sRGB (D65) to CIELAB.
Lab ToLab(ImU32 c) {
  const Rgb v = FromU32(c);
  const double r = Linear(v.r), g = Linear(v.g), b = Linear(v.b);
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) {
    return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

// CIEDE2000, following Sharma, Wu & Dalal (2005), eqs. 1-19.
double DeltaE2000(ImU32 c1, ImU32 c2) {
  constexpr double kPi = 3.14159265358979323846;
  auto rad = [](double deg) { return deg * kPi / 180; };
  auto deg = [](double r) { return r * 180 / kPi; };
  const Lab p = ToLab(c1);
  const Lab q = ToLab(c2);
  const double c_bar = (std::hypot(p.a, p.b) + std::hypot(q.a, q.b)) / 2;
  const double c7 = std::pow(c_bar, 7);
  const double g = 0.5 * (1 - std::sqrt(c7 / (c7 + std::pow(25.0, 7))));
  const double a1 = (1 + g) * p.a, a2 = (1 + g) * q.a;
  const double cp1 = std::hypot(a1, p.b), cp2 = std::hypot(a2, q.b);
  auto hue = [&](double b, double a) {
    const double h = deg(std::atan2(b, a));
    return h < 0 ? h + 360 : h;
  };
  const double h1 = hue(p.b, a1), h2 = hue(q.b, a2);
  double dh = 0;
  if (cp1 * cp2 != 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    if (dh < -180) dh += 360;
  }
  const double d_l = q.l - p.l;
  const double d_c = cp2 - cp1;
  const double d_h = 2 * std::sqrt(cp1 * cp2) * std::sin(rad(dh / 2));
  const double l_bar = (p.l + q.l) / 2;
  const double cp_bar = (cp1 + cp2) / 2;
  double h_bar = h1 + h2;
  if (cp1 * cp2 != 0) {
    if (std::abs(h1 - h2) <= 180) {
      h_bar = (h1 + h2) / 2;
    } else {
      h_bar = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
    }
  }
  const double t = 1 - 0.17 * std::cos(rad(h_bar - 30)) + 0.24 * std::cos(rad(2 * h_bar)) +
                   0.32 * std::cos(rad(3 * h_bar + 6)) - 0.20 * std::cos(rad(4 * h_bar - 63));
  const double d_theta = 30 * std::exp(-std::pow((h_bar - 275) / 25, 2));
  const double cp7 = std::pow(cp_bar, 7);
  const double r_c = 2 * std::sqrt(cp7 / (cp7 + std::pow(25.0, 7)));
  const double s_l = 1 + 0.015 * std::pow(l_bar - 50, 2) / std::sqrt(20 + std::pow(l_bar - 50, 2));
  const double s_c = 1 + 0.045 * cp_bar;
  const double s_h = 1 + 0.015 * cp_bar * t;
  const double r_t = -std::sin(rad(2 * d_theta)) * r_c;
  return std::sqrt(std::pow(d_l / s_l, 2) + std::pow(d_c / s_c, 2) + std::pow(d_h / s_h, 2) +
                   r_t * (d_c / s_c) * (d_h / s_h));
}

// Pins the formula before it judges the theme: known values, not the
// theme's own colours.
TEST(PaletteMetrics, DeltaE2000MatchesPublishedPairsAndIsZeroForEqualColours) {
  EXPECT_DOUBLE_EQ(DeltaE2000(IM_COL32(10, 20, 30, 255), IM_COL32(10, 20, 30, 255)), 0);
  // Black against white is the largest lightness step: 100 in CIEDE2000.
  EXPECT_NEAR(DeltaE2000(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)), 100, 0.01);
  // Okabe-Ito's orange and yellow, their closest pair (threshold's origin).
  EXPECT_NEAR(DeltaE2000(IM_COL32(0xE6, 0x9F, 0x00, 255), IM_COL32(0xF0, 0xE4, 0x42, 255)), 21.7,
              0.1);
}

TEST(PaletteMetrics, ContrastIsWcagRatio) {
  EXPECT_NEAR(Contrast(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)), 21, 1e-9);
  // WCAG's worked example: #767676 on white is 4.54:1.
  EXPECT_NEAR(Contrast(IM_COL32(0x76, 0x76, 0x76, 255), IM_COL32(255, 255, 255, 255)), 4.54, 0.01);
}

using Named = std::vector<std::pair<std::string, ImU32>>;

std::string Hex(ImU32 c) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X%02X%02X", (c >> IM_COL32_R_SHIFT) & 0xFF,
                (c >> IM_COL32_G_SHIFT) & 0xFF, (c >> IM_COL32_B_SHIFT) & 0xFF);
  return text;
}

// Every pair of `colors` apart, and each visible on the theme's background.
void ExpectDistinguishable(const std::string& view, Theme theme, const Named& colors) {
  const Palette palette = MakePalette(theme);
  const std::string name = view + (theme == Theme::kLight ? " (light)" : " (dark)");
  for (std::size_t i = 0; i < colors.size(); ++i) {
    EXPECT_GE(Contrast(colors[i].second, palette.background), kMinContrast)
        << name << ": " << colors[i].first << " " << Hex(colors[i].second) << " on the background";
    for (std::size_t j = i + 1; j < colors.size(); ++j) {
      EXPECT_GE(DeltaE2000(colors[i].second, colors[j].second), kMinDeltaE)
          << name << ": " << colors[i].first << " " << Hex(colors[i].second) << " vs "
          << colors[j].first << " " << Hex(colors[j].second);
    }
  }
}

class PaletteTest : public ::testing::TestWithParam<Theme> {};

INSTANTIATE_TEST_SUITE_P(BothThemes, PaletteTest, ::testing::Values(Theme::kDark, Theme::kLight),
                         [](const auto& info) {
                           return std::string(info.param == Theme::kLight ? "Light" : "Dark");
                         });

// Ring and tree views: a step's arrows are coloured by phase, or by tree
// (channel) when the schedule has two; the timeline beside them by phase.
TEST_P(PaletteTest, PhaseAndTreeColoursAreApartInOneView) {
  const Palette p = MakePalette(GetParam());
  ExpectDistinguishable("phases and trees", GetParam(),
                        {{"reduce-scatter", p.phase_reduce_scatter},
                         {"all-gather", p.phase_all_gather},
                         {"tree 1", p.tree[0]},
                         {"tree 2", p.tree[1]}});
}

// A trace's phases other than the two named ones (and the kernel timeline's
// collectives) share the timeline with them.
TEST_P(PaletteTest, EveryPhaseColourIsApartFromTheOthers) {
  const Palette p = MakePalette(GetParam());
  Named colors = {{"reduce-scatter", p.phase_reduce_scatter}, {"all-gather", p.phase_all_gather}};
  for (int k = 0; k < 4; ++k) colors.push_back({"other " + std::to_string(k), p.phase_other[k]});
  ExpectDistinguishable("phases", GetParam(), colors);
}

// The bus bandwidth plot: measured out/in-place (trees), model, NCCL, fit.
TEST_P(PaletteTest, BusBandwidthPlotCurvesAreApart) {
  const Palette p = MakePalette(GetParam());
  ExpectDistinguishable("busbw plot", GetParam(),
                        {{"out-of-place", p.tree[0]},
                         {"in-place", p.tree[1]},
                         {"model", p.phase_other[0]},
                         {"nccl", p.phase_other[1]},
                         {"fitted", p.phase_other[2]}});
}

// The cost overlay's stacked bars and the running-total line.
TEST_P(PaletteTest, CostPartsAreApartFromEachOtherAndTheTotalLine) {
  const Palette p = MakePalette(GetParam());
  ExpectDistinguishable(
      "cost bars", GetParam(),
      {{"alpha", p.alpha}, {"beta", p.beta}, {"gamma", p.gamma}, {"total", p.text}});
}

// The cost overlay's time-vs-p/n curves and what-if swatches: the loaded
// algorithm against any other the engine has for the same collective.
TEST_P(PaletteTest, AlgorithmsComparableForOneCollectiveHaveDistinctColours) {
  const Palette p = MakePalette(GetParam());
  for (engine::Collective collective : engine::AllCollectives()) {
    Named colors;
    for (const engine::AlgorithmInfo& info : engine::Algorithms()) {
      if (engine::Supports(info, collective)) {
        colors.push_back({std::string(info.name), p.AlgorithmColor(info.name)});
      }
    }
    ExpectDistinguishable("cost curves for " + std::string(engine::CollectiveName(collective)),
                          GetParam(), colors);
  }
}

// Every engine algorithm has a colour, not the unknown-name fallback.
TEST_P(PaletteTest, EveryEngineAlgorithmHasAColour) {
  const Palette p = MakePalette(GetParam());
  EXPECT_EQ(p.AlgorithmColor("no-such-algorithm"), p.text);
  for (const engine::AlgorithmInfo& info : engine::Algorithms()) {
    EXPECT_NE(p.AlgorithmColor(info.name), p.text) << info.name;
  }
}

// A new algorithm file needs no palette line (issue 13): one without a
// named colour takes a hue none of the algorithms it meets has, and stays
// apart from them on the cost curves.
TEST_P(PaletteTest, AnAlgorithmWithoutANamedColourTakesAHueItsRivalsDoNotHave) {
  const Palette p = MakePalette(GetParam());
  for (engine::Collective collective : engine::AllCollectives()) {
    const engine::AlgorithmInfo newcomer{"newcomer", "", {collective}};
    const ImU32 colour = p.AlgorithmColor(newcomer);
    Named colors = {{"newcomer", colour}};
    for (const engine::AlgorithmInfo& info : engine::Algorithms()) {
      if (!engine::Supports(info, collective)) continue;
      EXPECT_NE(p.AlgorithmColor(info.name), colour)
          << info.name << " for " << engine::CollectiveName(collective);
      colors.push_back({std::string(info.name), p.AlgorithmColor(info.name)});
    }
    ExpectDistinguishable("a new algorithm for " + std::string(engine::CollectiveName(collective)),
                          GetParam(), colors);
  }
}

// The NCCL model plot: one curve per algorithm (all seven can be drawn),
// with the trace's measured times as text-coloured circles over them.
TEST_P(PaletteTest, NcclAlgorithmCurvesAreApartFromEachOtherAndTheMeasurements) {
  using engine::NcclAlgorithm;
  const Palette p = MakePalette(GetParam());
  Named colors = {{"measured", p.text}};
  for (auto [name, algorithm] : std::vector<std::pair<std::string, NcclAlgorithm>>{
           {"Tree", NcclAlgorithm::kTree},
           {"Ring", NcclAlgorithm::kRing},
           {"CollNetDirect", NcclAlgorithm::kCollNetDirect},
           {"CollNetChain", NcclAlgorithm::kCollNetChain},
           {"NVLS", NcclAlgorithm::kNvls},
           {"NVLSTree", NcclAlgorithm::kNvlsTree},
           {"PAT", NcclAlgorithm::kPat}}) {
    colors.push_back({name, p.AlgorithmColor(algorithm)});
  }
  ExpectDistinguishable("NCCL model plot", GetParam(), colors);
}

// An algorithm keeps one colour in every view (issue 15): NCCL's Ring is the
// engine's ring, NCCL's Tree (2.4 on) the double binary tree.
TEST_P(PaletteTest, NcclRingAndTreeKeepTheEngineAlgorithmsColours) {
  const Palette p = MakePalette(GetParam());
  EXPECT_EQ(p.AlgorithmColor(engine::NcclAlgorithm::kRing), p.AlgorithmColor("ring"));
  EXPECT_EQ(p.AlgorithmColor(engine::NcclAlgorithm::kTree), p.AlgorithmColor("double-binary-tree"));
}

// Check your understanding on the buffer table: the student's mark and the
// three outcomes stay apart from each other and from the written cells'
// border (wrong once looked like written), and each stands 3:1 on the
// fills it is drawn on: a written cell's yellow, or the other cells'.
TEST_P(PaletteTest, PredictionMarksAreApartAndVisibleOnTheCellsTheyMark) {
  const Palette p = MakePalette(GetParam());
  const std::string theme = GetParam() == Theme::kLight ? " (light)" : " (dark)";
  for (const bool written : {false, true}) {
    const PredictionInks& ink = p.PredictionInksOn(written);
    const Named marks = {
        {"marked", ink.marked}, {"right", ink.right}, {"wrong", ink.wrong}, {"missed", ink.missed}};
    const Named fills = written ? Named{{"written", p.highlight_fill}}
                                : Named{{"cell", p.cell_fill}, {"complete", p.complete_fill}};
    const std::string on = written ? " on a written cell" : " on a cell";
    for (std::size_t i = 0; i < marks.size(); ++i) {
      for (const auto& [fill_name, fill] : fills) {
        EXPECT_GE(Contrast(marks[i].second, fill), kMinContrast)
            << marks[i].first << " " << Hex(marks[i].second) << " on " << fill_name << theme;
      }
      EXPECT_GE(DeltaE2000(marks[i].second, p.highlight_border), kMinDeltaE)
          << marks[i].first << on << " vs the written border" << theme;
      for (std::size_t j = i + 1; j < marks.size(); ++j) {
        EXPECT_GE(DeltaE2000(marks[i].second, marks[j].second), kMinDeltaE)
            << marks[i].first << " vs " << marks[j].first << on << theme;
      }
    }
  }
}

// The ✓ of a complete sum stands 3:1 on its cell: the complete cells' green,
// and a written cell's yellow when the step completed the sum.
TEST_P(PaletteTest, CompleteMarkStandsOutOnCompleteAndWrittenCells) {
  const Palette p = MakePalette(GetParam());
  EXPECT_GE(Contrast(p.CompleteMarkOn(/*written=*/false), p.complete_fill), kMinContrast);
  EXPECT_GE(Contrast(p.CompleteMarkOn(/*written=*/true), p.highlight_fill), kMinContrast);
}

}  // namespace
}  // namespace collscope::gui

namespace collscope::gui {
namespace {

// WCAG 2.1 SC 1.4.3 (AA): text, as opposed to marks, needs 4.5:1.
constexpr double kMinTextContrast = 4.5;

// An ImGui style colour as it lands on the screen: blended over `under`.
ImU32 Over(const ImVec4& color, ImU32 under) {
  const ImVec4 u = ImGui::ColorConvertU32ToFloat4(under);
  const float a = color.w;
  return ImGui::ColorConvertFloat4ToU32(ImVec4(
      color.x * a + u.x * (1 - a), color.y * a + u.y * (1 - a), color.z * a + u.z * (1 - a), 1));
}

// The theme's ImGui style, set by ApplyTheme in a context of its own.
class ThemeStyleTest : public PaletteTest {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ApplyTheme(GetParam(), /*body_px=*/16);
  }
  void TearDown() override { ImGui::DestroyContext(context_); }
  ImU32 Style(ImGuiCol col, ImU32 under) const {
    return Over(ImGui::GetStyle().Colors[col], under);
  }

 private:
  ImGuiContext* context_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(BothThemes, ThemeStyleTest, ::testing::Values(Theme::kDark, Theme::kLight),
                         [](const auto& info) {
                           return std::string(info.param == Theme::kLight ? "Light" : "Dark");
                         });

// The error banner and the file browser's error line are words: 4.5:1 on
// the window and on a popup (the file browser is one), and error apart from
// warning and from the ordinary text beside them.
TEST_P(ThemeStyleTest, ErrorAndWarningTextIsReadableOnWindowsAndPopups) {
  const Palette p = MakePalette(GetParam());
  const ImU32 window = Style(ImGuiCol_WindowBg, p.background);
  const ImU32 popup = Style(ImGuiCol_PopupBg, window);
  for (auto [name, color] : Named{{"error", p.error}, {"warning", p.warning}}) {
    EXPECT_GE(Contrast(color, p.background), kMinTextContrast) << name << " " << Hex(color);
    EXPECT_GE(Contrast(color, window), kMinTextContrast) << name << " " << Hex(color);
    EXPECT_GE(Contrast(color, popup), kMinTextContrast) << name << " on a popup " << Hex(color);
    EXPECT_GE(DeltaE2000(color, p.text), kMinDeltaE) << name << " vs text";
  }
  EXPECT_GE(DeltaE2000(p.error, p.warning), kMinDeltaE);
}

// A rank's number on its node, in the tree and ring views, whether the rank
// is working or greyed out waiting for a peer.
TEST_P(PaletteTest, NodeNumbersAreReadableOnTheirFill) {
  const Palette p = MakePalette(GetParam());
  EXPECT_GE(Contrast(p.node_text, p.node_fill), kMinTextContrast);
  EXPECT_GE(Contrast(p.node_waiting_text, p.node_waiting_fill), kMinTextContrast);
  // Greyed out means visibly another fill than a working node's.
  EXPECT_GE(Contrast(p.node_waiting_fill, p.node_fill), 1.5);
}

// A slider draws its value centred over the whole frame, grab included
// (ImGui 1.86 SliderScalar: the grab first, then the text): the value must
// read on the grab and beside it, and the grab must show on the frame.
TEST_P(ThemeStyleTest, SliderValueIsReadableOnItsGrabAndItsFrame) {
  const Palette p = MakePalette(GetParam());
  const ImU32 window = Style(ImGuiCol_WindowBg, p.background);
  struct State {
    std::string name;
    ImGuiCol frame;
    ImGuiCol grab;
  };
  // At rest, under the mouse, and held (the grab turns Active then).
  for (const State& s : {State{"at rest", ImGuiCol_FrameBg, ImGuiCol_SliderGrab},
                         State{"hovered", ImGuiCol_FrameBgHovered, ImGuiCol_SliderGrab},
                         State{"held", ImGuiCol_FrameBgActive, ImGuiCol_SliderGrabActive}}) {
    const ImU32 frame = Style(s.frame, window);
    const ImU32 grab = Style(s.grab, frame);
    const ImU32 text = Style(ImGuiCol_Text, grab);
    EXPECT_GE(Contrast(text, grab), kMinTextContrast)
        << s.name << ": text " << Hex(text) << " on the grab " << Hex(grab);
    EXPECT_GE(Contrast(text, frame), kMinTextContrast)
        << s.name << ": text " << Hex(text) << " on the frame " << Hex(frame);
    EXPECT_GE(Contrast(grab, frame), kMinContrast)
        << s.name << ": grab " << Hex(grab) << " on the frame " << Hex(frame);
  }
}

}  // namespace
}  // namespace collscope::gui
