#include "app/nccl_choice_curves.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/machine.h"

namespace collscope::gui {
namespace {

engine::NcclModel HgxH100() {
  const std::optional<engine::Machine> machine = engine::FindMachine("hgx-h100");
  EXPECT_TRUE(machine.has_value());
  return engine::NcclModel(*machine);
}

TEST(NcclChoiceCurves, ThePickIsTheFastestAvailablePairAtEverySize) {
  const engine::NcclModel model = HgxH100();
  const std::vector<double> sizes = DoublingSizes(8, 1 << 30, 2);
  ASSERT_EQ(sizes.front(), 8);
  ASSERT_EQ(sizes.back(), 1 << 30);
  ASSERT_EQ(sizes.size(), 55u);  // 27 doublings, 2 points each, both ends
  const auto curves = BuildChoiceCurves(model, engine::Collective::kAllReduce, sizes, nullptr);
  ASSERT_TRUE(curves.has_value());
  ASSERT_GT(curves->pairs.size(), 3u);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const int pick = curves->pick[i];
    ASSERT_GE(pick, 0);
    const double best = curves->pairs[static_cast<std::size_t>(pick)].time_s[i];
    for (const PairCurve& pair : curves->pairs) {
      if (std::isfinite(pair.time_s[i])) {
        EXPECT_LE(best, pair.time_s[i] * (1 + 1e-12)) << pair.name;
      }
    }
  }
  // Small messages and large ones are not run the same way.
  EXPECT_NE(curves->pick.front(), curves->pick.back());
  EXPECT_FALSE(curves->crossovers.empty());
}

TEST(NcclChoiceCurves, TuningChoicesTheModelDisagreesWithAreMarked) {
  const engine::NcclModel model = HgxH100();
  trace::Trace trace;
  const auto pick = model.Pick(engine::Collective::kAllReduce, 1 << 20);
  ASSERT_TRUE(pick.has_value());
  trace::TuningChoice same;
  same.collective = "allreduce";
  same.bytes = 1 << 20;
  same.algorithm = trace::CanonicalNcclAlgorithm(engine::NcclAlgorithmName(pick->algorithm));
  same.protocol = trace::CanonicalNcclProtocol(engine::NcclProtocolName(pick->protocol));
  same.channel_lo = 0;
  same.channel_hi = 15;
  trace::TuningChoice other = same;
  other.algorithm = same.algorithm == "ring" ? "tree" : "ring";
  trace.tuning_choices = {same, other};
  trace::Measurement m;
  m.collective = "allreduce";
  m.bytes = 1 << 20;
  m.time_us = 30;
  trace.measurements = {m};
  const auto curves = BuildChoiceCurves(model, engine::Collective::kAllReduce,
                                        DoublingSizes(1 << 10, 1 << 24, 1), &trace);
  ASSERT_TRUE(curves.has_value());
  ASSERT_EQ(curves->choices.size(), 2u);
  EXPECT_TRUE(curves->choices[0].agrees);
  EXPECT_EQ(curves->choices[0].channels, 16);
  EXPECT_FALSE(curves->choices[1].agrees);
  EXPECT_EQ(curves->Disagreements(), 1u);
  ASSERT_EQ(curves->measured.size(), 1u);
  EXPECT_DOUBLE_EQ(curves->measured[0].time_s, 30e-6);
  // busbw of 1 MiB in 30 us on 8 ranks: algbw x 2(p-1)/p.
  EXPECT_NEAR(curves->BusBwGbps(1 << 20, 30e-6), (1 << 20) / 30e-6 * 1e-9 * 1.75, 1e-9);
}

TEST(NcclChoiceCurves, CollectivesNcclDoesNotTuneHaveNoCurves) {
  EXPECT_FALSE(BuildChoiceCurves(HgxH100(), engine::Collective::kAllToAll,
                                 DoublingSizes(8, 1024, 1), nullptr)
                   .has_value());
}

}  // namespace
}  // namespace collscope::gui
