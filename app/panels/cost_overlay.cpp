// The cost overlay (lecture slide 10): the alpha-beta-gamma price of every
// step as a stacked bar, the running total, the lecture's closed form with
// the numbers substituted, what-if sliders for p and n, and total time
// against p or n for two algorithms side by side, drawn with ImDrawList.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "app/panels/cost_overlay.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/algorithm.h"
#include "engine/collective.h"
#include "engine/scaling.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr int kWhatIfMaxRanks = 24576;  // the right end of the lecture's NCCL figure
constexpr double kPlotBudgetSeconds = 0.006;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string CompareAlgorithm(engine::Collective collective, const std::string& current) {
  const char* order[] = {"ring", "double-binary-tree", "tree", "binomial", "recursive-doubling"};
  for (const char* name : order) {
    if (name == current) continue;
    const auto* algorithm = engine::FindAlgorithm(name);
    if (algorithm && engine::Supports(*algorithm, collective)) return name;
  }
  for (const auto& algorithm : engine::Algorithms()) {
    if (algorithm.name != current && engine::Supports(algorithm, collective)) {
      return std::string(algorithm.name);
    }
  }
  return current;
}

// The loaded algorithm and the one it is compared with (just one when the
// collective has a single algorithm).
std::vector<std::string> Compared(const std::string& current, const std::string& other) {
  if (other.empty() || other == current) return {current};
  return {current, other};
}

// What a cached price depends on, besides the what-if values.
std::string Key(const Config& config, const std::vector<std::string>& algorithms) {
  std::string key = std::to_string(static_cast<int>(config.collective)) + "|" + config.preset;
  for (const std::string& algorithm : algorithms) key += "|" + algorithm;
  return key + "|";
}

// Total seconds of one configuration, or NaN when the algorithm refuses it.
double Price(engine::Collective collective, const std::string& algorithm, int ranks, double bytes,
             const engine::CostModel& model, engine::CostBreakdown* parts) {
  const auto point = engine::ModelPoint(collective, algorithm, ranks, bytes, model);
  if (!point) return kNaN;
  if (parts) *parts = point->cost;
  return point->time_s;
}

// "2 (p-1) alpha + ..." as the slide writes it: "2 (p-1) α + ...".
std::string Greek(std::string text) {
  const std::pair<const char*, const char*> words[] = {
      {"alpha", "α"}, {"beta", "β"}, {"gamma", "γ"}};
  for (const auto& [word, letter] : words) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at)) {
      text.replace(at, std::string_view(word).size(), letter);
    }
  }
  return text;
}

void StepBars(FrameContext& frame, float height) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  const auto& steps = state.StepCosts();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRect(min, ImVec2(min.x + width, min.y + height), palette.grid);
  if (steps.empty()) return;
  // Bins of steps when there are more steps than 3-pixel bars.
  const std::size_t bins = std::min<std::size_t>(steps.size(), static_cast<std::size_t>(width / 3));
  const double per_bin = static_cast<double>(steps.size()) / static_cast<double>(bins);
  std::vector<engine::StepCost> binned(bins);
  double peak = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    engine::StepCost& bin = binned[std::min(bins - 1, static_cast<std::size_t>(i / per_bin))];
    bin.latency_s += steps[i].latency_s / per_bin;
    bin.bandwidth_s += steps[i].bandwidth_s / per_bin;
    bin.compute_s += steps[i].compute_s / per_bin;
  }
  for (const auto& bin : binned) peak = std::max(peak, bin.Total());
  if (peak <= 0) return;
  const float bar_w = width / static_cast<float>(bins);
  for (std::size_t b = 0; b < bins; ++b) {
    float y = min.y + height;
    const float x0 = min.x + bar_w * static_cast<float>(b) + (bar_w > 6 ? 1 : 0);
    const float x1 = min.x + bar_w * static_cast<float>(b + 1) - (bar_w > 6 ? 1 : 0);
    const double parts[3] = {binned[b].latency_s, binned[b].bandwidth_s, binned[b].compute_s};
    const ImU32 colors[3] = {palette.alpha, palette.beta, palette.gamma};
    for (int k = 0; k < 3; ++k) {
      const float h = static_cast<float>(parts[k] / peak) * (height - 4);
      draw->AddRectFilled(ImVec2(x0, y - h), ImVec2(x1, y), colors[k]);
      y -= h;
    }
  }
  // The shown step, and the running total as a line over the bars.
  if (state.step() > 0) {
    const float x = min.x + bar_w * static_cast<float>((state.step() - 0.5) / per_bin);
    draw->AddLine(ImVec2(x, min.y), ImVec2(x, min.y + height), palette.current, 2.0f);
  }
  const double total = state.TotalCost().Total();
  if (total > 0) {
    draw->PathClear();
    double running = 0;
    draw->PathLineTo(ImVec2(min.x, min.y + height));
    for (std::size_t i = 0; i < steps.size(); ++i) {
      running += steps[i].Total();
      if (steps.size() > 512 && i % (steps.size() / 512) != 0 && i + 1 != steps.size()) continue;
      draw->PathLineTo(ImVec2(min.x + width * static_cast<float>(i + 1) / steps.size(),
                              min.y + height - static_cast<float>(running / total) * (height - 2)));
    }
    draw->PathStroke(palette.text, 0, 1.5f);
  }
}

void Legend(const Palette& palette, float px) {
  const ImU32 colors[3] = {palette.alpha, palette.beta, palette.gamma};
  const char* names[3] = {"α latency", "β bandwidth", "γ reduction"};
  for (int k = 0; k < 3; ++k) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + px, at.y + px), colors[k]);
    ImGui::Dummy(ImVec2(px * 1.2f, px));
    ImGui::SameLine();
    ImGui::TextUnformatted(names[k]);
    ImGui::SameLine(0, px);
  }
  ImGui::TextUnformatted("— running total");
}

void ClosedForm(FrameContext& frame) {
  const AppState& state = frame.state;
  const Config& config = state.config();
  const engine::CostModel& m = state.cost_model();
  const engine::ClosedForm form = engine::LectureClosedForm(config.collective, config.ranks);
  const double n = config.bytes;
  const double a = m.alpha_s * form.alpha_factor;
  const double b = n * m.beta_s_per_byte * form.beta_factor;
  const double g = n * m.gamma_s_per_byte * form.gamma_factor;
  ImGui::TextWrapped("Lecture's table (Chan et al. 2007), p = %d:", config.ranks);
  ImGui::PushFont(frame.fonts.big);
  ImGui::TextWrapped("%s", Greek(form.formula).c_str());
  ImGui::PopFont();
  const std::string substituted =
      "= " + FormatFactor(form.alpha_factor) + " × " + FormatSeconds(m.alpha_s) + " + " +
      FormatBytes(n) + " × (" + FormatFactor(form.beta_factor) + " × " +
      FormatFactor(m.beta_s_per_byte * 1e9) + " ns/B + " + FormatFactor(form.gamma_factor) + " × " +
      FormatFactor(m.gamma_s_per_byte * 1e9) + " ns/B)";
  ImGui::TextWrapped("%s", substituted.c_str());
  const std::string sum = "= " + FormatSeconds(a) + " + " + FormatSeconds(b) + " + " +
                          FormatSeconds(g) + " = " + FormatSeconds(a + b + g);
  ImGui::TextWrapped("%s", sum.c_str());
  const double schedule = state.TotalCost().Total();
  const double table = a + b + g;
  if (std::fabs(schedule - table) <= 1e-9 * std::max(1.0, std::fabs(table)) + 1e-15) {
    ImGui::TextWrapped("This schedule costs exactly the table's %s.", FormatSeconds(table).c_str());
  } else {
    ImGui::TextWrapped(
        "This schedule costs %s: the table prices the default algorithm (%s) with log p "
        "rounded up, exact for p a power of two.",
        FormatSeconds(schedule).c_str(),
        std::string(engine::DefaultAlgorithm(config.collective)).c_str());
  }
}

void WhatIf(FrameContext& frame, CostOverlayUi& ui) {
  const AppState& state = frame.state;
  const Config& config = state.config();
  const std::string setup = std::to_string(config.ranks) + "|" + std::to_string(config.bytes);
  if (setup != ui.whatif_setup) {
    ui.whatif_setup = setup;
    ui.whatif_ranks = 0;
    ui.whatif_bytes = -1;
  }
  if (ui.whatif_ranks <= 0) ui.whatif_ranks = std::max(2, config.ranks);
  if (ui.whatif_bytes < 0) ui.whatif_bytes = std::max(1.0, config.bytes);
  if (ui.compare_algorithm.empty() || ui.compare_algorithm == config.algorithm) {
    ui.compare_algorithm = CompareAlgorithm(config.collective, config.algorithm);
  }
  const float px = frame.fonts.body->FontSize;
  ImGui::SetNextItemWidth(-px * 4);
  ImGui::SliderInt("p##whatif", &ui.whatif_ranks, 2, kWhatIfMaxRanks, "p = %d",
                   ImGuiSliderFlags_Logarithmic);
  float megabytes = static_cast<float>(ui.whatif_bytes / 1e6);
  ImGui::SetNextItemWidth(-px * 4);
  if (ImGui::SliderFloat("n##whatif", &megabytes, 0.001f, 4096.0f, "n = %.3f MB",
                         ImGuiSliderFlags_Logarithmic)) {
    ui.whatif_bytes = static_cast<double>(megabytes) * 1e6;
  }
  ImGui::SetNextItemWidth(-px * 4);
  if (ImGui::BeginCombo("versus", ui.compare_algorithm.c_str())) {
    for (const auto& algorithm : engine::Algorithms()) {
      if (!engine::Supports(algorithm, config.collective)) continue;
      const std::string name(algorithm.name);
      if (ImGui::Selectable(name.c_str(), name == ui.compare_algorithm)) {
        ui.compare_algorithm = name;
      }
    }
    ImGui::EndCombo();
  }
  const std::vector<std::string> algorithms = Compared(config.algorithm, ui.compare_algorithm);
  const std::string key = Key(config, algorithms) + std::to_string(ui.whatif_ranks) + "|" +
                          std::to_string(ui.whatif_bytes);
  if (key != ui.whatif_key) {
    ui.whatif_key = key;
    ui.whatif.clear();
    for (const std::string& algorithm : algorithms) {
      engine::CostBreakdown parts;
      const double total = Price(config.collective, algorithm, ui.whatif_ranks, ui.whatif_bytes,
                                 state.cost_model(), &parts);
      if (std::isnan(total)) parts.latency_s = kNaN;
      ui.whatif.push_back({algorithm, parts});
    }
  }
  for (std::size_t i = 0; i < ui.whatif.size(); ++i) {
    const auto& [algorithm, parts] = ui.whatif[i];
    ImGui::GetWindowDrawList()->AddRectFilled(
        ImGui::GetCursorScreenPos(),
        ImVec2(ImGui::GetCursorScreenPos().x + px * 0.8f, ImGui::GetCursorScreenPos().y + px),
        i == 0 ? frame.palette.phase_reduce_scatter : frame.palette.phase_all_gather);
    ImGui::Dummy(ImVec2(px, px));
    ImGui::SameLine();
    if (std::isnan(parts.latency_s)) {
      ImGui::Text("%s: not defined at p = %d", algorithm.c_str(), ui.whatif_ranks);
    } else {
      ImGui::TextWrapped(
          "%s: %s  (α %s, β %s, γ %s)", algorithm.c_str(), FormatSeconds(parts.Total()).c_str(),
          FormatSeconds(parts.latency_s).c_str(), FormatSeconds(parts.bandwidth_s).c_str(),
          FormatSeconds(parts.compute_s).c_str());
    }
  }
}

void Plot(FrameContext& frame, CostOverlayUi& ui) {
  const AppState& state = frame.state;
  const Config& config = state.config();
  const Palette& palette = frame.palette;
  int axis = ui.plot_against_bytes ? 1 : 0;
  ImGui::RadioButton("time vs p", &axis, 0);
  ImGui::SameLine();
  ImGui::RadioButton("time vs n", &axis, 1);
  ui.plot_against_bytes = axis == 1;

  const std::vector<std::string> algorithms = Compared(config.algorithm, ui.compare_algorithm);
  const std::string key =
      Key(config, algorithms) + std::to_string(axis) + "|" +
      (ui.plot_against_bytes ? std::to_string(ui.whatif_ranks) : std::to_string(ui.whatif_bytes));
  if (key != ui.plot_key) {
    ui.plot_key = key;
    ui.plot_x.clear();
    if (ui.plot_against_bytes) {
      for (double n = 1e3; n <= 4.1e9; n *= 4) ui.plot_x.push_back(n);
    } else {
      for (double p = 2; p <= 16384; p *= 2) ui.plot_x.push_back(p);
      ui.plot_x.push_back(kWhatIfMaxRanks);
    }
    ui.plot_algorithms = algorithms;
    ui.plot_y.assign(algorithms.size(), std::vector<double>(ui.plot_x.size(), kNaN));
    ui.plot_next = 0;
  }
  // Fill the curves a few points a frame so dragging a slider stays smooth.
  const std::size_t points = ui.plot_x.size();
  const auto start = std::chrono::steady_clock::now();
  while (ui.plot_next < points * algorithms.size()) {
    const std::size_t a = ui.plot_next / points;
    const std::size_t i = ui.plot_next % points;
    const double x = ui.plot_x[i];
    ui.plot_y[a][i] = ui.plot_against_bytes
                          ? Price(config.collective, algorithms[a], ui.whatif_ranks, x,
                                  state.cost_model(), nullptr)
                          : Price(config.collective, algorithms[a], static_cast<int>(x),
                                  ui.whatif_bytes, state.cost_model(), nullptr);
    ++ui.plot_next;
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
    if (spent.count() > kPlotBudgetSeconds) break;
  }

  if (ui.plot_next < points * algorithms.size()) frame.record.pending_work = true;
  const float px = frame.fonts.body->FontSize;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float height = std::max(px * 6, avail.y - px * 0.5f);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(avail.x, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float left = min.x + px * 4.2f;
  const float bottom = min.y + height - px * 1.5f;
  const float right = min.x + avail.x - px * 0.5f;
  const float top = min.y + px * 0.3f;
  draw->AddRect(ImVec2(left, top), ImVec2(right, bottom), palette.grid);
  double lo = std::numeric_limits<double>::infinity();
  double hi = 0;
  for (const auto& curve : ui.plot_y) {
    for (double y : curve) {
      if (std::isfinite(y) && y > 0) {
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
    }
  }
  if (!(hi > 0)) return;
  if (hi / lo < 10) lo = hi / 10;
  const double x_lo = std::log(ui.plot_x.front());
  const double x_hi = std::log(ui.plot_x.back());
  auto to_screen = [&](double x, double y) {
    return ImVec2(
        left + static_cast<float>((std::log(x) - x_lo) / (x_hi - x_lo)) * (right - left),
        bottom - static_cast<float>((std::log(y) - std::log(lo)) / (std::log(hi) - std::log(lo))) *
                     (bottom - top));
  };
  for (std::size_t a = 0; a < ui.plot_y.size(); ++a) {
    const ImU32 color = a == 0 ? palette.phase_reduce_scatter : palette.phase_all_gather;
    // Runs of defined points as polylines (an algorithm that needs a power
    // of two leaves gaps), then the points on top.
    std::vector<ImVec2> run;
    auto flush = [&] {
      if (run.size() > 1)
        draw->AddPolyline(run.data(), static_cast<int>(run.size()), color, 0, 3.0f);
      for (const ImVec2& point : run) draw->AddCircleFilled(point, 4.0f, color);
      run.clear();
    };
    for (std::size_t i = 0; i < points; ++i) {
      const double y = ui.plot_y[a][i];
      if (!std::isfinite(y) || y <= 0) {
        flush();
        continue;
      }
      run.push_back(to_screen(ui.plot_x[i], y));
    }
    flush();
  }
  // The what-if value as a marker on the x axis.
  const double marker = ui.plot_against_bytes ? ui.whatif_bytes : ui.whatif_ranks;
  if (marker >= ui.plot_x.front() && marker <= ui.plot_x.back()) {
    const float x = to_screen(marker, hi).x;
    draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), palette.text_dim, 1.0f);
  }
  draw->AddText(ImVec2(min.x, top), palette.text, FormatSeconds(hi).c_str());
  draw->AddText(ImVec2(min.x, bottom - px), palette.text, FormatSeconds(lo).c_str());
  const std::string x_first = ui.plot_against_bytes
                                  ? FormatBytes(ui.plot_x.front())
                                  : std::to_string(static_cast<int>(ui.plot_x.front()));
  const std::string x_last = ui.plot_against_bytes
                                 ? FormatBytes(ui.plot_x.back())
                                 : std::to_string(static_cast<int>(ui.plot_x.back()));
  draw->AddText(ImVec2(left, bottom + 2), palette.text, x_first.c_str());
  const std::string axis_name = ui.plot_against_bytes ? "n (log)" : "p (log)";
  DrawCentredText(draw, frame.fonts.body, px, ImVec2((left + right) / 2, bottom + px * 0.7f),
                  axis_name, palette.text_dim);
  draw->AddText(ImVec2(right - TextSize(frame.fonts.body, px, x_last).x, bottom + 2), palette.text,
                x_last.c_str());
}

}  // namespace

void DrawCostOverlay(FrameContext& frame, const Rect& rect, CostOverlayUi& ui) {
  AppState& state = frame.state;
  PlacePanel(rect);
  if (!ImGui::Begin("Cost model (α-β-γ)###cost", &state.view.panels.cost, FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  const engine::CostModel& m = state.cost_model();
  const float px = frame.fonts.body->FontSize;
  ImGui::TextWrapped("Preset %s: α = %s per message, β = %s ns/B, γ = %s ns/B; n = %s",
                     std::string(state.preset_name()).c_str(), FormatSeconds(m.alpha_s).c_str(),
                     FormatFactor(m.beta_s_per_byte * 1e9).c_str(),
                     FormatFactor(m.gamma_s_per_byte * 1e9).c_str(),
                     FormatBytes(state.config().bytes).c_str());
  const engine::CostBreakdown total = state.TotalCost();
  const engine::CostBreakdown running = state.RunningCost();
  ImGui::PushFont(frame.fonts.big);
  ImGui::Text("Total %s", FormatSeconds(total.Total()).c_str());
  ImGui::PopFont();
  ImGui::TextWrapped("α %s + β %s + γ %s", FormatSeconds(total.latency_s).c_str(),
                     FormatSeconds(total.bandwidth_s).c_str(),
                     FormatSeconds(total.compute_s).c_str());
  ImGui::Text("Steps 1..%lld so far: %s", static_cast<long long>(state.step()),
              FormatSeconds(running.Total()).c_str());
  if (state.step() > 0 && state.step() <= static_cast<std::int64_t>(state.StepCosts().size())) {
    const engine::StepCost& step = state.StepCosts()[static_cast<std::size_t>(state.step() - 1)];
    ImGui::TextWrapped("This step: %s (α %s, β %s, γ %s)", FormatSeconds(step.Total()).c_str(),
                       FormatSeconds(step.latency_s).c_str(),
                       FormatSeconds(step.bandwidth_s).c_str(),
                       FormatSeconds(step.compute_s).c_str());
  }
  StepBars(frame, px * 5);
  Legend(frame.palette, px);
  ImGui::Separator();
  ClosedForm(frame);
  ImGui::Separator();
  ImGui::TextUnformatted("What if?");
  WhatIf(frame, ui);
  Plot(frame, ui);
  ImGui::End();
}

}  // namespace collscope::gui
