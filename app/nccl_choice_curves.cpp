#include "app/nccl_choice_curves.h"

#include <cmath>
#include <limits>

namespace collscope::gui {
namespace {

constexpr engine::NcclAlgorithm kAlgorithms[] = {engine::NcclAlgorithm::kTree,
                                                 engine::NcclAlgorithm::kRing,
                                                 engine::NcclAlgorithm::kCollNetDirect,
                                                 engine::NcclAlgorithm::kCollNetChain,
                                                 engine::NcclAlgorithm::kNvls,
                                                 engine::NcclAlgorithm::kNvlsTree,
                                                 engine::NcclAlgorithm::kPat};
constexpr engine::NcclProtocol kProtocols[] = {
    engine::NcclProtocol::kLL, engine::NcclProtocol::kLL128, engine::NcclProtocol::kSimple};

// "ring/SIMPLE", as the trace's TUNING choices spell the pair.
std::string PairName(engine::NcclAlgorithm algorithm, engine::NcclProtocol protocol) {
  return trace::CanonicalNcclAlgorithm(engine::NcclAlgorithmName(algorithm)) + "/" +
         trace::CanonicalNcclProtocol(engine::NcclProtocolName(protocol));
}

}  // namespace

std::size_t ChoiceCurves::Disagreements() const {
  std::size_t count = 0;
  for (const Choice& choice : choices) count += choice.agrees ? 0 : 1;
  return count;
}

double ChoiceCurves::BusBwGbps(double size, double time_s) const {
  if (time_s <= 0 || !std::isfinite(time_s)) return 0;
  return size / time_s * 1e-9 * engine::BusBandwidthFactor(collective, ranks);
}

std::vector<double> DoublingSizes(double lo, double hi, int per_octave) {
  std::vector<double> sizes;
  if (lo < 1) lo = 1;
  if (hi < lo || per_octave < 1) return sizes;
  const double first = std::log2(lo);
  const double last = std::log2(hi);
  const int steps = static_cast<int>(std::ceil((last - first) * per_octave - 1e-9));
  for (int i = 0; i <= steps; ++i) {
    const double e = std::min(last, first + static_cast<double>(i) / per_octave);
    sizes.push_back(std::round(std::exp2(e)));
  }
  return sizes;
}

std::optional<ChoiceCurves> BuildChoiceCurves(const engine::NcclModel& model,
                                              engine::Collective collective,
                                              const std::vector<double>& sizes,
                                              const trace::Trace* trace) {
  if (!engine::NcclModel::Tuned(collective) || sizes.empty()) return std::nullopt;
  ChoiceCurves curves;
  curves.collective = collective;
  curves.ranks = model.Ranks();
  curves.bytes = sizes;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (engine::NcclAlgorithm algorithm : kAlgorithms) {
    for (engine::NcclProtocol protocol : kProtocols) {
      PairCurve curve;
      curve.algorithm = algorithm;
      curve.protocol = protocol;
      curve.name = PairName(algorithm, protocol);
      bool any = false;
      for (double size : sizes) {
        const std::optional<double> time = model.Time(collective, algorithm, protocol, size);
        curve.time_s.push_back(time ? *time : nan);
        any = any || time.has_value();
      }
      if (any) curves.pairs.push_back(std::move(curve));
    }
  }
  auto index_of = [&](engine::NcclAlgorithm algorithm, engine::NcclProtocol protocol) {
    for (std::size_t i = 0; i < curves.pairs.size(); ++i) {
      if (curves.pairs[i].algorithm == algorithm && curves.pairs[i].protocol == protocol) {
        return static_cast<int>(i);
      }
    }
    return -1;
  };
  for (double size : sizes) {
    const std::optional<engine::NcclChoice> choice = model.Pick(collective, size);
    curves.pick.push_back(choice ? index_of(choice->algorithm, choice->protocol) : -1);
  }
  curves.crossovers = model.Crossovers(collective, sizes.front(), sizes.back());
  if (trace == nullptr) return curves;
  const std::string name(engine::CollectiveName(collective));
  for (const trace::Measurement& m : trace->measurements) {
    if (m.in_place || m.collective != name || m.time_us <= 0 || m.bytes <= 0) continue;
    curves.measured.push_back({static_cast<double>(m.bytes), m.time_us * 1e-6});
  }
  for (const trace::TuningChoice& tuning : trace->tuning_choices) {
    if (tuning.collective != name || tuning.bytes <= 0) continue;
    ChoiceCurves::Choice choice;
    choice.bytes = static_cast<double>(tuning.bytes);
    choice.nccl = tuning.algorithm + "/" + tuning.protocol;
    for (std::size_t i = 0; i < curves.pairs.size(); ++i) {
      if (curves.pairs[i].name == choice.nccl) choice.nccl_pair = static_cast<int>(i);
    }
    if (const auto pick = model.Pick(collective, choice.bytes)) {
      choice.model_pair = index_of(pick->algorithm, pick->protocol);
    }
    if (tuning.channel_lo >= 0 && tuning.channel_hi >= tuning.channel_lo) {
      choice.channels = tuning.channel_hi - tuning.channel_lo + 1;
    }
    choice.agrees = choice.nccl_pair >= 0 && choice.nccl_pair == choice.model_pair;
    curves.choices.push_back(std::move(choice));
  }
  return curves;
}

}  // namespace collscope::gui
