// Slide 13: Delta's GPU nodes as their links join the GPUs: the A100x4 NV4
// full mesh, the A100x8 NVSwitch, the A40x4 over PCIe through the host.
#include <cmath>
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "engine/cost_model.h"

namespace collscope::gui {

namespace {

constexpr float kPi = 3.14159265f;

struct Node {
  const char* partition;
  const char* gpu;
  const char* link;
  const char* preset;
  int gpus;
  enum { kMesh, kSwitch, kHost } wiring;
};

void DrawNode(FrameContext& frame, const Node& node, ImVec2 centre, float radius) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  std::vector<ImVec2> gpus;
  for (int g = 0; g < node.gpus; ++g) {
    float angle = -kPi / 2 + 2 * kPi * g / node.gpus + kPi / node.gpus;
    gpus.push_back(
        ImVec2(centre.x + radius * std::cos(angle), centre.y + radius * std::sin(angle)));
  }
  float gpu_r = frame.fonts.body_px * 1.3f;
  ImVec2 hub = centre;
  if (node.wiring == Node::kMesh) {
    for (int a = 0; a < node.gpus; ++a) {
      for (int b = a + 1; b < node.gpus; ++b) {
        draw->AddLine(gpus[a], gpus[b], palette.tree[0], 4);
      }
    }
  } else {
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
  for (int g = 0; g < node.gpus; ++g) {
    draw->AddCircleFilled(gpus[g], gpu_r, palette.node_fill);
    draw->AddCircle(gpus[g], gpu_r, palette.node_border, 0, 2);
    DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, gpus[g], "GPU" + std::to_string(g),
                    palette.node_text);
  }
  float text_y = centre.y + radius + gpu_r + frame.fonts.body_px * 0.6f;
  DrawCentredText(draw, frame.fonts.big, frame.fonts.big->FontSize, ImVec2(centre.x, text_y),
                  node.partition, palette.text);
  text_y += frame.fonts.big->FontSize * 1.2f;
  DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, ImVec2(centre.x, text_y),
                  std::string(node.gpus == 8 ? "8x " : "4x ") + node.gpu, palette.text);
  text_y += frame.fonts.body_px * 1.3f;
  DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, ImVec2(centre.x, text_y), node.link,
                  palette.text_dim);
  if (auto preset = engine::FindCostPreset(node.preset)) {
    char line[96];
    std::snprintf(line, sizeof line, "preset %s: %.0f GB/s, %.1f us", node.preset,
                  1e-9 / preset->model.beta_s_per_byte, preset->model.alpha_s * 1e6);
    text_y += frame.fonts.body_px * 1.3f;
    DrawCentredText(draw, frame.fonts.body, frame.fonts.body_px, ImVec2(centre.x, text_y), line,
                    palette.text_dim);
  }
}

}  // namespace

void DrawDeltaFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max) {
  static constexpr Node kNodes[] = {
      {"gpuA100x4", "A100 SXM4 40GB", "NV4 full mesh: 4 NVLinks per pair", "delta-a100x4", 4,
       Node::kMesh},
      {"gpuA100x8", "A100 SXM4 40GB", "NVSwitch (NV12)", "delta-a100x8", 8, Node::kSwitch},
      {"gpuA40x4", "A40 48GB", "PCIe Gen4, no NVLink (SHM)", "delta-a40x4", 4, Node::kHost},
  };
  float pad = frame.fonts.body_px;
  float column = (max.x - min.x) / 3;
  float radius = std::min(column * 0.3f, (max.y - min.y) * 0.22f);
  for (int i = 0; i < 3; ++i) {
    ImVec2 centre(min.x + column * (i + 0.5f), min.y + pad + radius + frame.fonts.body_px * 1.5f);
    DrawNode(frame, kNodes[i], centre, radius);
  }
  std::string srun = lesson.extras.value("srun", std::string());
  if (!srun.empty()) {
    // Wrapped text: the srun line is longer than the figure is wide.
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, max.y - frame.fonts.body_px * 4.5f));
    ImGui::PushTextWrapPos(max.x - pad);
    ImGui::TextWrapped("Interactive GPU shell:  %s", srun.c_str());
    ImGui::TextDisabled(
        "Record short traces with the job scripts in kernels/slurm/ (see the README).");
    ImGui::PopTextWrapPos();
  }
}

}  // namespace collscope::gui
