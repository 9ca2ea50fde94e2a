// Slide 13: Delta's GPU nodes as their links join the GPUs: the A100x4 NV4
// full mesh, the A100x8 NVSwitch, the A40x4 over PCIe through the host.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "engine/cost_model.h"

namespace collscope::gui {

namespace {

constexpr float kPi = 3.14159265f;

// One partition of the lesson file's extras.partitions.
struct Node {
  std::string partition;
  std::string gpu;
  std::string link;
  std::string preset;  // empty: no preset models it
  int gpus = 4;
  int nodes = 1;
  enum { kMesh, kSwitch, kHost, kUnknown } wiring = kUnknown;
};

Node NodeOf(const nlohmann::json& entry) {
  Node node;
  node.partition = entry.value("name", std::string());
  node.gpu = entry.value("gpu", std::string());
  node.link = entry.value("link", std::string());
  node.preset = entry.value("preset", std::string());
  node.gpus = std::clamp(entry.value("gpus", 4), 1, 16);
  node.nodes = entry.value("nodes", 1);
  const std::string wiring = entry.value("wiring", std::string());
  node.wiring = wiring == "mesh"     ? Node::kMesh
                : wiring == "switch" ? Node::kSwitch
                : wiring == "host"   ? Node::kHost
                                     : Node::kUnknown;
  return node;
}

// Lines of a wrapped centred caption, one DrawCentredText each.
float CentredLines(ImFont* font, float size, float centre_x, float y, float width,
                   const std::string& text, ImU32 color) {
  const auto measure = [&](std::string_view line) { return TextSize(font, size, line).x; };
  for (const std::string& line : WrapLines(text, width, measure)) {
    DrawCentredText(ImGui::GetWindowDrawList(), font, size, ImVec2(centre_x, y), line, color);
    y += size * 1.25f;
  }
  return y;
}

void DrawNode(FrameContext& frame, const Node& node, ImVec2 centre, float radius, float width) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  std::vector<ImVec2> gpus;
  for (int g = 0; g < node.gpus; ++g) {
    float angle = -kPi / 2 + 2 * kPi * g / node.gpus + kPi / node.gpus;
    gpus.push_back(
        ImVec2(centre.x + radius * std::cos(angle), centre.y + radius * std::sin(angle)));
  }
  float gpu_r = std::min(frame.fonts.body_px * 1.3f, radius * 0.45f);
  ImVec2 hub = centre;
  if (node.wiring == Node::kMesh) {
    for (int a = 0; a < node.gpus; ++a) {
      for (int b = a + 1; b < node.gpus; ++b) {
        draw->AddLine(gpus[a], gpus[b], palette.tree[0], 4);
      }
    }
  } else if (node.wiring != Node::kUnknown) {
    // A switch or the host sits in the middle; every GPU has one link to it.
    ImU32 color = node.wiring == Node::kSwitch ? palette.tree[0] : palette.alpha;
    for (const ImVec2& g : gpus) draw->AddLine(g, hub, color, node.wiring == Node::kSwitch ? 5 : 2);
    const char* name = node.wiring == Node::kSwitch ? "NVSwitch" : "CPU / PCIe";
    ImVec2 size = TextSize(frame.fonts.body, frame.fonts.body_px, name);
    draw->AddRectFilled(ImVec2(hub.x - size.x / 2 - 8, hub.y - size.y / 2 - 6),
                        ImVec2(hub.x + size.x / 2 + 8, hub.y + size.y / 2 + 6), palette.label_fill,
                        6);
    draw->AddRect(ImVec2(hub.x - size.x / 2 - 8, hub.y - size.y / 2 - 6),
                  ImVec2(hub.x + size.x / 2 + 8, hub.y + size.y / 2 + 6), palette.node_border, 6, 0,
                  2);
    DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, hub, name, palette.text);
  }
  // GPU labels by number only when "GPU7" does not fit the circle.
  const bool short_names = TextSize(frame.fonts.body, frame.fonts.body_px, "GPU7").x > gpu_r * 1.6f;
  for (int g = 0; g < node.gpus; ++g) {
    draw->AddCircleFilled(gpus[g], gpu_r, palette.node_fill);
    draw->AddCircle(gpus[g], gpu_r, palette.node_border, 0, 2);
    DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, gpus[g],
                    (short_names ? "" : "GPU") + std::to_string(g), palette.node_text);
  }
  float text_y = centre.y + radius + gpu_r + frame.fonts.body_px * 0.6f;
  text_y = CentredLines(frame.fonts.big, frame.fonts.big->FontSize, centre.x, text_y, width,
                        node.partition, palette.text);
  text_y =
      CentredLines(frame.fonts.body, frame.fonts.body_px, centre.x, text_y, width,
                   CountOf(node.nodes, "node") + " × " + std::to_string(node.gpus) + " " + node.gpu,
                   palette.text);
  text_y = CentredLines(frame.fonts.body, frame.fonts.body_px, centre.x, text_y, width, node.link,
                        palette.text_dim);
  const auto preset = engine::FindCostPreset(node.preset);
  const std::string line = preset ? "preset " + node.preset + ": " +
                                        FormatBandwidth(1.0 / preset->model.beta_s_per_byte) +
                                        ", " + FormatSeconds(preset->model.alpha_s)
                                  : std::string("no preset models it");
  CentredLines(frame.fonts.body, frame.fonts.body_px, centre.x, text_y, width, line,
               palette.text_dim);
}

// The srun line as a shell would take it: broken at spaces, each line but
// the last ending in " \\".
std::vector<std::string> ShellLines(const std::string& command, float width, ImFont* font,
                                    float size) {
  const float slash = TextSize(font, size, " \\").x;
  const auto measure = [&](std::string_view line) { return TextSize(font, size, line).x + slash; };
  std::vector<std::string> lines = WrapLines(command, width, measure);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) lines[i] += " \\";
  for (std::size_t i = 1; i < lines.size(); ++i) lines[i] = "    " + lines[i];
  return lines;
}

}  // namespace

void DrawDeltaFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max) {
  std::vector<Node> nodes;
  if (lesson.extras.contains("partitions") && lesson.extras["partitions"].is_array()) {
    for (const auto& entry : lesson.extras["partitions"]) nodes.push_back(NodeOf(entry));
  }
  const float pad = frame.fonts.body_px;
  const std::string srun = lesson.extras.value("srun", std::string());
  const std::vector<std::string> shell =
      srun.empty()
          ? std::vector<std::string>{}
          : ShellLines(srun, max.x - min.x - 3 * pad, frame.fonts.code, frame.fonts.body_px);
  // The shell lines and the note under them keep their room at the bottom.
  const float text_h = frame.fonts.body_px * 1.3f * static_cast<float>(shell.size() + 3);
  if (!nodes.empty()) {
    const float column = (max.x - min.x) / static_cast<float>(nodes.size());
    const float captions = frame.fonts.big->FontSize * 1.3f + frame.fonts.body_px * 5.5f;
    const float radius = std::max(
        pad, std::min(column * 0.3f, (max.y - min.y - text_h - captions - 2 * pad) * 0.5f));
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      ImVec2 centre(min.x + column * (static_cast<float>(i) + 0.5f), min.y + pad + radius);
      DrawNode(frame, nodes[i], centre, radius, column - pad);
    }
  }
  if (!shell.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, max.y - text_h));
    ImGui::TextUnformatted("Interactive GPU shell:");
    // A command in the monospace face, as a terminal shows it.
    ImGui::PushFont(frame.fonts.code);
    for (const std::string& line : shell) {
      ImGui::SetCursorScreenPos(ImVec2(min.x + 2 * pad, ImGui::GetCursorScreenPos().y));
      ImGui::TextUnformatted(line.c_str());
    }
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ImGui::TextDisabled("Record short traces with the job scripts in %s (see the README).",
                        lesson.extras.value("scripts", std::string("kernels/slurm/")).c_str());
  }
}

}  // namespace collscope::gui
