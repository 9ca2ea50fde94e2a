// Measurements in the centre (nccl-tests, its JSON, a recorder's library
// run): bus bandwidth against message size (x log2 of bytes, y GB/s),
// out-of-place and in-place as nccl-tests prints them, with each size's
// spread over iterations when nccl-tests ran with -I, against NCCL's own
// model for the trace's machine (the algorithm and protocol NCCL's tuning
// would pick at each size) and, thinner, the lecture's alpha-beta-gamma
// model under the selected cost preset. Hovering a point shows its row.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "app/measurement_kind.h"
#include "app/panels/busbw_plot.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/algorithm.h"
#include "engine/collective.h"
#include "engine/cost_model.h"
#include "engine/nccl_calibration.h"
#include "engine/nccl_model.h"
#include "engine/scaling.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// Model points per doubling of the size: enough for a smooth curve on a
// log axis.
constexpr int kModelPointsPerOctave = 4;
// Pricing walks the schedule; spread it over frames past this much a frame.
constexpr double kPricingBudgetMs = 8;

std::string Printf(const char* format, double value) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Powers of two as nccl-tests' sizes are: "8 B", "64 KiB", "1 MiB", "8 GiB".
std::string PowerOfTwoBytes(int log2_bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  const int unit = std::clamp(log2_bytes / 10, 0, 5);
  return std::to_string(1LL << (log2_bytes - unit * 10)) + " " + kUnits[unit];
}

// The collectives the measurements hold, in order of first appearance.
std::vector<std::string> MeasuredCollectives(const trace::Trace& trace) {
  std::vector<std::string> names;
  for (const trace::Measurement& m : trace.measurements) {
    if (std::find(names.begin(), names.end(), m.collective) == names.end()) {
      names.push_back(m.collective);
    }
  }
  return names;
}

int MeasuredRanks(const trace::Trace& trace, const std::string& collective) {
  for (const trace::Measurement& m : trace.measurements) {
    if (m.collective == collective && m.ranks > 0) return m.ranks;
  }
  return static_cast<int>(trace.RankCount());
}

// Prices the model curve a few points a frame; true while points remain.
bool PriceModelCurve(const AppState& state, const trace::Trace& trace, TracePictureUi& ui,
                     double min_bytes, double max_bytes) {
  const int ranks = MeasuredRanks(trace, ui.collective);
  const auto collective = engine::ParseCollective(ui.collective);
  // A new trace resets the whole TracePictureUi; within one, the curve
  // follows the collective shown and the preset chosen in the controls.
  const std::string key =
      ui.collective + "/" + std::to_string(ranks) + "/" + std::string(state.preset_name());
  if (key != ui.model_key) {
    ui.model_key = key;
    ui.model_bytes.clear();
    ui.model_busbw_gbps.clear();
    ui.model_next = 0;
    ui.model_error.clear();
    ui.model_algorithm.clear();
    if (!collective) {
      ui.model_error = "the engine has no model of '" + ui.collective + "'";
      return false;
    }
    // nccl-tests measures what NCCL chose; the lecture prices its default
    // algorithm (as `collscope stats` does).
    ui.model_algorithm = std::string(engine::DefaultAlgorithm(*collective));
    const double first = std::floor(std::log2(std::max(1.0, min_bytes)));
    const double last = std::ceil(std::log2(std::max(1.0, max_bytes)));
    for (double e = first; e <= last + 1e-9; e += 1.0 / kModelPointsPerOctave) {
      ui.model_bytes.push_back(std::exp2(e));
    }
    ui.model_busbw_gbps.assign(ui.model_bytes.size(), std::numeric_limits<double>::quiet_NaN());
  }
  if (!collective || ui.model_next >= ui.model_bytes.size()) return false;
  const auto start = std::chrono::steady_clock::now();
  while (ui.model_next < ui.model_bytes.size()) {
    const double bytes = ui.model_bytes[ui.model_next];
    std::string error;
    const auto point = engine::ModelPoint(*collective, ui.model_algorithm, ranks, bytes,
                                          state.cost_model(), &error);
    if (!point) {
      ui.model_error = error;
      ui.model_next = ui.model_bytes.size();
      return false;
    }
    if (point->time_s > 0) ui.model_busbw_gbps[ui.model_next] = point->busbw_bytes_per_s / 1e9;
    ++ui.model_next;
    const auto spent = std::chrono::steady_clock::now() - start;
    if (std::chrono::duration<double, std::milli>(spent).count() > kPricingBudgetMs) break;
  }
  return ui.model_next < ui.model_bytes.size();
}

// A measured point's marker: circles out-of-place, diamonds in-place, so the
// two series differ without colour too.
void DrawMarker(ImDrawList* draw, ImVec2 at, float radius, bool in_place, ImU32 color) {
  if (in_place) {
    draw->AddQuadFilled(ImVec2(at.x, at.y - radius * 1.25f), ImVec2(at.x + radius * 1.25f, at.y),
                        ImVec2(at.x, at.y + radius * 1.25f), ImVec2(at.x - radius * 1.25f, at.y),
                        color);
  } else {
    draw->AddCircleFilled(at, radius, color);
  }
}

void RowTooltip(const trace::Measurement& m, double model_gbps, const std::string& algorithm,
                double nccl_gbps, const std::string& nccl) {
  ImGui::BeginTooltip();
  ImGui::Text("%s, %s", m.collective.c_str(), m.in_place ? "in-place" : "out-of-place");
  ImGui::Separator();
  ImGui::Text("size   %lld B (%s)", static_cast<long long>(m.bytes),
              FormatBytes(static_cast<double>(m.bytes)).c_str());
  ImGui::Text("count  %lld %s", static_cast<long long>(m.count), m.dtype.c_str());
  if (!m.redop.empty()) ImGui::Text("redop  %s   root %d", m.redop.c_str(), m.root);
  ImGui::Text("time   %.2f us", m.time_us);
  ImGui::Text("algbw  %.2f GB/s", m.algbw_gbps);
  ImGui::Text("busbw  %.2f GB/s", m.busbw_gbps);
  if (m.wrong) {
    ImGui::Text("#wrong %g", *m.wrong);
  } else {
    ImGui::TextUnformatted("#wrong N/A");
  }
  if (m.per_iteration) {
    const trace::IterationTimes& it = *m.per_iteration;
    ImGui::Text("per iteration: min %.2f  p50 %.2f  p99 %.2f  max %.2f µs (cv %.1f%%)", it.min_us,
                it.p50_us, it.p99_us, it.max_us, it.cv_pct);
  }
  if (std::isfinite(nccl_gbps))
    ImGui::Text("NCCL's model  %.2f GB/s (%s)", nccl_gbps, nccl.c_str());
  if (std::isfinite(model_gbps)) {
    ImGui::Text("lecture's model  %.2f GB/s (%s)", model_gbps, algorithm.c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace

void DrawBusbwPlot(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui) {
  const AppState& state = frame.state;
  const trace::Trace& trace = *state.loaded_trace();
  const Palette& palette = frame.palette;
  const Fonts& fonts = frame.fonts;
  const float pad = fonts.body_px;

  const std::vector<std::string> collectives = MeasuredCollectives(trace);
  if (collectives.empty()) return;
  if (std::find(collectives.begin(), collectives.end(), ui.collective) == collectives.end()) {
    ui.collective = collectives.front();
  }
  // Several perf binaries' output in one file: one collective at a time.
  if (collectives.size() > 1) {
    ImGui::SetNextItemWidth(pad * 10);
    if (ImGui::BeginCombo("collective", ui.collective.c_str())) {
      for (const std::string& name : collectives) {
        if (ImGui::Selectable(name.c_str(), name == ui.collective)) ui.collective = name;
      }
      ImGui::EndCombo();
    }
    min.y = ImGui::GetCursorScreenPos().y;
  }

  std::vector<const trace::Measurement*> rows;
  double min_bytes = std::numeric_limits<double>::max();
  double max_bytes = 0;
  double top_gbps = 0;
  for (const trace::Measurement& m : trace.measurements) {
    if (m.collective != ui.collective || m.bytes <= 0) continue;
    rows.push_back(&m);
    min_bytes = std::min(min_bytes, static_cast<double>(m.bytes));
    max_bytes = std::max(max_bytes, static_cast<double>(m.bytes));
    top_gbps = std::max(top_gbps, m.busbw_gbps);
  }
  if (rows.empty()) {
    ImGui::TextUnformatted("No measurement of a positive size to plot.");
    return;
  }
  if (PriceModelCurve(state, trace, ui, min_bytes, max_bytes)) frame.record.pending_work = true;
  for (double gbps : ui.model_busbw_gbps) {
    if (std::isfinite(gbps)) top_gbps = std::max(top_gbps, gbps);
  }
  if (top_gbps <= 0) top_gbps = 1;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* big = fonts.big;
  const float big_px = big->FontSize;
  const int ranks = MeasuredRanks(trace, ui.collective);
  frame.record.measurement_kind = MeasurementKind(trace, ui.collective);
  const std::string title = frame.record.measurement_kind + ", " + ui.collective +
                            ": bus bandwidth vs message size, " + CountOf(ranks, "rank") +
                            (trace.meta.gpu.empty() ? "" : " (" + trace.meta.gpu + ")");
  // NCCL's model of the trace's machine, once per trace.
  if (!ui.nccl_ready) {
    ui.nccl = trace::NcclModelFor(trace);
    ui.nccl_ready = true;
  }
  const auto collective_id = engine::ParseCollective(ui.collective);
  const bool nccl_curve =
      ui.nccl.model.has_value() && collective_id && engine::NcclModel::Tuned(*collective_id);
  auto nccl_busbw = [&](double bytes, std::string* pair) {
    const auto choice = ui.nccl.model->Pick(*collective_id, bytes);
    if (!choice || choice->time_s <= 0) return std::numeric_limits<double>::quiet_NaN();
    if (pair != nullptr) {
      *pair = std::string(engine::NcclAlgorithmName(choice->algorithm)) + "/" +
              std::string(engine::NcclProtocolName(choice->protocol));
    }
    return bytes / choice->time_s * 1e-9 * engine::BusBandwidthFactor(*collective_id, ranks);
  };
  if (nccl_curve) {
    for (double bytes = min_bytes; bytes <= max_bytes * 1.0001; bytes *= 2) {
      const double gbps = nccl_busbw(bytes, nullptr);
      if (std::isfinite(gbps)) top_gbps = std::max(top_gbps, gbps);
    }
  }
  // Calibrated on this run, out of sample (leave-one-size-out), once per
  // collective shown.
  if (nccl_curve && ui.nccl_fit_for != ui.collective) {
    ui.nccl_fit_for = ui.collective;
    ui.nccl_fitted.clear();
    std::vector<engine::MeasuredCall> calls;
    for (const engine::MeasuredCall& call : trace::MeasuredCalls(trace)) {
      if (call.collective == *collective_id) calls.push_back(call);
    }
    const auto predictions = engine::LeaveOneSizeOut(*ui.nccl.model, calls);
    for (std::size_t i = 0; i < calls.size() && i < predictions.size(); ++i) {
      if (!predictions[i] || predictions[i]->time_s <= 0) continue;
      ui.nccl_fitted.emplace_back(calls[i].bytes,
                                  calls[i].bytes / predictions[i]->time_s * 1e-9 *
                                      engine::BusBandwidthFactor(*collective_id, ranks));
    }
    std::sort(ui.nccl_fitted.begin(), ui.nccl_fitted.end());
  }
  for (const auto& [bytes, gbps] : ui.nccl_fitted) top_gbps = std::max(top_gbps, gbps);
  for (const trace::Measurement* m : rows) {
    if (m->per_iteration && m->per_iteration->min_us > 0) {
      top_gbps = std::max(top_gbps, m->busbw_gbps * m->time_us / m->per_iteration->min_us);
    }
  }
  draw->AddText(big, big_px, ImVec2(min.x + pad * 0.5f, min.y + pad * 0.4f), palette.text,
                title.c_str());

  // The legend under the title, in the series' own colours and markers.
  const ImU32 out_color = palette.tree[0];
  const ImU32 in_color = palette.tree[1];
  const ImU32 model_color = palette.phase_other[0];
  float legend_x = min.x + pad * 0.5f;
  const float legend_y = min.y + pad * 0.8f + big_px * 1.2f;
  auto legend = [&](const std::string& text, ImU32 color, int kind) {
    const ImVec2 mark(legend_x + pad * 0.6f, legend_y + fonts.body_px * 0.55f);
    if (kind == 2) {
      draw->AddLine(ImVec2(mark.x - pad * 0.6f, mark.y), ImVec2(mark.x + pad * 0.6f, mark.y), color,
                    4);
    } else {
      DrawMarker(draw, mark, pad * 0.35f, kind == 1, color);
    }
    draw->AddText(fonts.body, fonts.body_px, ImVec2(legend_x + pad * 1.6f, legend_y), palette.text,
                  text.c_str());
    legend_x += pad * 2.6f + TextSize(fonts.body, fonts.body_px, text).x;
  };
  legend("out-of-place (measured)", out_color, 0);
  legend("in-place (measured)", in_color, 1);
  const ImU32 nccl_color = palette.phase_other[1];
  if (nccl_curve) legend("NCCL's model (its pick at each size)", nccl_color, 2);
  const ImU32 fitted_color = palette.phase_other[2];
  if (!ui.nccl_fitted.empty()) legend("calibrated on this run, out of sample", fitted_color, 2);
  const std::string model_name =
      ui.model_error.empty()
          ? "lecture's α-β-γ: " + ui.model_algorithm + ", " + std::string(state.preset_name())
          : "lecture's model: " + ui.model_error;
  legend(model_name, model_color, 2);

  // Which machine NCCL's model took the trace for, and why.
  if (nccl_curve) {
    draw->AddText(fonts.body, fonts.body_px,
                  ImVec2(min.x + pad * 0.5f, legend_y + fonts.body_px * 1.3f), palette.text_dim,
                  ("NCCL's model: " + ui.nccl.machine).c_str());
  }
  // Room for the y labels on the left and the x labels and title below.
  const float y_label_w = TextSize(fonts.body, fonts.body_px, "000.0").x + pad;
  const ImVec2 plot_min(min.x + y_label_w + pad * 1.6f, legend_y + fonts.body_px * 4.4f);
  const ImVec2 plot_max(max.x - pad * 1.5f, max.y - fonts.body_px * 3.4f);
  if (plot_max.x - plot_min.x < 60 || plot_max.y - plot_min.y < 60) return;
  draw->AddRect(plot_min, plot_max, palette.grid);

  const double log_first = std::floor(std::log2(min_bytes));
  const double log_last = std::max(log_first + 1, std::ceil(std::log2(max_bytes)));
  const double y_top = top_gbps * 1.1;
  auto x_of = [&](double bytes) {
    return plot_min.x +
           static_cast<float>((std::log2(bytes) - log_first) / (log_last - log_first)) *
               (plot_max.x - plot_min.x);
  };
  auto y_of = [&](double gbps) {
    return plot_max.y - static_cast<float>(gbps / y_top) * (plot_max.y - plot_min.y);
  };

  // x: a tick every few doublings, so labels never overlap.
  const float widest = TextSize(fonts.body, fonts.body_px, "512 KiB").x + pad;
  const int octaves = static_cast<int>(log_last - log_first);
  int every = 1;
  while (every < octaves && (plot_max.x - plot_min.x) / (octaves / every) < widest) every *= 2;
  for (int e = static_cast<int>(log_first); e <= static_cast<int>(log_last); ++e) {
    if ((e - static_cast<int>(log_first)) % every != 0) continue;
    const float x = x_of(std::exp2(e));
    draw->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), palette.grid);
    DrawCentredText(draw, fonts.body, fonts.body_px, ImVec2(x, plot_max.y + fonts.body_px * 0.8f),
                    PowerOfTwoBytes(e), palette.text_dim);
  }
  DrawCentredText(draw, fonts.body, fonts.body_px,
                  ImVec2((plot_min.x + plot_max.x) / 2, plot_max.y + fonts.body_px * 2.3f),
                  "message size (bytes, log scale)", palette.text);
  // y: five lines from 0 GB/s.
  for (int i = 0; i <= 5; ++i) {
    const double gbps = y_top * i / 5;
    const float y = y_of(gbps);
    draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), palette.grid);
    const std::string text = Printf(y_top < 10 ? "%.2f" : "%.0f", gbps);
    const ImVec2 size = TextSize(fonts.body, fonts.body_px, text);
    draw->AddText(fonts.body, fonts.body_px,
                  ImVec2(plot_min.x - size.x - pad * 0.4f, y - size.y / 2), palette.text_dim,
                  text.c_str());
  }
  // The y axis title, written above its numbers: ImGui does not rotate text.
  draw->AddText(fonts.body, fonts.body_px,
                ImVec2(min.x + pad * 0.5f, plot_min.y - fonts.body_px * 1.9f), palette.text,
                "busbw GB/s");

  draw->PushClipRect(plot_min, plot_max, true);
  // The model curve first, under the measurements.
  std::vector<ImVec2> line;
  auto flush = [&]() {
    if (line.size() > 1) {
      draw->AddPolyline(line.data(), static_cast<int>(line.size()), model_color, 0, 4);
    }
    line.clear();
  };
  for (std::size_t i = 0; i < ui.model_bytes.size(); ++i) {
    const double gbps = ui.model_busbw_gbps[i];
    if (!std::isfinite(gbps)) {
      flush();
      continue;
    }
    line.push_back(ImVec2(x_of(ui.model_bytes[i]), y_of(gbps)));
    ++frame.record.model_points_drawn;
  }
  flush();
  // NCCL's model: its pick's busbw, a few points per doubling (O(1) each).
  if (nccl_curve) {
    std::vector<ImVec2> nccl_line;
    for (double e = std::log2(min_bytes); e <= std::log2(max_bytes) + 1e-9; e += 0.25) {
      const double gbps = nccl_busbw(std::exp2(e), nullptr);
      if (std::isfinite(gbps)) nccl_line.push_back(ImVec2(x_of(std::exp2(e)), y_of(gbps)));
    }
    if (nccl_line.size() > 1) {
      draw->AddPolyline(nccl_line.data(), static_cast<int>(nccl_line.size()), nccl_color, 0, 4);
    }
  }
  if (ui.nccl_fitted.size() > 1) {
    std::vector<ImVec2> fitted;
    for (const auto& [bytes, gbps] : ui.nccl_fitted) fitted.emplace_back(x_of(bytes), y_of(gbps));
    for (std::size_t i = 1; i < fitted.size(); ++i) {
      // Dashed: every other short piece.
      const ImVec2 a = fitted[i - 1];
      const ImVec2 b = fitted[i];
      for (int k = 0; k < 8; k += 2) {
        draw->AddLine(ImVec2(a.x + (b.x - a.x) * k / 8, a.y + (b.y - a.y) * k / 8),
                      ImVec2(a.x + (b.x - a.x) * (k + 1) / 8, a.y + (b.y - a.y) * (k + 1) / 8),
                      fitted_color, 3);
      }
    }
  }
  // -I: each size's iterations, from the slowest (lowest busbw) to the
  // fastest, with a tick at the median.
  for (const trace::Measurement* m : rows) {
    if (!m->per_iteration || m->time_us <= 0) continue;
    const trace::IterationTimes& it = *m->per_iteration;
    if (it.min_us <= 0 || it.max_us <= 0) continue;
    const double at_time = m->busbw_gbps * m->time_us;  // busbw x time is constant
    const float x = x_of(static_cast<double>(m->bytes)) + (m->in_place ? pad * 0.25f : 0);
    const ImU32 color = m->in_place ? in_color : out_color;
    const float low = y_of(at_time / it.max_us);
    const float high = y_of(at_time / it.min_us);
    draw->AddLine(ImVec2(x, low), ImVec2(x, high), color, 2);
    draw->AddLine(ImVec2(x - pad * 0.2f, low), ImVec2(x + pad * 0.2f, low), color, 2);
    draw->AddLine(ImVec2(x - pad * 0.2f, high), ImVec2(x + pad * 0.2f, high), color, 2);
    if (it.p50_us > 0) {
      const float mid = y_of(at_time / it.p50_us);
      draw->AddLine(ImVec2(x - pad * 0.3f, mid), ImVec2(x + pad * 0.3f, mid), color, 1);
    }
  }

  // Each series joined in size order, then its markers.
  const float radius = std::max(4.0f, pad * 0.3f);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const trace::Measurement* hovered = nullptr;
  float hovered_d2 = (radius * 2.5f) * (radius * 2.5f);
  for (const bool in_place : {false, true}) {
    std::vector<std::pair<double, ImVec2>> points;
    for (const trace::Measurement* m : rows) {
      if (m->in_place != in_place) continue;
      const ImVec2 at(x_of(static_cast<double>(m->bytes)), y_of(m->busbw_gbps));
      points.emplace_back(static_cast<double>(m->bytes), at);
      const float dx = at.x - mouse.x;
      const float dy = at.y - mouse.y;
      if (dx * dx + dy * dy < hovered_d2) {
        hovered_d2 = dx * dx + dy * dy;
        hovered = m;
      }
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const ImU32 color = in_place ? in_color : out_color;
    for (std::size_t i = 1; i < points.size(); ++i) {
      draw->AddLine(points[i - 1].second, points[i].second, color, 2);
    }
    // Out-of-place under in-place and larger: the two often coincide.
    const float size = in_place ? radius : radius * 1.4f;
    for (const auto& point : points) DrawMarker(draw, point.second, size, in_place, color);
    frame.record.plot_points_drawn += points.size();
  }
  draw->PopClipRect();

  if (hovered && ImGui::IsWindowHovered()) {
    const ImVec2 at(x_of(static_cast<double>(hovered->bytes)), y_of(hovered->busbw_gbps));
    draw->AddCircle(at, radius * 1.8f, palette.current, 0, 2);
    // The model at the hovered size, from the nearest priced point.
    double model = std::numeric_limits<double>::quiet_NaN();
    double nearest = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i < ui.model_bytes.size(); ++i) {
      const double d =
          std::fabs(std::log2(ui.model_bytes[i]) - std::log2(static_cast<double>(hovered->bytes)));
      if (d < nearest) {
        nearest = d;
        model = ui.model_busbw_gbps[i];
      }
    }
    std::string pair;
    const double nccl = nccl_curve ? nccl_busbw(static_cast<double>(hovered->bytes), &pair)
                                   : std::numeric_limits<double>::quiet_NaN();
    RowTooltip(*hovered, nearest < 0.01 ? model : std::numeric_limits<double>::quiet_NaN(),
               ui.model_algorithm, nccl, pair + (ui.nccl.init_table ? ", its logged table" : ""));
  }
}

}  // namespace collscope::gui
