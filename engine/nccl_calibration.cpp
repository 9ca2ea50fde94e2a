#include "engine/nccl_calibration.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/nccl_p2p.h"

namespace collscope::engine {
namespace {

// A regime of this many distinct sizes fits both its numbers; fewer fit
// the bandwidth factor alone.
constexpr std::size_t kTwoNumberSizes = 2;
// NCCL's belief of the bandwidths is searched on a log grid, 1/20 to 20.
constexpr double kScaleLo = 0.05, kScaleHi = 20.0;
constexpr int kScaleSteps = 48;
// NCCL's own belief (factor 1) is kept while the regimes it makes predict
// unseen sizes within this RMS relative error, and unless another fits
// this much better: moving every crossover needs clear evidence, not the
// curvature of one regime.
constexpr double kTrustedRms = 0.10;
constexpr double kBeliefEvidence = 1.25;

// One call as a fit sees it: the regime NCCL picks, the model's latency and
// bandwidth term for that regime, and the measured time, microseconds.
struct FitPoint {
  std::vector<std::string> keys;  // most specific first
  double bytes = 0;
  double latency_us = 0;
  double bandwidth_us = 0;
  double time_us = 0;
};

NcclCalibration Uniform(double bandwidth_scale) {
  NcclCalibration c;
  c.bandwidth_scale.fill(bandwidth_scale);
  return c;
}

// The regime `believer` picks for the call, priced by the uncalibrated
// `model`.
std::optional<FitPoint> PointFor(const NcclModel& model, const NcclModel& believer,
                                 const MeasuredCall& call, bool by_collective) {
  if (!(call.bytes >= 0)) return std::nullopt;
  NcclTimeParts parts;
  std::string algorithm, protocol;
  if (NcclModel::Tuned(call.collective)) {
    auto choice = believer.Pick(call.collective, call.bytes);
    if (!choice) return std::nullopt;
    auto priced = model.TimeParts(call.collective, choice->algorithm, choice->protocol, call.bytes);
    if (!priced) return std::nullopt;
    parts = *priced;
    algorithm = NcclAlgorithmName(choice->algorithm);
    protocol = NcclProtocolName(choice->protocol);
  } else {
    auto prediction = PredictCollective(model, call.collective, call.bytes);
    if (!prediction) return std::nullopt;
    parts = prediction->parts;
    algorithm = prediction->algorithm;
    protocol = prediction->protocol;
  }
  const std::string c = by_collective ? std::string(CollectiveName(call.collective)) : "*";
  return FitPoint{{c + "/" + algorithm + "/" + protocol, c + "/" + protocol, c},
                  call.bytes,
                  parts.latency_us,
                  parts.bandwidth_us,
                  call.time_s * 1e6};
}

std::size_t DistinctSizes(const std::vector<const FitPoint*>& points) {
  std::set<double> sizes;
  for (const FitPoint* p : points) sizes.insert(p->bytes);
  return sizes.size();
}

// Least squares of t = lat + extra + bw_term / scale with residuals divided
// by t; unknowns extra and u = 1 / scale (u > 0). `both` false fits u alone.
std::optional<RegimeFit> FitRegime(const std::vector<const FitPoint*>& points, bool both) {
  const std::size_t sizes = DistinctSizes(points);
  if (sizes == 0) return std::nullopt;
  double aa = 0, ab = 0, bb = 0, ay = 0, by = 0;
  for (const FitPoint* p : points) {
    if (!(p->time_us > 0)) continue;
    const double w = 1 / p->time_us;
    const double a = w, b = p->bandwidth_us * w, y = (p->time_us - p->latency_us) * w;
    aa += a * a;
    ab += a * b;
    bb += b * b;
    ay += a * y;
    by += b * y;
  }
  double extra = 0, u = 0;
  const double det = aa * bb - ab * ab;
  if (both && sizes >= 2 && std::fabs(det) > 1e-12 * aa * bb) {
    extra = (ay * bb - by * ab) / det;
    u = (aa * by - ab * ay) / det;
  }
  if (!(u > 0)) {
    // Latency alone cannot carry a size trend: keep the model's latency.
    extra = 0;
    u = bb > 0 ? by / bb : 0;
  }
  if (!(u > 0)) return std::nullopt;
  return RegimeFit{extra, 1 / u, sizes};
}

double Predicted(const FitPoint& p, const RegimeFit& r) {
  return std::max(0.0, p.latency_us + r.extra_latency_us) + p.bandwidth_us / r.bandwidth_scale;
}

FittedPrediction Predict(const FitPoint& point, const NcclFit& fit) {
  for (const std::string& key : point.keys) {
    if (auto it = fit.regimes.find(key); it != fit.regimes.end()) {
      return {Predicted(point, it->second) * 1e-6, key};
    }
  }
  return {(point.latency_us + point.bandwidth_us) * 1e-6, "model"};
}

// The regimes' numbers for one belief.
NcclFit FitRegimes(const std::vector<FitPoint>& points, double pick_scale, bool by_collective) {
  NcclFit fit;
  fit.by_collective = by_collective;
  fit.pick_bandwidth_scale = pick_scale;
  std::map<std::string, std::vector<const FitPoint*>> groups;
  for (const FitPoint& p : points) {
    for (const std::string& key : p.keys) groups[key].push_back(&p);
  }
  for (const auto& [key, members] : groups) {
    // The widest key (the collective, or everything) spans regimes: a
    // bandwidth factor only.
    const bool widest = key.find('/') == std::string::npos;
    if (auto regime = FitRegime(members, !widest && DistinctSizes(members) >= kTwoNumberSizes)) {
      fit.regimes[key] = *regime;
    }
  }
  return fit;
}

// How well a belief predicts sizes it did not see: each size priced by
// the regimes fitted on the others, squared relative errors summed. A
// belief that only isolates sizes in regimes of their own gains nothing.
double CrossValidatedError(const std::vector<FitPoint>& points, bool by_collective) {
  std::set<double> sizes;
  for (const FitPoint& p : points) sizes.insert(p.bytes);
  double error = 0;
  for (double size : sizes) {
    std::vector<FitPoint> others;
    for (const FitPoint& p : points) {
      if (p.bytes != size) others.push_back(p);
    }
    const NcclFit fit = FitRegimes(others, 1.0, by_collective);
    for (const FitPoint& p : points) {
      if (p.bytes != size) continue;
      const double e = (Predict(p, fit).time_s * 1e6 - p.time_us) / p.time_us;
      error += e * e;
    }
  }
  return error;
}

NcclFit FitCalls(const NcclModel& model, const std::vector<MeasuredCall>& calls,
                 bool by_collective) {
  NcclModel believer = model;
  auto points_at = [&](double scale) {
    believer.Calibrate(Uniform(scale));
    std::vector<FitPoint> points;
    for (const MeasuredCall& call : calls) {
      if (!(call.time_s > 0)) continue;
      if (auto p = PointFor(model, believer, call, by_collective)) points.push_back(*p);
    }
    return points;
  };
  std::vector<FitPoint> own_points = points_at(1.0);
  const double own_error = CrossValidatedError(own_points, by_collective);
  if (own_points.empty() ||
      std::sqrt(own_error / static_cast<double>(own_points.size())) <= kTrustedRms) {
    return FitRegimes(own_points, 1.0, by_collective);
  }
  double best_scale = 1.0, best_error = own_error;
  for (int i = 0; i <= kScaleSteps; ++i) {
    const double scale =
        kScaleLo * std::pow(kScaleHi / kScaleLo, static_cast<double>(i) / kScaleSteps);
    const double error = CrossValidatedError(points_at(scale), by_collective);
    // Ties (a range of beliefs makes the same picks) go to the belief
    // closest to the model's own.
    const bool better = error < best_error * (1 - 1e-9) ||
                        (error <= best_error * (1 + 1e-9) &&
                         std::fabs(std::log(scale)) < std::fabs(std::log(best_scale)));
    if (better) {
      best_error = error;
      best_scale = scale;
    }
  }
  if (own_error <= kBeliefEvidence * best_error) best_scale = 1.0;
  return FitRegimes(best_scale == 1.0 ? own_points : points_at(best_scale), best_scale,
                    by_collective);
}

}  // namespace

NcclFit FitNccl(const NcclModel& model, const std::vector<MeasuredCall>& calls,
                bool by_collective) {
  return FitCalls(model, calls, by_collective);
}

std::optional<FittedPrediction> PredictWithFit(const NcclModel& model, const NcclFit& fit,
                                               Collective collective, double bytes) {
  NcclModel believer = model;
  believer.Calibrate(Uniform(fit.pick_bandwidth_scale));
  // The measured time is not used for a prediction.
  auto point = PointFor(model, believer, {collective, bytes, 1.0}, fit.by_collective);
  if (!point) return std::nullopt;
  return Predict(*point, fit);
}

std::vector<std::optional<FittedPrediction>> LeaveOneSizeOut(
    const NcclModel& model, const std::vector<MeasuredCall>& calls) {
  std::vector<std::optional<FittedPrediction>> out(calls.size());
  std::map<double, NcclFit> fits;  // one fit per left-out size
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const double size = calls[i].bytes;
    auto it = fits.find(size);
    if (it == fits.end()) {
      std::vector<MeasuredCall> others;
      for (const MeasuredCall& call : calls) {
        if (call.bytes != size) others.push_back(call);
      }
      it = fits.emplace(size, FitCalls(model, others, true)).first;
    }
    out[i] = PredictWithFit(model, it->second, calls[i].collective, size);
  }
  return out;
}

std::vector<std::optional<FittedPrediction>> FitOnOneCollective(
    const NcclModel& model, const std::vector<MeasuredCall>& calls, Collective train) {
  std::vector<MeasuredCall> training;
  for (const MeasuredCall& call : calls) {
    if (call.collective == train) training.push_back(call);
  }
  std::vector<std::optional<FittedPrediction>> out(calls.size());
  if (training.empty()) return out;
  const NcclFit fit = FitCalls(model, training, /*by_collective=*/false);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].collective == train) continue;
    out[i] = PredictWithFit(model, fit, calls[i].collective, calls[i].bytes);
  }
  return out;
}

}  // namespace collscope::engine
