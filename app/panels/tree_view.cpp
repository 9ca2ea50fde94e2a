// Tree view: NCCL's binary tree, its double binary tree (two trees, told
// apart by colour) or the binomial tree, laid out in order (every subtree a
// contiguous run of ranks), with this step's transfers drawn on their edges.
// During a trace replay the arrows are the transfers in flight at the
// playhead and the ranks waiting for a peer are greyed out.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "app/panels/transfer_arrows.h"
#include "app/panels/tree_view.h"
#include "app/render/draw.h"
#include "app/render/fonts.h"
#include "engine/algorithm.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

const std::string kNoLabel;

// x of each rank in [0, 1]: an in-order walk where a node sits between its
// children below and above it (relative to the root).
std::vector<float> InOrderX(const engine::Tree& tree) {
  const int p = tree.Ranks();
  std::vector<float> x(static_cast<std::size_t>(p), 0.5f);
  if (p == 0) return x;
  const auto children = tree.Children();
  auto key = [&](int r) { return (r - tree.root + p) % p; };
  int next = 0;
  std::function<void(int)> walk = [&](int node) {
    std::vector<int> kids = children[static_cast<std::size_t>(node)];
    std::sort(kids.begin(), kids.end(), [&](int a, int b) { return key(a) < key(b); });
    auto kid = kids.begin();
    for (; kid != kids.end() && key(*kid) < key(node); ++kid) walk(*kid);
    x[static_cast<std::size_t>(node)] = (static_cast<float>(next++) + 0.5f) / p;
    for (; kid != kids.end(); ++kid) walk(*kid);
  };
  walk(tree.root);
  return x;
}

bool IsEdge(const engine::Tree& tree, int a, int b) {
  const auto& parent = tree.parent;
  const int p = tree.Ranks();
  if (a < 0 || b < 0 || a >= p || b >= p) return false;
  return parent[static_cast<std::size_t>(a)] == b || parent[static_cast<std::size_t>(b)] == a;
}

}  // namespace

void DrawTreeView(FrameContext& frame, ImVec2 min, ImVec2 max, TreeViewUi& ui) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  const Config& config = state.config();
  const int p = config.ranks;
  const auto key = std::make_tuple(config.algorithm, p, config.root);
  if (ui.key != key) {
    ui.key = key;
    const engine::AlgorithmInfo* info = engine::FindAlgorithm(config.algorithm);
    ui.trees = engine::TreesFor(info ? info->tree_shape : engine::TreeShape::kNone, p, config.root);
    ui.x.clear();
    ui.depth.clear();
    ui.closest.clear();
    for (const engine::Tree& tree : ui.trees) {
      ui.x.push_back(InOrderX(tree));
      const auto depths = tree.Depths();
      const int deepest = depths.empty() ? 0 : *std::max_element(depths.begin(), depths.end());
      ui.depth.push_back(deepest);
      // Nodes side by side are those of one level (the others are a level
      // apart): the closest two of a level set how wide a node may be.
      float closest = 0;
      if (p <= 128) {
        std::vector<std::vector<float>> by_level(static_cast<std::size_t>(deepest) + 1);
        for (std::size_t r = 0; r < depths.size(); ++r) {
          by_level[static_cast<std::size_t>(depths[r])].push_back(ui.x.back()[r]);
        }
        for (std::vector<float>& level : by_level) {
          std::sort(level.begin(), level.end());
          for (std::size_t i = 1; i < level.size(); ++i) {
            const float gap = level[i] - level[i - 1];
            if (closest == 0 || gap < closest) closest = gap;
          }
        }
      }
      ui.closest.push_back(closest);
    }
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float body = frame.fonts.body->FontSize;
  const float big = frame.fonts.big->FontSize;
  const std::size_t count = ui.trees.size();
  const bool two = count == 2;
  const float band_h = (max.y - min.y) / static_cast<float>(count);
  const float margin = std::min(big * 1.5f, (max.x - min.x) * 0.05f);
  const float width = max.x - min.x - 2 * margin;
  const ImU32 phase_color = palette.PhaseColor(state.Phase());
  const bool labels = p <= 32 && state.Transfers().size() <= 64;
  const float progress = StepProgress(state);
  const float floor_px = FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter);
  std::size_t stride = 1;
  const std::vector<ViewArrow> arrows =
      ArrowsToDraw(state, std::numeric_limits<std::size_t>::max(), &stride);

  for (std::size_t k = 0; k < count; ++k) {
    const engine::Tree& tree = ui.trees[k];
    const auto& xs = ui.x[k];
    const int levels = ui.depth[k] + 1;
    const float top = min.y + band_h * static_cast<float>(k) + (two ? body * 1.4f : 0);
    const float height = band_h - (two ? body * 1.4f : 0);
    const float level_h = height / static_cast<float>(levels);
    const float spacing = width / std::max(1, p);
    // A node holds its rank number at no less than the floor text size
    // (fonts.h): where the default size is too small for that (a double
    // binary tree's two bands at 720p) but its level and its neighbours leave
    // room, the node grows to the size the number needs.
    // A node may be as wide as the closest two of a level allow: the
    // in-order layout leaves every other column of a level free, so this is
    // twice the column width or more (p = 32's tree at 720p had no room for
    // its numbers at one column).
    const auto depths = tree.Depths();
    const float across = std::max(spacing, ui.closest[k] * width);
    float node_r = std::clamp(std::min(across * 0.42f, level_h * 0.3f), 2.0f, big);
    const float fit_r =
        std::max(TextSize(frame.fonts.big, floor_px, std::to_string(p - 1)).x, floor_px) * 0.5f +
        3.0f;
    // Up to half the distance across and the level height, nodes never
    // touch: a neighbour is at least that far across or down.
    if (node_r < fit_r && fit_r <= std::min(across, level_h) * 0.5f) node_r = fit_r;
    const ImU32 tree_color = two ? palette.tree[k] : phase_color;
    auto at = [&](int r) {
      return ImVec2(
          min.x + margin + xs[static_cast<std::size_t>(r)] * width,
          top + (static_cast<float>(depths[static_cast<std::size_t>(r)]) + 0.5f) * level_h);
    };
    if (two) {
      draw->AddText(frame.fonts.body, body, ImVec2(min.x, top - body * 1.3f), tree_color,
                    k == 0 ? "Tree 1 (first half of the data)" : "Tree 2 (second half)");
    }
    // Idle edges.
    for (int r = 0; r < p; ++r) {
      const int parent = tree.parent[static_cast<std::size_t>(r)];
      if (parent >= 0) draw->AddLine(at(parent), at(r), palette.edge, p > 128 ? 1.0f : 2.0f);
    }
    // This step's transfers on this tree; during a trace replay, the
    // transfers in flight at the playhead, each label as far along its edge
    // as the transfer is in time.
    for (const ViewArrow& arrow : arrows) {
      const engine::Transfer& t = arrow.transfer;
      if (two && static_cast<std::size_t>(t.channel % 2) != k) continue;
      const ImVec2 a = at(t.src);
      const ImVec2 b = at(t.dst);
      const bool on_edge = IsEdge(tree, t.src, t.dst);
      const ImVec2 d(b.x - a.x, b.y - a.y);
      const float length = std::sqrt(d.x * d.x + d.y * d.y);
      if (length < 1e-3f) continue;
      const float gap = node_r + 2;
      const ImVec2 from(a.x + d.x / length * gap, a.y + d.y / length * gap);
      const ImVec2 to(b.x - d.x / length * gap, b.y - d.y / length * gap);
      const Curve curve = MakeCurve(from, to, on_edge ? 0.0f : length * 0.15f);
      const float thick = p <= 32 ? 5.0f : p <= 128 ? 3.0f : 1.5f;
      DrawArrow(draw, curve, on_edge ? tree_color : phase_color, thick,
                p <= 128 ? std::max(6.0f, node_r * 0.9f) : 0.0f, on_edge ? 1 : 16);
      ++frame.record.arrows_drawn;
      // A label wider than its edge would cover its neighbours' labels.
      const std::string& label = arrow.label ? *arrow.label : kNoLabel;
      const float label_w = TextSize(frame.fonts.body, body, label).x;
      if (labels && !label.empty() && (label_w < length * 0.9f || p <= 4)) {
        const ImVec2 label_at = curve.At(LabelPosition(arrow, progress));
        DrawLabel(draw, frame.fonts.body, body, label_at, label, palette.text, palette.label_fill,
                  on_edge ? tree_color : phase_color);
        ++frame.record.arrow_labels_drawn;
      }
    }
    // Nodes; during a trace replay the ranks waiting for a peer are grey.
    const bool numbers = node_r >= fit_r;
    const float number_px = std::clamp(node_r * 1.1f, floor_px, big);
    for (int r = 0; r < p; ++r) {
      const ImVec2 c = at(r);
      const bool waiting = RankWaiting(state, r);
      if (node_r >= 4) {
        draw->AddCircleFilled(c, node_r, waiting ? palette.node_waiting_fill : palette.node_fill,
                              0);
        draw->AddCircle(c, node_r,
                        waiting          ? palette.edge
                        : r == tree.root ? tree_color
                                         : palette.node_border,
                        0, r == tree.root ? 3.0f : 1.5f);
      } else {
        draw->AddCircleFilled(c, node_r, waiting ? palette.node_waiting_fill : palette.node_border,
                              6);
      }
      if (numbers) {
        DrawCentredText(draw, frame.fonts.big, number_px, c, std::to_string(r),
                        waiting ? palette.node_waiting_text : palette.node_text);
        ++frame.record.tree_rank_numbers_drawn;
      }
      if (waiting && numbers && p <= 32) {
        DrawCentredText(draw, frame.fonts.body, body * 0.85f,
                        ImVec2(c.x, c.y + node_r + body * 0.6f), "waiting", palette.text_dim);
      }
    }
  }
}

}  // namespace collscope::gui
