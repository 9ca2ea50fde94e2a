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

#include "app/cost_formula.h"
#include "app/panels/cost_overlay.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "app/render/log_ticks.h"
#include "app/render/wrapped_text.h"
#include "engine/algorithm.h"
#include "engine/collective.h"
#include "engine/scaling.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr int kWhatIfMaxRanks = 24576;  // the right end of the lecture's NCCL figure
constexpr double kPlotBudgetSeconds = 0.006;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// Axis ticks: 0, half and all of `top`, labelled at the left of [min, max]
// (the per-step bars) or at its right (the running total).
void AxisLabels(ImDrawList* draw, const Fonts& fonts, ImVec2 min, ImVec2 max, double top,
                bool right, ImU32 color) {
  const float px = fonts.body->FontSize;
  for (int k = 0; k <= 2; ++k) {
    const float y = max.y - (max.y - min.y - 4) * static_cast<float>(k) / 2.0f;
    const std::string text = k == 0 ? "0" : FormatSeconds(top * k / 2);
    const float w = TextSize(fonts.body, px, text).x;
    const float x = right ? max.x + px * 0.25f : min.x - w - px * 0.25f;
    const float tick_x = right ? max.x : min.x;
    draw->AddLine(ImVec2(tick_x - px * 0.2f, y), ImVec2(tick_x + px * 0.2f, y), color);
    draw->AddText(fonts.body, px, ImVec2(x, std::clamp(y - px / 2, min.y - px / 2, max.y - px)),
                  color, text.c_str());
  }
}

void StepBars(FrameContext& frame, float height) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  const auto& steps = state.StepCosts();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float full_width = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(full_width, height));
  // Room for the axes: a step's time on the left, the running total on the
  // right (each as wide as its largest label).
  const float px = frame.fonts.body->FontSize;
  const double step_peak_s = [&] {
    double peak = 0;
    for (const auto& step : steps) peak = std::max(peak, step.Total());
    return peak;
  }();
  const double total_s = state.TotalCost().Total();
  const float left_w = TextSize(frame.fonts.body, px, FormatSeconds(step_peak_s)).x + px * 0.5f;
  const float right_w = TextSize(frame.fonts.body, px, FormatSeconds(total_s)).x + px * 0.5f;
  const ImVec2 min(origin.x + left_w, origin.y + px * 0.5f);
  const float width = std::max(px, full_width - left_w - right_w);
  height -= px * 0.5f;
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
  AxisLabels(draw, frame.fonts, min, ImVec2(min.x + width, min.y + height), peak,
             /*right=*/false, palette.text_dim);
  const float bar_w = width / static_cast<float>(bins);
  const bool gaps = bar_w > 6;
  for (std::size_t b = 0; b < bins; ++b) {
    // Bars with no gap between them and the same parts (a ring's steps) are
    // one rectangle each part: the same pixels, less of llvmpipe's work.
    std::size_t last = b;
    while (!gaps && last + 1 < bins && binned[last + 1] == binned[b]) ++last;
    float y = min.y + height;
    const float x0 = min.x + bar_w * static_cast<float>(b) + (gaps ? 1 : 0);
    const float x1 = min.x + bar_w * static_cast<float>(last + 1) - (gaps ? 1 : 0);
    const double parts[3] = {binned[b].latency_s, binned[b].bandwidth_s, binned[b].compute_s};
    const ImU32 colors[3] = {palette.alpha, palette.beta, palette.gamma};
    b = last;
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
    AxisLabels(draw, frame.fonts, min, ImVec2(min.x + width, min.y + height), total,
               /*right=*/true, palette.text);
  }
}

// The bars' colours and the running-total line, each entry on the line
// where it fits.
void Legend(const Palette& palette, float px) {
  const ImU32 colors[4] = {palette.alpha, palette.beta, palette.gamma, palette.text};
  const char* names[4] = {"α latency", "β bandwidth", "γ reduction", "running total (right axis)"};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int k = 0; k < 4; ++k) {
    const float entry_w = px * 1.6f + ImGui::CalcTextSize(names[k]).x;
    if (k > 0) {
      ImGui::SameLine(0, px);
      if (ImGui::GetContentRegionAvail().x < entry_w) ImGui::NewLine();
    }
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (k < 3) {
      draw->AddRectFilled(at, ImVec2(at.x + px, at.y + px), colors[k]);
    } else {
      draw->AddLine(ImVec2(at.x, at.y + px * 0.75f), ImVec2(at.x + px, at.y + px * 0.25f),
                    colors[k], 1.5f);
    }
    ImGui::Dummy(ImVec2(px * 1.2f, px));
    ImGui::SameLine();
    ImGui::TextUnformatted(names[k]);
  }
}

// The formula of the algorithm priced (cost_formula.h) with the numbers
// substituted, and the lecture's row beside it when that is another
// algorithm's.
void ClosedForm(FrameContext& frame) {
  const AppState& state = frame.state;
  const Config& config = state.config();
  const engine::CostModel& m = state.cost_model();
  const double n = config.bytes;
  const engine::CostBreakdown& total = state.TotalCost();
  engine::CostBreakdown unit_counts;
  if (m.alpha_s <= 0 || m.beta_s_per_byte <= 0 || m.gamma_s_per_byte <= 0) {
    unit_counts = engine::PriceSchedule(state.schedule(), 1.0, engine::CostModel{1, 1, 1});
  }
  const PricedFormula form =
      FormulaOf(config.collective, config.algorithm, config.ranks, n, m, total, unit_counts);
  TextWrappedWhole(form.from_table ? "Lecture's table (Chan et al. 2007), " + config.algorithm +
                                         ", p = " + std::to_string(config.ranks) + ":"
                                   : "This " + config.algorithm + " schedule, counted at p = " +
                                         std::to_string(config.ranks) + ":");
  ImGui::PushFont(frame.fonts.big);
  TextWrappedWhole(form.formula);
  ImGui::PopFont();
  const std::string substituted =
      "= " + FormatFactor(form.alpha_factor) + " × " + FormatSeconds(m.alpha_s) + " + " +
      FormatBytes(n) + " × (" + FormatFactor(form.beta_factor) + " × " +
      FormatSecondsPerByte(m.beta_s_per_byte) + " + " + FormatFactor(form.gamma_factor) + " × " +
      FormatSecondsPerByte(m.gamma_s_per_byte) + ")";
  TextWrappedWhole(substituted);
  TextWrappedWhole("= " + FormatSeconds(total.latency_s) + " + " +
                   FormatSeconds(total.bandwidth_s) + " + " + FormatSeconds(total.compute_s) +
                   " = " + FormatSeconds(total.Total()));
  if (form.from_table) return;
  // The lecture's row prices another algorithm (or rounds log p up): say so.
  const engine::ClosedForm table = engine::LectureClosedForm(config.collective, config.ranks);
  const double table_s =
      m.alpha_s * table.alpha_factor +
      n * (m.beta_s_per_byte * table.beta_factor + m.gamma_s_per_byte * table.gamma_factor);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(frame.palette.text_dim));
  // The rounding is the table's only where its formula has a log p.
  const std::string formula = TableFormula(config.collective, config.ranks);
  TextWrappedWhole("The lecture's table prices " +
                   std::string(engine::DefaultAlgorithm(config.collective)) + ": " + formula +
                   " = " + FormatSeconds(table_s) +
                   (formula.find("log") != std::string::npos ? " (log p rounded up)." : "."));
  ImGui::PopStyleColor();
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
  // Only algorithms the engine builds for this collective (issue 15: the
  // list kept the last collective's choice).
  const std::vector<std::string> versus = VersusAlgorithms(config.collective, config.algorithm);
  if (std::find(versus.begin(), versus.end(), ui.compare_algorithm) == versus.end()) {
    ui.compare_algorithm = DefaultVersus(config.collective, config.algorithm);
  }
  const float px = frame.fonts.body->FontSize;
  ImGui::SetNextItemWidth(-px * 4);
  ImGui::SliderInt("p##whatif", &ui.whatif_ranks, 2, kWhatIfMaxRanks, "p = %d",
                   ImGuiSliderFlags_Logarithmic);
  // n on a log scale from 1 B to 4 GB, shown in the unit that reads
  // ("n = 5 B", "n = 64.0 MB"); the label has no printf field.
  float log_bytes = static_cast<float>(std::log10(ui.whatif_bytes));
  std::string n_label = "n = " + FormatBytes(ui.whatif_bytes);
  ImGui::SetNextItemWidth(-px * 4);
  if (ImGui::SliderFloat("n##whatif", &log_bytes, 0.0f, 9.6f, n_label.c_str())) {
    ui.whatif_bytes = std::round(std::pow(10.0, static_cast<double>(log_bytes)));
  }
  ImGui::SetNextItemWidth(-px * 4);
  if (versus.empty()) {
    ImGui::TextDisabled("the only algorithm for %s",
                        std::string(engine::CollectiveName(config.collective)).c_str());
  } else if (ImGui::BeginCombo("versus", ui.compare_algorithm.c_str())) {
    for (const std::string& name : versus) {
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
        frame.palette.AlgorithmColor(algorithm));
    ImGui::Dummy(ImVec2(px, px));
    ImGui::SameLine();
    if (std::isnan(parts.latency_s)) {
      ImGui::Text("%s: not defined at p = %d", algorithm.c_str(), ui.whatif_ranks);
    } else {
      ImGui::BeginGroup();
      TextWrappedWhole(algorithm + ": " + FormatSeconds(parts.Total()) + " (α " +
                       FormatSeconds(parts.latency_s) + ", β " + FormatSeconds(parts.bandwidth_s) +
                       ", γ " + FormatSeconds(parts.compute_s) + ")");
      ImGui::EndGroup();
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
  // The y axis is labelled by LogTicks; the plot starts right of the
  // widest label, so "1000000 s" (the unit preset at p = 24576) is not cut.
  const std::vector<double> y_ticks = LogTicks(lo, hi);
  float label_width = TextSize(frame.fonts.body, px, "100 µs").x;
  for (double y : y_ticks) {
    label_width = std::max(label_width, TextSize(frame.fonts.body, px, FormatSeconds(y)).x);
  }
  const float left = min.x + label_width + px * 0.5f;
  const float bottom = min.y + height - px * 2.4f;
  const float right = min.x + avail.x - px * 0.5f;
  const float top = min.y + px * 0.3f;
  draw->AddRect(ImVec2(left, top), ImVec2(right, bottom), palette.grid);
  const double x_lo = std::log(ui.plot_x.front());
  const double x_hi = std::log(ui.plot_x.back());
  auto to_screen = [&](double x, double y) {
    return ImVec2(
        left + static_cast<float>((std::log(x) - x_lo) / (x_hi - x_lo)) * (right - left),
        bottom - static_cast<float>((std::log(y) - std::log(lo)) / (std::log(hi) - std::log(lo))) *
                     (bottom - top));
  };
  for (std::size_t a = 0; a < ui.plot_y.size(); ++a) {
    const ImU32 color = palette.AlgorithmColor(ui.plot_algorithms[a]);
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
  // Ticks: LogTicks of time on the y axis; on the x axis every
  // 4th power of two of p (and the figure's 24576) or every decade of n.
  // A label that would touch the one before it is left out.
  float last_label_y = std::numeric_limits<float>::infinity();
  for (double y : y_ticks) {
    const float sy = to_screen(ui.plot_x.front(), y).y;
    draw->AddLine(ImVec2(left, sy), ImVec2(right, sy), palette.grid);
    if (last_label_y - sy < px * 1.1f) continue;
    const std::string text = FormatSeconds(y);
    draw->AddText(ImVec2(left - TextSize(frame.fonts.body, px, text).x - px * 0.25f, sy - px / 2),
                  palette.text, text.c_str());
    last_label_y = sy;
  }
  std::vector<double> x_ticks;
  if (ui.plot_against_bytes) {
    for (double x = 1e3; x <= ui.plot_x.back(); x *= 10) x_ticks.push_back(x);
  } else {
    for (double x = 2; x < kWhatIfMaxRanks; x *= 4) x_ticks.push_back(x);
    x_ticks.push_back(kWhatIfMaxRanks);
  }
  float last_label_end = -std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < x_ticks.size(); ++i) {
    const float sx = to_screen(x_ticks[i], hi).x;
    draw->AddLine(ImVec2(sx, bottom), ImVec2(sx, bottom + px * 0.25f), palette.text);
    const std::string text = ui.plot_against_bytes
                                 ? FormatBytes(x_ticks[i])
                                 : std::to_string(static_cast<long long>(x_ticks[i]));
    const float w = TextSize(frame.fonts.body, px, text).x;
    const float x = std::clamp(sx - w / 2, left - w / 2, right - w);
    // The last tick is always labelled; one it would touch gives way.
    const bool last = i + 1 == x_ticks.size();
    if (!last && (x < last_label_end + px * 0.5f ||
                  x + w + px * 0.5f > right - TextSize(frame.fonts.body, px, "24576").x)) {
      continue;
    }
    draw->AddText(ImVec2(x, bottom + 2), palette.text, text.c_str());
    last_label_end = x + w;
  }
  const std::string axis_name = ui.plot_against_bytes ? "n (log)" : "p (log)";
  DrawCentredText(draw, frame.fonts.body, px, ImVec2((left + right) / 2, bottom + px * 1.6f),
                  axis_name, palette.text_dim);
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
  TextWrappedWhole("Preset " + std::string(state.preset_name()) +
                   ": α = " + FormatSeconds(m.alpha_s) +
                   " per message, β = " + FormatSecondsPerByte(m.beta_s_per_byte) +
                   (m.beta_s_per_byte > 0 ? " (" + FormatBandwidth(1.0 / m.beta_s_per_byte) + ")"
                                          : std::string()) +
                   ", γ = " + FormatSecondsPerByte(m.gamma_s_per_byte) +
                   "; n = " + FormatBytes(state.config().bytes));
  const engine::CostBreakdown total = state.TotalCost();
  const engine::CostBreakdown running = state.RunningCost();
  ImGui::PushFont(frame.fonts.big);
  ImGui::Text("Total %s", FormatSeconds(total.Total()).c_str());
  ImGui::PopFont();
  TextWrappedWhole("α " + FormatSeconds(total.latency_s) + " + β " +
                   FormatSeconds(total.bandwidth_s) + " + γ " + FormatSeconds(total.compute_s));
  // "Steps 1..0" at the start would read as a range that runs backwards.
  const long long steps_taken = static_cast<long long>(state.step());
  const std::string so_far = steps_taken == 0 ? std::string("No step taken yet")
                             : steps_taken == 1
                                 ? std::string("Step 1 so far")
                                 : "Steps 1.." + std::to_string(steps_taken) + " so far";
  ImGui::TextUnformatted((so_far + ": " + FormatSeconds(running.Total())).c_str());
  if (state.step() > 0 && state.step() <= static_cast<std::int64_t>(state.StepCosts().size())) {
    const engine::StepCost& step = state.StepCosts()[static_cast<std::size_t>(state.step() - 1)];
    TextWrappedWhole("This step: " + FormatSeconds(step.Total()) + " (α " +
                     FormatSeconds(step.latency_s) + ", β " + FormatSeconds(step.bandwidth_s) +
                     ", γ " + FormatSeconds(step.compute_s) + ")");
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
