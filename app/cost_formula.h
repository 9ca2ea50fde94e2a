#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "engine/cost_model.h"

namespace collscope::gui {

// The formula the cost panel writes beside a schedule's total: cost =
// alpha_factor α + beta_factor n β + gamma_factor n γ. For the algorithm the
// lecture's table prices it is the table's row (Chan et al. 2007); for any
// other (a tree, recursive doubling ...) it is the priced schedule's own
// count of latencies and of n's moved and reduced, so the formula and the
// total always describe the same algorithm (issue 15).
struct PricedFormula {
  double alpha_factor = 0;
  double beta_factor = 0;
  double gamma_factor = 0;
  std::string formula;      // "2 (p-1) α + (p-1)/p n (2 β + γ)", "6 α + 1.75 n β + 0.875 n γ"
  bool from_table = false;  // the lecture's row, which equals the total
};

// `total` is the schedule's price for `bytes` under `model`; `unit_counts`
// its price for one byte under α = β = γ = 1 s (the factors when a
// parameter of `model` is zero).
PricedFormula FormulaOf(engine::Collective collective, std::string_view algorithm, int ranks,
                        double bytes, const engine::CostModel& model,
                        const engine::CostBreakdown& total,
                        const engine::CostBreakdown& unit_counts);

// The lecture's row for `collective` in Greek letters: "2 (p-1) α + ...".
std::string TableFormula(engine::Collective collective, int ranks);

// The algorithms the "versus" list offers: every one the engine builds for
// `collective`, except `current`, in `collscope list` order.
std::vector<std::string> VersusAlgorithms(engine::Collective collective, std::string_view current);
// The one compared by default: the first of ring, double binary tree, tree,
// binomial, recursive doubling that is in the list, else the list's first;
// `current` when the list is empty.
std::string DefaultVersus(engine::Collective collective, std::string_view current);

}  // namespace collscope::gui
