// Calibration from a run: the fit recovers numbers it was given, and the
// out-of-sample prediction of a size never sees that size.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/nccl_calibration.h"
#include "engine/nccl_p2p.h"

namespace collscope::engine {
namespace {

NcclModel FourH100s() {
  Machine m = *FindMachine("hgx-h100");
  m.gpus_per_node = 4;
  return NcclModel(m);
}

// A run whose wire is 20 % slower than NCCL believes and 12 us slower to
// start, in every regime: what NCCL picks is unchanged, the times are not.
std::vector<MeasuredCall> SlowerRun(const NcclModel& model, Collective c) {
  std::vector<MeasuredCall> calls;
  for (double bytes = 1 << 10; bytes <= 8.0 * (1 << 30); bytes *= 2) {
    auto choice = model.Pick(c, bytes);
    auto parts = model.TimeParts(c, choice->algorithm, choice->protocol, bytes);
    calls.push_back({c, bytes, (parts->latency_us + 12 + parts->bandwidth_us / 0.8) * 1e-6});
  }
  return calls;
}

TEST(NcclCalibration, RecoversTheNumbersOfEveryRegime) {
  const NcclModel model = FourH100s();
  const auto calls = SlowerRun(model, Collective::kAllReduce);
  const NcclFit fit = FitNccl(model, calls);
  EXPECT_DOUBLE_EQ(fit.pick_bandwidth_scale, 1.0);  // NCCL's own picks fit
  ASSERT_TRUE(fit.regimes.contains("allreduce/ring/SIMPLE"));
  ASSERT_TRUE(fit.regimes.contains("allreduce/ring/LL"));
  for (const char* key : {"allreduce/ring/SIMPLE", "allreduce/ring/LL"}) {
    EXPECT_NEAR(fit.regimes.at(key).extra_latency_us, 12, 1e-6) << key;
    EXPECT_NEAR(fit.regimes.at(key).bandwidth_scale, 0.8, 1e-9) << key;
  }
  for (const MeasuredCall& call : calls) {
    auto predicted = PredictWithFit(model, fit, call.collective, call.bytes);
    ASSERT_TRUE(predicted);
    EXPECT_NEAR(predicted->time_s / call.time_s, 1.0, 1e-9) << call.bytes;
  }
}

TEST(NcclCalibration, LeaveOneOutNeverSeesTheSizeItPredicts) {
  const NcclModel model = FourH100s();
  auto calls = SlowerRun(model, Collective::kAllReduce);
  // Make one large size an outlier, three times slower. A fit that saw it
  // would bend towards it; the out-of-sample prediction must not.
  const std::size_t outlier = calls.size() - 3;
  const double honest = calls[outlier].time_s;
  calls[outlier].time_s *= 3;
  auto predictions = LeaveOneSizeOut(model, calls);
  ASSERT_EQ(predictions.size(), calls.size());
  ASSERT_TRUE(predictions[outlier]);
  EXPECT_NEAR(predictions[outlier]->time_s / honest, 1.0, 1e-6);
  // The in-sample fit did see it.
  const NcclFit seen = FitNccl(model, calls);
  auto in_sample = PredictWithFit(model, seen, Collective::kAllReduce, calls[outlier].bytes);
  EXPECT_GT(in_sample->time_s / honest, 1.01);
}

TEST(NcclCalibration, FitsNcclsBeliefWhenTheMachineIsWrong) {
  // The run's NCCL believed the links ten times slower than the preset
  // says, so its crossovers sit at a tenth of the model's sizes.
  const NcclModel model = FourH100s();
  NcclModel truth = model;
  NcclCalibration slower;
  slower.bandwidth_scale = {0.1, 0.1, 0.1};
  truth.Calibrate(slower);
  std::vector<MeasuredCall> calls;
  for (double bytes = 1 << 10; bytes <= 8.0 * (1 << 30); bytes *= 2) {
    calls.push_back(
        {Collective::kAllReduce, bytes, truth.Pick(Collective::kAllReduce, bytes)->time_s});
  }
  const NcclFit fit = FitNccl(model, calls);
  EXPECT_NEAR(std::log(fit.pick_bandwidth_scale), std::log(0.1), 0.15);
  double worst = 0;
  for (const MeasuredCall& call : calls) {
    auto p = PredictWithFit(model, fit, call.collective, call.bytes);
    worst = std::max(worst, std::fabs(p->time_s / call.time_s - 1));
  }
  EXPECT_LT(worst, 0.05);
}

TEST(NcclCalibration, OneCollectivePredictsTheOthers) {
  const NcclModel model = FourH100s();
  auto calls = SlowerRun(model, Collective::kAllReduce);
  for (const MeasuredCall& c : SlowerRun(model, Collective::kAllGather)) calls.push_back(c);
  auto predictions = FitOnOneCollective(model, calls, Collective::kAllReduce);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].collective == Collective::kAllReduce) {
      EXPECT_FALSE(predictions[i]);
      continue;
    }
    ASSERT_TRUE(predictions[i]);
    // Same slowdown in both: the all-reduce fit carries over wherever the
    // all-gather runs a regime the all-reduce had.
    if (predictions[i]->regime == "*/ring/SIMPLE") {
      EXPECT_NEAR(predictions[i]->time_s / calls[i].time_s, 1.0, 1e-6) << calls[i].bytes;
    }
  }
}

TEST(NcclP2p, AllToAllSendsToEveryPeerAtOnce) {
  Machine m = *FindMachine("hgx-h100");
  NcclModel model(m);
  const double bytes = 1 << 30;
  const P2pCost cost = PriceP2p(model, P2pPattern::kAllToAll, bytes);
  // One send's latency (Ring/Simple base 8.4 + NVLink hop 3.4, and one
  // 512 KiB chunk's fill over one 20.6 GB/s NVLink), not 7 of them...
  EXPECT_NEAR(cost.latency_us, 8.4 + 3.4 + 524288 / 20.6e9 * 1e6, 1e-9);
  // ...and the 7 blocks leave over the GPU's 18 NVLinks together.
  EXPECT_NEAR(cost.bandwidth_s, 7.0 / 8 * bytes / (18 * 20.6e9), 1e-15);
  auto prediction = PredictCollective(model, Collective::kAllToAll, bytes);
  EXPECT_EQ(prediction->algorithm, "p2p");
  EXPECT_NEAR(prediction->time_s, cost.Total(), 1e-15);
  // Two nodes: the 8 blocks for the other node leave over the GPU's PCIe
  // Gen5 link to its NIC (48 GB/s, below its 50 GB/s NIC).
  NcclModel two(*FindMachine("hgx-h100:2"));
  const P2pCost across = PriceP2p(two, P2pPattern::kAllToAll, bytes);
  EXPECT_NEAR(across.bandwidth_s, 8 * (bytes / 16) / 48e9, 1e-15);
}

}  // namespace
}  // namespace collscope::engine

namespace collscope::engine {
namespace {

TEST(NcclCalibration, NothingToTrainOnPredictsNothing) {
  const NcclModel model = FourH100s();
  auto calls = SlowerRun(model, Collective::kAllGather);
  for (const auto& p : FitOnOneCollective(model, calls, Collective::kAllReduce)) {
    EXPECT_FALSE(p);
  }
}

}  // namespace
}  // namespace collscope::engine
