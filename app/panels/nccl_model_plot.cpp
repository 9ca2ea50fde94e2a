// Why this algorithm (issue 14): NCCL's predicted time of every algorithm x
// protocol against message size for the trace's machine, one curve each
// (colour by algorithm, dash by protocol: Simple solid, LL128 dashed, LL
// dotted, so they part without colour), the pick NCCL's model makes drawn
// thick over them, the sizes where it changes marked, and the trace's
// measured times (circles) and NCCL's own TUNING choices (diamonds on the
// curve NCCL chose; a cross where the model picks another) laid over.
// Hovering a size lists every pair's time there.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/nccl_choice_curves.h"
#include "app/panels/nccl_model_plot.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/collective.h"
#include "engine/machine.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr int kPointsPerOctave = 4;

// Dash length in pixels of a protocol's line (0: solid).
float DashOf(engine::NcclProtocol protocol) {
  switch (protocol) {
    case engine::NcclProtocol::kSimple:
      return 0;
    case engine::NcclProtocol::kLL128:
      return 10;
    case engine::NcclProtocol::kLL:
      return 3;
  }
  return 0;
}

void DashedLine(ImDrawList* draw, const std::vector<ImVec2>& points, ImU32 color, float thickness,
                float dash) {
  if (points.size() < 2) return;
  if (dash <= 0) {
    draw->AddPolyline(points.data(), static_cast<int>(points.size()), color, 0, thickness);
    return;
  }
  bool on = true;
  float left = dash;
  for (std::size_t i = 1; i < points.size(); ++i) {
    ImVec2 a = points[i - 1];
    const ImVec2 b = points[i];
    float length = std::hypot(b.x - a.x, b.y - a.y);
    while (length > 0) {
      const float step = std::min(left, length);
      const float t = step / length;
      const ImVec2 c(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
      if (on) draw->AddLine(a, c, color, thickness);
      a = c;
      length -= step;
      left -= step;
      if (left <= 0) {
        on = !on;
        left = dash;
      }
    }
  }
}

std::vector<std::string> CollectivesOf(const trace::Trace& trace) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    const auto collective = engine::ParseCollective(name);
    if (!collective || !engine::NcclModel::Tuned(*collective)) return;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const trace::Measurement& m : trace.measurements) add(m.collective);
  for (const trace::TuningChoice& c : trace.tuning_choices) add(c.collective);
  for (const trace::Run& r : trace.runs) add(r.collective);
  if (names.empty()) names.push_back("allreduce");
  return names;
}

}  // namespace

void DrawNcclModelPlot(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui) {
  const trace::Trace& trace = *frame.state.loaded_trace();
  const Palette& palette = frame.palette;
  const Fonts& fonts = frame.fonts;
  const float pad = fonts.body_px;
  if (!ui.nccl_ready) {
    ui.nccl = trace::NcclModelFor(trace);
    ui.nccl_ready = true;
  }
  // The machine: the trace's, or a preset chosen here.
  ImGui::SetCursorScreenPos(min);
  const std::string shown =
      ui.nccl_machine_preset.empty()
          ? (ui.nccl.model ? std::string("the trace's machine") : std::string("pick a machine"))
          : ui.nccl_machine_preset;
  ImGui::SetNextItemWidth(pad * 12);
  if (ImGui::BeginCombo("machine##nccl", shown.c_str())) {
    if (ui.nccl.model && ImGui::Selectable("the trace's machine", ui.nccl_machine_preset.empty())) {
      ui.nccl_machine_preset.clear();
    }
    for (const engine::MachinePreset& preset : engine::MachinePresets()) {
      const std::string name(preset.name);
      if (ImGui::Selectable(name.c_str(), name == ui.nccl_machine_preset)) {
        ui.nccl_machine_preset = name;
        ui.nccl_preset_model = trace::TraceModel{};
        if (auto machine = engine::FindMachine(name)) {
          ui.nccl_preset_model.model.emplace(*machine);
          ui.nccl_preset_model.machine = machine->description;
        }
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const trace::TraceModel& traced = ui.nccl_machine_preset.empty() ? ui.nccl : ui.nccl_preset_model;
  if (!traced.model) {
    ImGui::NewLine();
    ImGui::TextWrapped("NCCL's model needs the machine (%s): pick one above.",
                       ui.nccl.machine.c_str());
    return;
  }
  const std::vector<std::string> collectives = CollectivesOf(trace);
  if (std::find(collectives.begin(), collectives.end(), ui.nccl_collective) == collectives.end()) {
    ui.nccl_collective = collectives.front();
  }
  if (collectives.size() > 1) {
    ImGui::SetNextItemWidth(pad * 10);
    if (ImGui::BeginCombo("collective##nccl", ui.nccl_collective.c_str())) {
      for (const std::string& name : collectives) {
        if (ImGui::Selectable(name.c_str(), name == ui.nccl_collective)) ui.nccl_collective = name;
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
  }
  if (ImGui::RadioButton("time", !ui.nccl_plot_busbw)) ui.nccl_plot_busbw = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("bus bandwidth", ui.nccl_plot_busbw)) ui.nccl_plot_busbw = true;
  min.y = ImGui::GetCursorScreenPos().y;

  // Sizes: the trace's, else 8 B to 4 GiB.
  double lo = std::numeric_limits<double>::max();
  double hi = 0;
  for (const trace::Measurement& m : trace.measurements) {
    if (m.collective != ui.nccl_collective || m.bytes <= 0) continue;
    lo = std::min(lo, static_cast<double>(m.bytes));
    hi = std::max(hi, static_cast<double>(m.bytes));
  }
  for (const trace::TuningChoice& c : trace.tuning_choices) {
    if (c.collective != ui.nccl_collective || c.bytes <= 0) continue;
    lo = std::min(lo, static_cast<double>(c.bytes));
    hi = std::max(hi, static_cast<double>(c.bytes));
  }
  if (hi <= 0) {
    lo = 8;
    hi = 4.0 * (1 << 30);
  }
  lo = std::exp2(std::floor(std::log2(lo)));
  hi = std::exp2(std::ceil(std::log2(std::max(hi, lo * 2))));
  const auto collective = engine::ParseCollective(ui.nccl_collective);
  const auto curves = BuildChoiceCurves(*traced.model, *collective,
                                        DoublingSizes(lo, hi, kPointsPerOctave), &trace);
  if (!curves) {
    ImGui::TextUnformatted("NCCL does not tune this collective (grouped sends).");
    return;
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::string title =
      "Why this algorithm: NCCL's " + ui.nccl_collective + " on " + CountOf(curves->ranks, "rank");
  draw->AddText(fonts.big, fonts.big->FontSize, ImVec2(min.x + pad * 0.5f, min.y + pad * 0.3f),
                palette.text, title.c_str());
  float legend_y = min.y + pad * 0.6f + fonts.big->FontSize * 1.2f;
  draw->AddText(fonts.body, fonts.body_px, ImVec2(min.x + pad * 0.5f, legend_y), palette.text_dim,
                (traced.machine + (traced.init_table ? "; latencies and bandwidths from the "
                                                       "trace's own init table"
                                                     : ""))
                    .c_str());
  legend_y += fonts.body_px * 1.4f;
  // Legend: one entry per pair, wrapping.
  float legend_x = min.x + pad * 0.5f;
  for (const PairCurve& pair : curves->pairs) {
    const float w = TextSize(fonts.body, fonts.body_px, pair.name).x + pad * 2.6f;
    if (legend_x + w > max.x - pad) {
      legend_x = min.x + pad * 0.5f;
      legend_y += fonts.body_px * 1.3f;
    }
    const float y = legend_y + fonts.body_px * 0.55f;
    DashedLine(draw, {ImVec2(legend_x, y), ImVec2(legend_x + pad * 1.6f, y)},
               palette.AlgorithmColor(pair.algorithm), 3, DashOf(pair.protocol));
    draw->AddText(fonts.body, fonts.body_px, ImVec2(legend_x + pad * 1.9f, legend_y), palette.text,
                  pair.name.c_str());
    legend_x += w + pad;
  }
  legend_y += fonts.body_px * 1.3f;
  // The key to the marks, its parts wrapping as the legend does (at 720p the
  // diamonds' note alone is most of the width).
  std::vector<std::string> notes = {"thick: the model's pick"};
  if (!curves->measured.empty()) notes.push_back("circles: measured");
  if (!curves->choices.empty()) {
    notes.push_back("diamonds: NCCL's TUNING choice, crossed where the model picks another (" +
                    std::to_string(curves->Disagreements()) + " of " +
                    std::to_string(curves->choices.size()) + ")");
  }
  const std::string separator = "  ·  ";
  std::string line;
  for (const std::string& note : notes) {
    const std::string longer = line.empty() ? note : line + separator + note;
    if (!line.empty() &&
        TextSize(fonts.body, fonts.body_px, longer).x > max.x - min.x - pad * 1.5f) {
      draw->AddText(fonts.body, fonts.body_px, ImVec2(min.x + pad * 0.5f, legend_y),
                    palette.text_dim, line.c_str());
      legend_y += fonts.body_px * 1.3f;
      line = note;
    } else {
      line = longer;
    }
  }
  draw->AddText(fonts.body, fonts.body_px, ImVec2(min.x + pad * 0.5f, legend_y), palette.text_dim,
                line.c_str());
  legend_y += fonts.body_px * 1.5f;

  const float y_label_w = TextSize(fonts.body, fonts.body_px, "000.0 ms").x + pad;
  const ImVec2 plot_min(min.x + y_label_w + pad, legend_y + fonts.body_px * 0.5f);
  const ImVec2 plot_max(max.x - pad * 1.5f, max.y - fonts.body_px * 3.6f);
  if (plot_max.x - plot_min.x < 60 || plot_max.y - plot_min.y < 60) return;
  draw->AddRect(plot_min, plot_max, palette.grid);

  // y: log time (us) or linear busbw.
  auto value_of = [&](double bytes, double time_s) {
    return ui.nccl_plot_busbw ? curves->BusBwGbps(bytes, time_s) : time_s * 1e6;
  };
  double y_lo = std::numeric_limits<double>::max();
  double y_hi = 0;
  for (const PairCurve& pair : curves->pairs) {
    for (std::size_t i = 0; i < curves->bytes.size(); ++i) {
      if (!std::isfinite(pair.time_s[i])) continue;
      const double v = value_of(curves->bytes[i], pair.time_s[i]);
      if (v <= 0) continue;
      y_lo = std::min(y_lo, v);
      y_hi = std::max(y_hi, v);
    }
  }
  for (const auto& m : curves->measured) {
    const double v = value_of(m.bytes, m.time_s);
    if (v > 0) {
      y_lo = std::min(y_lo, v);
      y_hi = std::max(y_hi, v);
    }
  }
  if (y_hi <= 0) return;
  const bool log_y = !ui.nccl_plot_busbw;
  if (log_y) {
    y_lo = std::exp2(std::floor(std::log2(y_lo)));
    y_hi = std::exp2(std::ceil(std::log2(y_hi)));
  } else {
    y_lo = 0;
    y_hi *= 1.1;
  }
  const double x_first = std::log2(curves->bytes.front());
  const double x_last = std::log2(curves->bytes.back());
  auto x_of = [&](double bytes) {
    return plot_min.x + static_cast<float>((std::log2(bytes) - x_first) / (x_last - x_first)) *
                            (plot_max.x - plot_min.x);
  };
  auto y_of = [&](double v) {
    const double t = log_y ? (std::log2(std::max(v, 1e-30)) - std::log2(y_lo)) /
                                 (std::log2(y_hi) - std::log2(y_lo))
                           : (v - y_lo) / (y_hi - y_lo);
    return plot_max.y - static_cast<float>(std::clamp(t, -0.05, 1.05)) * (plot_max.y - plot_min.y);
  };
  // Axes.
  const float widest = TextSize(fonts.body, fonts.body_px, "512 KB").x + pad;
  const int octaves = static_cast<int>(x_last - x_first);
  int every = 1;
  while (every < octaves && (plot_max.x - plot_min.x) / (octaves / every) < widest) every *= 2;
  for (int e = static_cast<int>(x_first); e <= static_cast<int>(x_last); e += every) {
    const float x = x_of(std::exp2(e));
    draw->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), palette.grid);
    // Below the time axis's lowest label, which reaches under the plot's
    // bottom edge: the first size label centred on the corner met it.
    DrawCentredText(draw, fonts.body, fonts.body_px, ImVec2(x, plot_max.y + fonts.body_px * 1.25f),
                    FormatBytes(std::exp2(e)), palette.text_dim);
  }
  DrawCentredText(draw, fonts.body, fonts.body_px,
                  ImVec2((plot_min.x + plot_max.x) / 2, plot_max.y + fonts.body_px * 2.6f),
                  "message size (log scale)", palette.text);
  const int y_lines = log_y ? static_cast<int>(std::log2(y_hi / y_lo)) : 5;
  const int y_every = std::max(1, y_lines / 6);
  for (int i = 0; i <= y_lines; i += y_every) {
    const double v = log_y ? y_lo * std::exp2(i) : y_lo + (y_hi - y_lo) * i / 5;
    const float y = y_of(v);
    draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), palette.grid);
    const std::string text = log_y ? FormatSeconds(v * 1e-6)
                                   : std::to_string(static_cast<int>(std::lround(v))) + " GB/s";
    const ImVec2 size = TextSize(fonts.body, fonts.body_px, text);
    draw->AddText(fonts.body, fonts.body_px,
                  ImVec2(plot_min.x - size.x - pad * 0.3f, y - size.y / 2), palette.text_dim,
                  text.c_str());
  }

  draw->PushClipRect(plot_min, plot_max, true);
  for (const PairCurve& pair : curves->pairs) {
    std::vector<ImVec2> line;
    auto flush = [&] {
      DashedLine(draw, line, palette.AlgorithmColor(pair.algorithm), 2, DashOf(pair.protocol));
      line.clear();
    };
    for (std::size_t i = 0; i < curves->bytes.size(); ++i) {
      if (!std::isfinite(pair.time_s[i])) {
        flush();
        continue;
      }
      line.emplace_back(x_of(curves->bytes[i]), y_of(value_of(curves->bytes[i], pair.time_s[i])));
    }
    flush();
    ++frame.record.nccl_pairs_drawn;
  }
  frame.record.nccl_disagreements = curves->Disagreements();
  // The pick, thick, in its pair's colour.
  for (std::size_t i = 1; i < curves->bytes.size(); ++i) {
    const int a = curves->pick[i - 1];
    const int b = curves->pick[i];
    if (a < 0 || b < 0) continue;
    const PairCurve& pa = curves->pairs[static_cast<std::size_t>(a)];
    const PairCurve& pb = curves->pairs[static_cast<std::size_t>(b)];
    draw->AddLine(
        ImVec2(x_of(curves->bytes[i - 1]), y_of(value_of(curves->bytes[i - 1], pa.time_s[i - 1]))),
        ImVec2(x_of(curves->bytes[i]), y_of(value_of(curves->bytes[i], pb.time_s[i]))),
        palette.AlgorithmColor(pb.algorithm), 6);
  }
  // Crossovers: a dashed rule and the new pick's name beside it, right of the
  // rule (left where it would leave the plot). Close crossovers would run
  // their names together ("→ ring/LL128" into "→ ring/SIMPLE"), so each name
  // takes the first row down from the top where it meets none already placed;
  // the rule runs the plot's height, so a name lower down still sits on it.
  const float row_h = fonts.body_px * 1.25f;
  const float gap = fonts.body_px * 0.4f;
  std::vector<std::vector<std::pair<float, float>>> rows;  // [x0, x1] taken per row
  struct Name {
    ImVec2 at;
    ImVec2 size;
    std::string text;
  };
  std::vector<Name> names;  // drawn last, over the curves and the marks
  frame.record.nccl_crossovers = curves->crossovers.size();
  for (const engine::NcclCrossover& crossover : curves->crossovers) {
    const float x = x_of(crossover.bytes);
    DashedLine(draw, {ImVec2(x, plot_min.y), ImVec2(x, plot_max.y)}, palette.text_dim, 1, 5);
    const std::string text =
        "→ " + trace::CanonicalNcclAlgorithm(engine::NcclAlgorithmName(crossover.after.algorithm)) +
        "/" + trace::CanonicalNcclProtocol(engine::NcclProtocolName(crossover.after.protocol));
    const ImVec2 size = TextSize(fonts.body, fonts.body_px, text);
    float x0 = x + 3;
    if (x0 + size.x > plot_max.x - 2) x0 = std::max(plot_min.x + 2, x - 3 - size.x);
    const float x1 = x0 + size.x;
    std::size_t row = 0;
    auto meets = [&](const std::pair<float, float>& taken) {
      return x0 < taken.second + gap && taken.first < x1 + gap;
    };
    while (row < rows.size() && std::any_of(rows[row].begin(), rows[row].end(), meets)) ++row;
    if (row == rows.size()) rows.emplace_back();
    rows[row].emplace_back(x0, x1);
    const ImVec2 at(x0, plot_min.y + 2 + row_h * static_cast<float>(row));
    // A name that would leave the plot is left out (hovering lists the pick).
    if (at.y + size.y <= plot_max.y - 2) names.push_back({at, size, text});
  }
  const float r = std::max(4.0f, pad * 0.3f);
  for (const auto& m : curves->measured) {
    const ImVec2 at(x_of(m.bytes), y_of(value_of(m.bytes, m.time_s)));
    draw->AddCircleFilled(at, r, palette.text);
  }
  for (const ChoiceCurves::Choice& choice : curves->choices) {
    if (choice.nccl_pair < 0) continue;
    const PairCurve& pair = curves->pairs[static_cast<std::size_t>(choice.nccl_pair)];
    // Its time on the chosen curve, at the nearest priced size.
    std::size_t nearest = 0;
    for (std::size_t i = 1; i < curves->bytes.size(); ++i) {
      if (std::fabs(std::log2(curves->bytes[i] / choice.bytes)) <
          std::fabs(std::log2(curves->bytes[nearest] / choice.bytes))) {
        nearest = i;
      }
    }
    if (!std::isfinite(pair.time_s[nearest])) continue;
    const ImVec2 at(x_of(choice.bytes),
                    y_of(value_of(curves->bytes[nearest], pair.time_s[nearest])));
    const ImU32 color = palette.AlgorithmColor(pair.algorithm);
    ++frame.record.nccl_choices_drawn;
    draw->AddQuadFilled(ImVec2(at.x, at.y - r * 1.3f), ImVec2(at.x + r * 1.3f, at.y),
                        ImVec2(at.x, at.y + r * 1.3f), ImVec2(at.x - r * 1.3f, at.y), color);
    if (!choice.agrees) {
      draw->AddLine(ImVec2(at.x - r * 1.6f, at.y - r * 1.6f),
                    ImVec2(at.x + r * 1.6f, at.y + r * 1.6f), palette.text, 2.5f);
      draw->AddLine(ImVec2(at.x - r * 1.6f, at.y + r * 1.6f),
                    ImVec2(at.x + r * 1.6f, at.y - r * 1.6f), palette.text, 2.5f);
    }
  }
  for (const Name& name : names) {
    // On a fill, so the curves under a name do not cut through its letters.
    draw->AddRectFilled(ImVec2(name.at.x - 2, name.at.y),
                        ImVec2(name.at.x + name.size.x + 2, name.at.y + name.size.y),
                        palette.label_fill);
    draw->AddText(fonts.body, fonts.body_px, name.at, palette.text, name.text.c_str());
    ++frame.record.nccl_crossover_names_drawn;
  }
  draw->PopClipRect();

  // Hover: every pair's time at the size under the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && mouse.x >= plot_min.x && mouse.x <= plot_max.x &&
      mouse.y >= plot_min.y && mouse.y <= plot_max.y) {
    std::size_t nearest = 0;
    for (std::size_t i = 1; i < curves->bytes.size(); ++i) {
      if (std::fabs(x_of(curves->bytes[i]) - mouse.x) <
          std::fabs(x_of(curves->bytes[nearest]) - mouse.x)) {
        nearest = i;
      }
    }
    const float x = x_of(curves->bytes[nearest]);
    draw->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), palette.current, 1.5f);
    std::string text = FormatBytes(curves->bytes[nearest]) + ":";
    for (std::size_t p = 0; p < curves->pairs.size(); ++p) {
      const PairCurve& pair = curves->pairs[p];
      if (!std::isfinite(pair.time_s[nearest])) continue;
      text += "\n" + std::string(static_cast<int>(p) == curves->pick[nearest] ? "▶ " : "   ") +
              pair.name + "  " + FormatSeconds(pair.time_s[nearest]);
    }
    ImGui::SetTooltip("%s", text.c_str());
  }
}

}  // namespace collscope::gui
