// Ring view: ranks on a circle (GPU 0 at the top, clockwise), this step's
// transfers as arrows labelled with the chunk they carry and coloured by
// phase (lecture slide 8). Above 64 ranks the arrows lose their labels and
// heads, and above 4096 transfers only a sample is drawn. During a trace
// replay it shows the transfers in flight at the playhead instead, and greys
// out the ranks waiting for a peer.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include "app/panels/ring_view.h"
#include "app/panels/transfer_arrows.h"
#include "app/render/draw.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// A sum's chunk and its number of terms, "g: Σ7" for "g4+…+g0+g7+g6 (7)"
// or "g6+g5"; "" for a single chunk, which is as short as it gets.
std::string SummedChunk(const std::string& label) {
  std::size_t letters = 0;
  while (letters < label.size() && label[letters] >= 'a' && label[letters] <= 'z') ++letters;
  long terms = 1 + std::count(label.begin(), label.end(), '+');
  if (const auto open = label.rfind(" ("); open != std::string::npos && label.back() == ')') {
    terms = std::strtol(label.c_str() + open + 2, nullptr, 10);
  }
  if (letters == 0 || terms < 2) return "";
  return label.substr(0, letters) + ": \u03A3" + std::to_string(terms);
}

constexpr std::size_t kMaxArrows = 4096;
constexpr int kMaxLabelledRanks = 32;
// A wide, short view draws the ring as an ellipse up to this much wider
// than tall, so the ranks and labels spread out; presenter mode keeps it
// round (a flat ring squashes the ranks at the sides together).
constexpr float kMaxAspect = 1.6f;

ImVec2 Towards(ImVec2 from, ImVec2 to, float distance) {
  const float dx = to.x - from.x;
  const float dy = to.y - from.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1e-3f) return from;
  return ImVec2(from.x + dx / length * distance, from.y + dy / length * distance);
}

}  // namespace

void DrawRingView(FrameContext& frame, ImVec2 min, ImVec2 max, ImVec2 heading) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int p = state.config().ranks;
  const float big = frame.fonts.big->FontSize;
  const float body = frame.fonts.body->FontSize;

  // Room outside the ring for the "GPU i" names and the outward arrows,
  // past a node of 0.7 big; a larger node (a large ring) adds its excess on
  // a second pass, so its name stays off the legend under the ring (issue
  // 15: the straggler's large presenter ring put "GPU 2" over the hint).
  const float base_margin = p <= kMaxLabelledRanks ? big * 0.7f + body * 1.3f : big * 1.6f;
  // Sideways the "GPU i" names need their width (a waiting rank's name
  // says so).
  auto margin_for = [&](const char* name) {
    return p <= kMaxLabelledRanks ? big * 1.2f + TextSize(frame.fonts.body, body, name).x + 8
                                  : base_margin;
  };
  float base_margin_x = margin_for(ShowsReplay(state) ? "GPU 00 waiting" : "GPU 00");
  // The legend and notes take the bottom lines (see the end of this function).
  const float legend_lines = ShowsReplay(state) || p > 8 ? 2.0f : 1.0f;
  const float bottom = max.y - body * 1.4f * legend_lines;
  ImVec2 centre;
  float radius_x = 0;
  float radius_y = 0;
  float radius = 0;
  float node_r = 0;
  const float aspect = state.view.presenter ? 1.0f : kMaxAspect;
  auto place = [&](float excess) {
    const float margin = base_margin + excess;
    const float margin_x = base_margin_x + excess;
    // The ring in [left, max.x] x [top, bottom].
    auto fit = [&](float left, float top) {
      centre = ImVec2((left + max.x) / 2, (top + bottom) / 2);
      radius_y = std::max(20.0f, (bottom - top) / 2 - margin);
      radius_x = std::max(20.0f, std::min((max.x - left) / 2 - margin_x, radius_y * aspect));
      // Never taller than wide: a narrow view gets a smaller round ring.
      radius_y = std::min(radius_y, radius_x);
    };
    // The heading sits in the top left corner: the ring takes the whole
    // height where it clears the heading, else the larger of the room under
    // the heading and the room right of it.
    fit(min.x, min.y);
    const float dy = (heading.y - centre.y) / (radius_y + margin);
    const float reach = (radius_x + margin_x) * std::sqrt(std::max(0.0f, 1 - dy * dy));
    if (heading.x > centre.x - reach) {
      fit(min.x, heading.y);
      const float under = std::min(radius_x, radius_y);
      fit(heading.x, min.y);
      if (std::min(radius_x, radius_y) < under) fit(min.x, heading.y);
    }
    radius = std::min(radius_x, radius_y);
    // Neighbouring nodes never touch: a node is at most 40% of the distance
    // to its neighbour across (a small ring gets small nodes, not a pile).
    const float neighbour = 2 * radius * static_cast<float>(std::sin(std::numbers::pi / p));
    node_r = p <= 16
                 ? std::min(std::clamp(neighbour * 0.21f, big * 0.7f, big * 1.2f), neighbour * 0.4f)
             : p <= 64 ? std::max(4.0f, radius * static_cast<float>(std::numbers::pi / p) * 0.7f)
                       : 2.5f;
  };
  auto place_all = [&] {
    place(0);
    if (p <= kMaxLabelledRanks && node_r > big * 0.7f) place(node_r - big * 0.7f);
  };
  place_all();
  // "GPU i" beside each node where neighbouring names stay apart (the node
  // shows i; issue 15: a small presenter ring of 16 stacked its names).
  const float name_w = TextSize(frame.fonts.body, body, "GPU 00").x;
  const float name_ring = radius + node_r + 4 + body;
  const bool gpu_names =
      p <= 16 && 2 * name_ring * static_cast<float>(std::sin(std::numbers::pi / p)) >= name_w + 8;
  if (p <= 16 && !gpu_names) {
    // No names, so no room for them: the ring grows into it (presenter
    // mode's p = 16 beside the whole table). A waiting rank still says so.
    base_margin_x = margin_for(ShowsReplay(state) ? "waiting" : "");
    place_all();
  }
  frame.record.ring_centre = centre;
  frame.record.ring_radius = radius;
  // Chunk labels shrink with a small ring so they do not cover the ranks.
  float label_px = p <= 8 ? std::clamp(radius * 0.22f, body * 0.9f, big) : body;

  std::vector<ImVec2> where(static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r) {
    const double angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * r / p;
    where[static_cast<std::size_t>(r)] =
        ImVec2(centre.x + radius_x * static_cast<float>(std::cos(angle)),
               centre.y + radius_y * static_cast<float>(std::sin(angle)));
  }
  {
    std::vector<ImVec2> ellipse(96);
    for (std::size_t i = 0; i < ellipse.size(); ++i) {
      const double angle = 2 * std::numbers::pi * static_cast<double>(i) / ellipse.size();
      ellipse[i] = ImVec2(centre.x + radius_x * static_cast<float>(std::cos(angle)),
                          centre.y + radius_y * static_cast<float>(std::sin(angle)));
    }
    draw->AddPolyline(ellipse.data(), static_cast<int>(ellipse.size()), palette.grid,
                      ImDrawFlags_Closed, 1.5f);
  }

  // Arrows first, nodes on top of their ends, labels last. During a trace
  // replay the arrows are the transfers in flight at the playhead, each
  // label as far along its arrow as the transfer is in time.
  const TraceReplay& replay = state.replay();
  const bool replaying = ShowsReplay(state);
  std::size_t stride = 1;
  const std::vector<ViewArrow> arrows = ArrowsToDraw(state, kMaxArrows, &stride);
  const auto& transfers = state.Transfers();
  const ImU32 phase_color = palette.PhaseColor(state.Phase());
  // Channels of a schedule (NCCL's double binary tree run on a ring) in the
  // tree colours, as the tree view draws them.
  const bool by_channel =
      !replaying && std::any_of(transfers.begin(), transfers.end(),
                                [](const ShownTransfer& t) { return t.transfer.channel; });
  auto color_of = [&](const ViewArrow& arrow) {
    return by_channel ? palette.tree[arrow.transfer.channel % 2] : palette.PhaseColor(arrow.phase);
  };
  const bool detailed = p <= 64;
  const float thickness = p <= 16 ? 4.0f : p <= 64 ? 2.5f : 3.0f;
  const float head = p <= 16 ? big * 0.7f : p <= 64 ? 9.0f : 0.0f;
  // Labels only where they fit between two neighbouring ranks; otherwise
  // they would cover the ranks (the buffer table shows the same sums).
  float widest = 0;
  for (const ViewArrow& arrow : arrows) {
    if (arrow.label) widest = std::max(widest, TextSize(frame.fonts.big, label_px, *arrow.label).x);
  }
  const float neighbour_gap =
      2 * std::min(radius_x, radius_y) * static_cast<float>(std::sin(std::numbers::pi / p));
  const bool labels = p <= kMaxLabelledRanks && arrows.size() <= 64 &&
                      (p <= 8 || widest < neighbour_gap - 2 * node_r);
  const float progress = StepProgress(state);
  struct PendingLabel {
    ImVec2 at;
    const std::string* text;
    ImU32 color;
    Curve curve;
    bool resting;            // not travelling: free to sit elsewhere on its arrow
    std::string short_text;  // set when the whole label found no place
  };
  std::vector<PendingLabel> pending;
  for (const ViewArrow& arrow : arrows) {
    const ImVec2 a = where[static_cast<std::size_t>(arrow.transfer.src)];
    const ImVec2 b = where[static_cast<std::size_t>(arrow.transfer.dst)];
    const ImU32 color = color_of(arrow);
    const float gap = p > 256 ? 0.0f : node_r + 3;
    const ImVec2 from = Towards(a, b, gap);
    const ImVec2 to = Towards(b, a, gap);
    const float dx = b.x - a.x;
    const float dy = b.y - a.y;
    const float distance = std::sqrt(dx * dx + dy * dy);
    // Bend to the left of travel: clockwise neighbours bulge outwards and the
    // two directions of an exchange do not overlap.
    const Curve curve = MakeCurve(from, to, distance * (detailed ? 0.12f : 0.05f));
    if (head > 0) {
      // About one segment per 12 px: vertices cost software rendering time.
      const int segments = detailed ? std::clamp(static_cast<int>(distance / 12), 4, 20) : 1;
      DrawArrow(draw, curve, color, thickness, head, segments);
    } else {
      draw->AddLine(from, to, color, thickness);
    }
    ++frame.record.arrows_drawn;
    if (labels && arrow.label && !arrow.label->empty()) {
      // The chunk travels from sender to receiver, then rests mid-way.
      // Kept off the two ends so that the label never covers a GPU.
      const float t = LabelPosition(arrow, progress);
      pending.push_back(
          {curve.At(std::clamp(t, 0.25f, 0.75f)), arrow.label, color, curve, t == 0.5f, {}});
    }
  }

  // A ring's long partial sums ("e1+e0+e7+e6+e5+e4" at p = 8) would pile
  // onto the ranks and each other: the labels take the largest size, down
  // to the hall's floor (render/fonts.h), at which no label box touches
  // another or a rank's circle.
  if (!pending.empty()) {
    const float floor_px =
        std::min(label_px, FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter));
    using Box = std::pair<ImVec2, ImVec2>;
    auto meet = [](const Box& a, const Box& b) {
      return a.first.x < b.second.x && b.first.x < a.second.x && a.first.y < b.second.y &&
             b.first.y < a.second.y;
    };
    auto covers_a_rank = [&](const Box& box) {
      for (const ImVec2& node : where) {
        const float dx = node.x - std::clamp(node.x, box.first.x, box.second.x);
        const float dy = node.y - std::clamp(node.y, box.first.y, box.second.y);
        if (dx * dx + dy * dy < node_r * node_r) return true;
      }
      return false;
    };
    auto collides = [&](float px) {
      std::vector<Box> boxes;
      for (const PendingLabel& label : pending) {
        boxes.push_back(LabelBox(frame.fonts.big, px, label.at, *label.text));
      }
      for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
          if (meet(boxes[i], boxes[j])) return true;
        }
        if (covers_a_rank(boxes[i])) return true;
      }
      return false;
    };
    while (label_px > floor_px && collides(label_px)) label_px = std::max(floor_px, label_px - 1);
    if (collides(label_px)) {
      // Still touching at the floor (p = 5 complete sums at 720p): each
      // resting label, in turn, takes the first place along its own arrow,
      // from the middle outwards, where it meets no label placed before it
      // and no rank. One that finds none says only its chunk and how many
      // GPUs' parts it sums ("g: Σ7", the table's Σk), in the first place
      // that form fits, else in the middle.
      constexpr float kPlaces[] = {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.25f, 0.75f};
      std::vector<Box> placed;
      auto place = [&](PendingLabel& label, const std::string& text) {
        for (float t : kPlaces) {
          const ImVec2 at = label.curve.At(t);
          const Box box = LabelBox(frame.fonts.big, label_px, at, text);
          if (!covers_a_rank(box) && std::none_of(placed.begin(), placed.end(),
                                                  [&](const Box& b) { return meet(b, box); })) {
            label.at = at;
            return true;
          }
        }
        return false;
      };
      for (PendingLabel& label : pending) {
        if (label.resting && !place(label, *label.text)) {
          label.short_text = SummedChunk(*label.text);
          if (!label.short_text.empty() && !place(label, label.short_text)) {
            label.at = label.curve.At(0.5f);
          }
        }
        placed.push_back(LabelBox(frame.fonts.big, label_px, label.at,
                                  label.short_text.empty() ? *label.text : label.short_text));
      }
    }
  }

  // Ranks.
  for (int r = 0; r < p; ++r) {
    const ImVec2 at = where[static_cast<std::size_t>(r)];
    // A rank waiting for a peer is greyed out: the straggler stands out as
    // the one rank still in colour.
    const bool waiting = RankWaiting(state, r);
    if (p <= 64) {
      // 0 segments: ImGui picks them from the radius.
      draw->AddCircleFilled(at, node_r, waiting ? palette.node_waiting_fill : palette.node_fill, 0);
      draw->AddCircle(at, node_r, waiting ? palette.edge : palette.node_border, 0,
                      p <= 16 ? 3.0f : 1.5f);
    } else if (p <= 256) {
      draw->AddCircleFilled(at, node_r, waiting ? palette.node_waiting_fill : palette.node_border,
                            8);
    }  // Above 256 ranks the ring line stands for the ranks.
    const bool named =
        (p <= kMaxLabelledRanks || r % std::max(1, p / 8) == 0) && (gpu_names || p > 16 || waiting);
    if (p <= 16) {
      DrawCentredText(draw, frame.fonts.big, big, at, std::to_string(r),
                      waiting ? palette.node_waiting_text : palette.node_text);
    }
    if (named) {
      // "GPU i" just outside the circle.
      // A waiting rank says so in its name, outside the ring where the tags
      // of neighbours cannot run into each other.
      const std::string name =
          (p <= 16 ? (gpu_names ? "GPU " + std::to_string(r) : "") : std::to_string(r)) +
          (waiting && p <= kMaxLabelledRanks ? (p <= 16 && !gpu_names ? "waiting" : " waiting")
                                             : "");
      // Far enough out that a sideways name clears its node.
      const ImVec2 extent = TextSize(frame.fonts.body, body, name);
      const ImVec2 away(at.x - centre.x, at.y - centre.y);
      const float length = std::max(1.0f, std::sqrt(away.x * away.x + away.y * away.y));
      const float out =
          node_r + 4 +
          0.5f * (std::fabs(away.x) * extent.x + std::fabs(away.y) * extent.y) / length;
      const ImVec2 outside(at.x + away.x / length * out, at.y + away.y / length * out);
      DrawCentredText(draw, frame.fonts.body, body, outside, name, palette.text);
    }
  }

  for (const PendingLabel& label : pending) {
    DrawLabel(draw, frame.fonts.big, label_px, label.at,
              label.short_text.empty() ? *label.text : label.short_text, palette.text,
              palette.label_fill, label.color);
    ++frame.record.arrow_labels_drawn;
  }

  // Legend and level-of-detail notes, bottom left.
  float y = max.y - body * 1.5f;
  if (replaying) {
    const ReplaySnapshot& at = replay.snapshot();
    const std::string legend = std::to_string(at.in_flight.size()) + " transfer" +
                               (at.in_flight.size() == 1 ? "" : "s") + " in flight at the playhead";
    draw->AddRectFilled(ImVec2(min.x, y + body * 0.2f), ImVec2(min.x + body, y + body),
                        phase_color);
    draw->AddText(ImVec2(min.x + body * 1.4f, y), palette.text, legend.c_str());
    y -= body * 1.4f;
    draw->AddCircleFilled(ImVec2(min.x + body * 0.5f, y + body * 0.6f), body * 0.45f, palette.grid);
    draw->AddCircle(ImVec2(min.x + body * 0.5f, y + body * 0.6f), body * 0.45f, palette.edge);
    draw->AddText(ImVec2(min.x + body * 1.4f, y), palette.text, "waiting for a peer");
    return;
  }
  if (!labels && !transfers.empty()) {
    // The longest wording that fits the view's width (a narrow presenter
    // view beside the whole table has room for the short one).
    std::string note = stride > 1
                           ? "showing 1 of every " + std::to_string(stride) + " transfers"
                           : "the chunk labels do not fit at this p: the buffer table shows them";
    if (stride <= 1 && TextSize(frame.fonts.body, body, note).x > max.x - min.x) {
      note = "chunk labels: see the buffer table";
    }
    draw->AddText(ImVec2(min.x, y), palette.text_dim, note.c_str());
    y -= body * 1.4f;
  }
  if (!transfers.empty()) {
    const std::string legend = by_channel ? "tree 1 / tree 2" : std::string(state.Phase());
    draw->AddRectFilled(ImVec2(min.x, y + body * 0.2f), ImVec2(min.x + body, y + body),
                        by_channel ? palette.tree[0] : phase_color);
    if (by_channel) {
      draw->AddRectFilled(ImVec2(min.x + body * 1.2f, y + body * 0.2f),
                          ImVec2(min.x + body * 2.2f, y + body), palette.tree[1]);
    }
    const char* op = transfers.front().transfer.op == engine::TransferOp::kReduce
                         ? "  (receiver adds)"
                         : "  (receiver copies)";
    draw->AddText(ImVec2(min.x + body * (by_channel ? 2.6f : 1.4f), y), palette.text,
                  (legend + op).c_str());
  } else if (state.step() == 0) {
    draw->AddText(ImVec2(min.x, y), palette.text_dim,
                  "Initial state: press Right (or PageDown) to run the first step");
  }
}

}  // namespace collscope::gui
