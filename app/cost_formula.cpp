#include "app/cost_formula.h"

#include <algorithm>
#include <cmath>

#include "app/render/format.h"
#include "engine/algorithm.h"

namespace collscope::gui {

namespace {

// "2 (p-1) alpha" as the slide writes it: "2 (p-1) α".
std::string Greek(std::string text) {
  const std::pair<const char*, const char*> words[] = {
      {"alpha", "\xCE\xB1"}, {"beta", "\xCE\xB2"}, {"gamma", "\xCE\xB3"}};
  for (const auto& [word, letter] : words) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at)) {
      text.replace(at, std::string_view(word).size(), letter);
    }
  }
  return text;
}

// One factor of a parameter: the priced part over the parameter, or the
// unit-model count when the parameter is zero.
double Factor(double priced_s, double parameter, double unit_count) {
  return parameter > 0 ? priced_s / parameter : unit_count;
}

bool Close(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)) + 1e-15;
}

}  // namespace

std::string TableFormula(engine::Collective collective, int ranks) {
  return Greek(engine::LectureClosedForm(collective, ranks).formula);
}

PricedFormula FormulaOf(engine::Collective collective, std::string_view algorithm, int ranks,
                        double bytes, const engine::CostModel& model,
                        const engine::CostBreakdown& total,
                        const engine::CostBreakdown& unit_counts) {
  PricedFormula out;
  out.alpha_factor = Factor(total.latency_s, model.alpha_s, unit_counts.latency_s);
  out.beta_factor =
      Factor(total.bandwidth_s, bytes * model.beta_s_per_byte, unit_counts.bandwidth_s);
  out.gamma_factor = Factor(total.compute_s, bytes * model.gamma_s_per_byte, unit_counts.compute_s);
  if (algorithm == engine::DefaultAlgorithm(collective)) {
    const engine::ClosedForm table = engine::LectureClosedForm(collective, ranks);
    if (Close(table.alpha_factor, out.alpha_factor) && Close(table.beta_factor, out.beta_factor) &&
        Close(table.gamma_factor, out.gamma_factor)) {
      out.formula = TableFormula(collective, ranks);
      out.from_table = true;
      return out;
    }
  }
  // The schedule's own counts: terms that are zero are left out.
  const std::pair<double, const char*> terms[] = {{out.alpha_factor, "\xCE\xB1"},
                                                  {out.beta_factor, "n \xCE\xB2"},
                                                  {out.gamma_factor, "n \xCE\xB3"}};
  for (const auto& [factor, name] : terms) {
    if (factor == 0) continue;
    if (!out.formula.empty()) out.formula += " + ";
    out.formula += (factor == 1 ? std::string() : FormatFactor(factor) + " ") + name;
  }
  if (out.formula.empty()) out.formula = "0";
  return out;
}

std::vector<std::string> VersusAlgorithms(engine::Collective collective, std::string_view current) {
  std::vector<std::string> names;
  for (const engine::AlgorithmInfo& algorithm : engine::Algorithms()) {
    if (algorithm.name != current && engine::Supports(algorithm, collective)) {
      names.emplace_back(algorithm.name);
    }
  }
  return names;
}

std::string DefaultVersus(engine::Collective collective, std::string_view current) {
  const std::vector<std::string> names = VersusAlgorithms(collective, current);
  if (names.empty()) return std::string(current);
  for (const char* preferred :
       {"ring", "double-binary-tree", "tree", "binomial", "recursive-doubling"}) {
    if (std::find(names.begin(), names.end(), preferred) != names.end()) return preferred;
  }
  return names.front();
}

}  // namespace collscope::gui
