// Issue 15: numbers on the cost panel read in units a lecture uses and
// never break across lines; the formula beside a total is the priced
// algorithm's; the versus list offers only algorithms of the collective.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/cost_formula.h"
#include "app/render/format.h"
#include "engine/algorithm.h"
#include "engine/cost_model.h"

namespace collscope::gui {
namespace {

TEST(FormatUnits, BytesByMagnitude) {
  EXPECT_EQ(FormatBytes(5), "5 B");  // was "n = 0.000 MB"
  EXPECT_EQ(FormatBytes(4096), "4.10 KB");
  EXPECT_EQ(FormatBytes(64e6), "64.0 MB");
  EXPECT_EQ(FormatBytes(1.5e9), "1.50 GB");
}

TEST(FormatUnits, BetaAsTimePerByteAndAsBandwidth) {
  EXPECT_EQ(FormatSecondsPerByte(1.0), "1.00 s/B");  // was "1e+09 ns/B"
  EXPECT_EQ(FormatSecondsPerByte(0.0125e-9), "12.5 ps/B");
  EXPECT_EQ(FormatSecondsPerByte(2e-9), "2.00 ns/B");
  EXPECT_EQ(FormatSecondsPerByte(0), "0 s/B");
  EXPECT_EQ(FormatBandwidth(80e9), "80.0 GB/s");
  EXPECT_EQ(FormatBandwidth(1.0), "1.00 B/s");
}

TEST(FormatUnits, SingularAndPlural) {
  EXPECT_EQ(CountOf(1, "transfer"), "1 transfer");
  EXPECT_EQ(CountOf(0, "rank"), "0 ranks");
  EXPECT_EQ(CountOf(2, "rank"), "2 ranks");
}

// Every character 1 unit wide.
float Chars(std::string_view text) { return static_cast<float>(text.size()); }

TEST(WrapLines, NeverBreaksInsideANumberOrBeforeItsUnit) {
  // ImGui's own wrap gave "β 4." / "00 ms" and "0." / "875".
  const auto lines = WrapLines("α 3.40 ms + β 4.00 ms + γ 0.875 s", 12, Chars);
  for (const std::string& line : lines) {
    EXPECT_NE(line.back(), '.') << line;
    EXPECT_FALSE(line.front() == 'm' || line.front() == 's') << line;
  }
  EXPECT_NE(std::find(lines.begin(), lines.end(), "β 4.00 ms +"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "γ 0.875 s"), lines.end());
}

TEST(WrapLines, FitsTheWidthAndKeepsEveryWord) {
  const std::string text = "= 14 × 1.00 s + 8 B × (1.75 × 1.00 s/B + 0.875 × 1.00 s/B)";
  const auto lines = WrapLines(text, 20, Chars);
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_LE(line.size(), 20u) << line;
    joined += (joined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(joined, text);
}

TEST(WrapLines, AWordWiderThanTheLineKeepsALineOfItsOwn) {
  const auto lines = WrapLines("srun --partition=gpuA100x4,gpuA40x4 --gpus=1", 10, Chars);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "--partition=gpuA100x4,gpuA40x4");
}

engine::CostBreakdown Priced(engine::Collective c, const std::string& algorithm, int p, double n,
                             const engine::CostModel& m) {
  auto built = engine::BuildSchedule(c, algorithm, p);
  EXPECT_TRUE(built.schedule) << built.error;
  return engine::PriceSchedule(*built.schedule, n, m);
}

TEST(CostFormula, TheLecturesRowForTheAlgorithmItPrices) {
  const engine::CostModel m{1e-6, 1e-10, 1e-11};
  const auto total = Priced(engine::Collective::kAllReduce, "ring", 8, 1e6, m);
  const PricedFormula form =
      FormulaOf(engine::Collective::kAllReduce, "ring", 8, 1e6, m, total, {});
  EXPECT_TRUE(form.from_table);
  EXPECT_EQ(form.formula, "2 (p-1) α + (p-1)/p n (2 β + γ)");
}

// Issue 15: a tree schedule was shown beside the ring's formula. Its own
// counts, which reproduce its total, are shown instead.
TEST(CostFormula, ATreeScheduleShowsItsOwnCountsNotTheRingsFormula) {
  const engine::CostModel m{1e-6, 1e-10, 1e-11};
  const double n = 1e6;
  for (const char* algorithm : {"tree", "double-binary-tree", "recursive-doubling"}) {
    const auto total = Priced(engine::Collective::kAllReduce, algorithm, 8, n, m);
    const PricedFormula form =
        FormulaOf(engine::Collective::kAllReduce, algorithm, 8, n, m, total, {});
    EXPECT_FALSE(form.from_table) << algorithm;
    EXPECT_EQ(form.formula.find("(p-1)"), std::string::npos) << form.formula;
    const double rebuilt =
        form.alpha_factor * m.alpha_s +
        n * (form.beta_factor * m.beta_s_per_byte + form.gamma_factor * m.gamma_s_per_byte);
    EXPECT_NEAR(rebuilt, total.Total(), 1e-12) << algorithm;
  }
}

TEST(CostFormula, AZeroParameterTakesItsCountFromTheUnitModel) {
  const engine::CostModel m{1e-6, 1e-10, 0};
  auto built = engine::BuildSchedule(engine::Collective::kAllReduce, "tree", 4);
  ASSERT_TRUE(built.schedule);
  const auto total = engine::PriceSchedule(*built.schedule, 1e6, m);
  const auto unit = engine::PriceSchedule(*built.schedule, 1.0, engine::CostModel{1, 1, 1});
  const PricedFormula form =
      FormulaOf(engine::Collective::kAllReduce, "tree", 4, 1e6, m, total, unit);
  EXPECT_GT(form.gamma_factor, 0);
  EXPECT_NE(form.formula.find("γ"), std::string::npos) << form.formula;
}

TEST(Versus, OffersOnlyAlgorithmsOfTheCollective) {
  for (engine::Collective c : engine::AllCollectives()) {
    for (const std::string& name : VersusAlgorithms(c, engine::DefaultAlgorithm(c))) {
      const auto* algorithm = engine::FindAlgorithm(name);
      ASSERT_NE(algorithm, nullptr) << name;
      EXPECT_TRUE(engine::Supports(*algorithm, c)) << name;
      EXPECT_NE(name, engine::DefaultAlgorithm(c));
      EXPECT_TRUE(engine::BuildSchedule(c, name, 8).schedule) << name;
    }
  }
  // Double binary tree is an allreduce only.
  const auto scatter = VersusAlgorithms(engine::Collective::kScatter, "binomial");
  EXPECT_EQ(std::find(scatter.begin(), scatter.end(), "double-binary-tree"), scatter.end());
  EXPECT_EQ(DefaultVersus(engine::Collective::kAllReduce, "ring"), "double-binary-tree");
}

}  // namespace
}  // namespace collscope::gui
