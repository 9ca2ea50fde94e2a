// An NCCL_DEBUG=INFO log's topology in the centre: the ring of one channel
// (ranks on a circle in the order `Channel cc/NN :` printed them, each link
// coloured by the transport NCCL chose: P2P inside a node, SHM through host
// memory, NET between nodes), or the tree of one channel as `Trees [c]`
// printed each rank's parent and children.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/panels/trace_topology.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// Above this many ranks the links carry no transport label (the colours
// and the legend still say it).
constexpr std::size_t kMaxLabelledLinks = 16;

// "P2P/CUMEM/read" -> "P2P": the part a student compares.
std::string_view TransportClass(std::string_view transport) {
  const std::size_t slash = transport.find('/');
  return transport.substr(0, slash);
}

ImU32 TransportColor(const Palette& palette, std::string_view transport) {
  const std::string_view kind = TransportClass(transport);
  if (kind == "P2P") return palette.tree[0];
  if (kind == "SHM") return palette.phase_other[0];
  if (kind == "NET") return palette.tree[1];
  if (kind == "COLLNET" || kind == "NVLS") return palette.phase_other[1];
  return palette.edge;
}

// The transport NCCL printed for src -> dst on `channel` (any channel when
// that one has no line; "" when the log has none).
std::string_view FindTransport(const trace::Topology& topology, int src, int dst, int channel) {
  std::string_view any;
  for (const trace::Link& link : topology.links) {
    if (link.src != src || link.dst != dst) continue;
    if (link.channel == channel) return link.transport;
    if (any.empty()) any = link.transport;
  }
  return any;
}

struct Legend {
  std::map<std::string, int> transports;  // full transport text -> links drawn
  bool unknown = false;

  // One link drawn: its transport counted, or "not in the log".
  void Count(std::string_view transport) {
    if (transport.empty()) {
      unknown = true;
    } else {
      ++transports[std::string(transport)];
    }
  }
};

void DrawLegend(FrameContext& frame, ImVec2 min, ImVec2 max, const Legend& legend) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Fonts& fonts = frame.fonts;
  const float line = fonts.body_px * 1.35f;
  float y =
      max.y - line * (static_cast<float>(legend.transports.size()) + (legend.unknown ? 1 : 0));
  auto row = [&](const std::string& text, ImU32 color) {
    draw->AddLine(ImVec2(min.x, y + line * 0.45f),
                  ImVec2(min.x + fonts.body_px * 1.6f, y + line * 0.45f), color, 4);
    draw->AddText(fonts.body, fonts.body_px, ImVec2(min.x + fonts.body_px * 2.1f, y),
                  frame.palette.text, text.c_str());
    y += line;
  };
  for (const auto& [transport, count] : legend.transports) {
    row(transport + "  (" + std::to_string(count) + (count == 1 ? " link)" : " links)"),
        TransportColor(frame.palette, transport));
  }
  if (legend.unknown) row("transport not in the log", frame.palette.edge);
}

// The channel switch: "< Channel 3 of 24 >", with a list to jump.
void ChannelSelector(int count, TracePictureUi& ui, const char* what) {
  ui.channel = std::clamp(ui.channel, 0, std::max(0, count - 1));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(what);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##previous-channel", ImGuiDir_Left) && ui.channel > 0) --ui.channel;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const std::string shown =
      "channel " + std::to_string(ui.channel) + " of " + std::to_string(count);
  if (ImGui::BeginCombo("##channel", shown.c_str())) {
    for (int c = 0; c < count; ++c) {
      const std::string item = "channel " + std::to_string(c);
      if (ImGui::Selectable(item.c_str(), c == ui.channel)) ui.channel = c;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next-channel", ImGuiDir_Right) && ui.channel + 1 < count) ++ui.channel;
}

void NodeTooltip(const trace::Trace& trace, int rank, const std::string& more) {
  std::string host;
  int device = -1;
  for (const trace::RankInfo& info : trace.ranks) {
    if (info.rank == rank) {
      host = info.host;
      device = info.device;
    }
  }
  ImGui::BeginTooltip();
  ImGui::Text("rank %d", rank);
  if (!host.empty()) ImGui::Text("host %s", host.c_str());
  if (device >= 0) ImGui::Text("device %d", device);
  if (!more.empty()) ImGui::TextUnformatted(more.c_str());
  ImGui::EndTooltip();
}

void DrawNode(FrameContext& frame, ImVec2 at, float radius, int rank, bool known, bool label) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  draw->AddCircleFilled(at, radius, palette.node_fill, 0);
  draw->AddCircle(at, radius, known ? palette.node_border : palette.edge, 0,
                  radius > 12 ? 3.0f : 1.5f);
  if (label) {
    const float px = std::min(frame.fonts.big->FontSize, radius * 1.1f);
    DrawCentredText(draw, frame.fonts.big, px, at, std::to_string(rank),
                    known ? palette.node_text : palette.empty_text);
  }
  ++frame.record.topology_ranks_drawn;
}

// Where text of `extent` sits just outside a node on a circle round `centre`,
// clear of the node whichever way the text points.
ImVec2 Outside(ImVec2 at, ImVec2 centre, float node_r, ImVec2 extent) {
  const ImVec2 away(at.x - centre.x, at.y - centre.y);
  const float length = std::max(1.0f, std::sqrt(away.x * away.x + away.y * away.y));
  const float out =
      node_r + 4 + 0.5f * (std::fabs(away.x) * extent.x + std::fabs(away.y) * extent.y) / length;
  return ImVec2(at.x + away.x / length * out, at.y + away.y / length * out);
}

std::string HostOf(const trace::Trace& trace, int rank) {
  for (const trace::RankInfo& info : trace.ranks) {
    if (info.rank == rank) return info.host;
  }
  return {};
}

// Consecutive ranks of the ring on one host get an arc outside the circle
// and the host's name at its middle, so the NET links read as the hops
// between machines. False when the ring is on one host (nothing drawn).
template <typename Where>
bool DrawHostArcs(FrameContext& frame, const std::vector<int>& ring, ImVec2 centre,
                  float arc_radius, const Where& where) {
  const trace::Trace& trace = *frame.state.loaded_trace();
  const int n = static_cast<int>(ring.size());
  std::vector<std::string> host(ring.size());
  for (int i = 0; i < n; ++i) host[static_cast<std::size_t>(i)] = HostOf(trace, ring[i]);
  // Start at a change of host, so a machine that wraps past position 0 is
  // one arc.
  int first = -1;
  for (int i = 0; i < n && first < 0; ++i) {
    if (host[static_cast<std::size_t>(i)] != host[static_cast<std::size_t>((i + n - 1) % n)]) {
      first = i;
    }
  }
  if (first < 0) return false;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Fonts& fonts = frame.fonts;
  auto angle_of = [&](ImVec2 at) { return std::atan2(at.y - centre.y, at.x - centre.x); };
  for (int begin = 0; begin < n;) {
    int end = begin + 1;
    const std::string& name = host[static_cast<std::size_t>((first + begin) % n)];
    while (end < n && host[static_cast<std::size_t>((first + end) % n)] == name) ++end;
    float a0 = angle_of(where(first + begin));
    float a1 = angle_of(where(first + end - 1));
    if (a1 < a0) a1 += 2 * std::numbers::pi_v<float>;
    // Half a position past each end, so neighbouring arcs leave a gap.
    const float half = std::numbers::pi_v<float> / static_cast<float>(std::max(n, 2)) * 0.8f;
    draw->PathArcTo(centre, arc_radius, a0 - half, a1 + half, 24);
    draw->PathStroke(frame.palette.grid, 0, 3);
    if (!name.empty()) {
      const float middle = (a0 + a1) / 2;
      const ImVec2 at(centre.x + arc_radius * std::cos(middle),
                      centre.y + arc_radius * std::sin(middle));
      const ImVec2 extent = TextSize(fonts.body, fonts.body_px, name);
      DrawCentredText(draw, fonts.body, fonts.body_px, Outside(at, centre, 2, extent), name,
                      frame.palette.text);
    }
    begin = end;
  }
  return true;
}

bool Hovered(ImVec2 at, float radius) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float dx = mouse.x - at.x;
  const float dy = mouse.y - at.y;
  return ImGui::IsWindowHovered() && dx * dx + dy * dy <= radius * radius;
}

void DrawRing(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui) {
  const trace::Trace& trace = *frame.state.loaded_trace();
  const trace::Topology& topology = trace.topology;
  const int channels = static_cast<int>(topology.rings.size());
  ChannelSelector(channels, ui, "Ring of");
  frame.record.topology_channel = ui.channel;
  const std::vector<std::int32_t>& listed = topology.rings[static_cast<std::size_t>(ui.channel)];
  // A dump cut short, or ranks NCCL never printed: the ring keeps a gap for
  // them, so what the log says is not mistaken for the whole ring.
  std::vector<int> ring;
  std::set<int> seen;
  for (std::int32_t rank : listed) {
    if (rank >= 0 && seen.insert(rank).second) ring.push_back(rank);
  }
  const int ranks = std::max(static_cast<int>(trace.RankCount()), static_cast<int>(ring.size()));
  std::vector<int> missing;
  for (int r = 0; r < ranks && missing.size() < 4096; ++r) {
    if (!seen.count(r)) missing.push_back(r);
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Palette& palette = frame.palette;
  const Fonts& fonts = frame.fonts;
  std::string note = CountOf(static_cast<long long>(ring.size()), "rank") + " in ring order";
  for (int c = 0; c < ui.channel; ++c) {
    if (topology.rings[static_cast<std::size_t>(c)] == listed) {
      // NCCL duplicates its channels: ring c + N/2 repeats ring c.
      note += "; the same order as channel " + std::to_string(c);
      break;
    }
  }
  if (!missing.empty()) {
    note += "; " + std::to_string(missing.size()) + " of " + CountOf(ranks, "rank") +
            (missing.size() == 1 ? " is" : " are") + " not in the log's ring (gap)";
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette.text_dim), "%s", note.c_str());
  min.y = ImGui::GetCursorScreenPos().y;
  if (ring.empty() || max.x - min.x < 60 || max.y - min.y < 60) return;

  const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2);
  // Room outside the circle for the rank numbers or host names.
  const float margin = fonts.body_px * 4.0f;
  const float radius = std::max(10.0f, std::min(max.x - min.x, max.y - min.y) / 2 - margin);
  const int slots = static_cast<int>(ring.size()) + (missing.empty() ? 0 : 1);
  const float spacing =
      2 * radius * static_cast<float>(std::sin(std::numbers::pi / std::max(slots, 2)));
  const float node_r = std::clamp(spacing * 0.32f, 3.0f, fonts.big->FontSize * 1.1f);
  auto where = [&](int i) {
    const double angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * i / slots;
    return ImVec2(centre.x + radius * static_cast<float>(std::cos(angle)),
                  centre.y + radius * static_cast<float>(std::sin(angle)));
  };
  const bool labels = ring.size() <= kMaxLabelledLinks;
  Legend legend;
  const int n = static_cast<int>(ring.size());
  // Each rank sends to the next in ring order; the last to the first when
  // the ring is whole.
  const int links = missing.empty() ? n : n - 1;
  for (int i = 0; i < links && n > 1; ++i) {
    const int src = ring[static_cast<std::size_t>(i)];
    const int dst = ring[static_cast<std::size_t>((i + 1) % n)];
    const std::string_view transport = FindTransport(topology, src, dst, ui.channel);
    const ImU32 color = TransportColor(palette, transport);
    legend.Count(transport);
    const ImVec2 a = where(i);
    const ImVec2 b = where(i + 1);
    const float dx = b.x - a.x;
    const float dy = b.y - a.y;
    const float length = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
    const float gap = node_r + 3;
    const ImVec2 from(a.x + dx / length * gap, a.y + dy / length * gap);
    const ImVec2 to(b.x - dx / length * gap, b.y - dy / length * gap);
    const float thickness = n <= 16 ? 4.0f : 3.0f;
    DrawArrow(draw, MakeCurve(from, to, length * 0.1f), color, thickness,
              std::min(node_r * 1.2f, fonts.big->FontSize * 0.7f), 8);
    ++frame.record.topology_links_drawn;
    if (labels && !transport.empty()) {
      // Outside the circle, beside the arrow's middle.
      const ImVec2 mid((a.x + b.x) / 2, (a.y + b.y) / 2);
      const ImVec2 out(mid.x - centre.x, mid.y - centre.y);
      const float out_length = std::max(1.0f, std::sqrt(out.x * out.x + out.y * out.y));
      const float push = fonts.body_px * 1.6f;
      DrawLabel(draw, fonts.body, fonts.body_px,
                ImVec2(mid.x + out.x / out_length * push, mid.y + out.y / out_length * push),
                TransportClass(transport), palette.text, palette.label_fill, color);
    }
  }
  if (!missing.empty() && n > 0) {
    // The gap: the log does not say who follows the last rank it printed.
    const ImVec2 gap_at = where(n);
    DrawCentredText(draw, fonts.big, fonts.big->FontSize, gap_at, "…", palette.text_dim);
  }
  // Rank numbers inside the nodes while they fit, else outside, every k-th
  // where neighbours would collide.
  const bool inside = node_r >= fonts.body_px * 0.45f;
  const bool several_hosts = DrawHostArcs(frame, ring, centre, radius + node_r + 6, where);
  const float number_w = TextSize(fonts.body, fonts.body_px, std::to_string(ranks)).x;
  const int every = std::max(
      1, static_cast<int>(std::ceil((number_w + fonts.body_px * 0.4f) / std::max(1.0f, spacing))));
  for (int i = 0; i < n; ++i) {
    const ImVec2 at = where(i);
    const int rank = ring[static_cast<std::size_t>(i)];
    DrawNode(frame, at, node_r, rank, true, inside);
    if (!inside && !several_hosts && i % every == 0) {
      const std::string number = std::to_string(rank);
      const ImVec2 extent = TextSize(fonts.body, fonts.body_px, number);
      DrawCentredText(draw, fonts.body, fonts.body_px, Outside(at, centre, node_r, extent), number,
                      palette.text);
    }
    if (Hovered(at, node_r + 2)) {
      const int prev = ring[static_cast<std::size_t>((i + n - 1) % n)];
      const int next = ring[static_cast<std::size_t>((i + 1) % n)];
      std::string more =
          "receives from " + std::to_string(prev) + ", sends to " + std::to_string(next);
      const std::string_view transport = FindTransport(topology, rank, next, ui.channel);
      if (!transport.empty()) more += " via " + std::string(transport);
      NodeTooltip(trace, rank, more);
    }
  }
  DrawLegend(frame, ImVec2(min.x, min.y), max, legend);
}

// Where each rank of one channel's tree goes: leaves get successive columns
// in depth-first order, a parent sits over the middle of its children.
struct TreeLayout {
  std::map<int, std::pair<float, int>> at;  // rank -> (column, level)
  std::vector<std::pair<int, int>> edges;   // (parent, child)
  std::set<int> unlisted;                   // children the log names but gives no line
  float columns = 0;
  int levels = 0;
};

TreeLayout LayOutTree(const trace::Tree& tree) {
  TreeLayout layout;
  std::map<int, const trace::TreeNode*> nodes;
  for (const trace::TreeNode& node : tree.nodes) nodes[node.rank] = &node;
  std::set<int> placed;
  // Iterative post-order, so a long chain (NCCL's intra-node trees) cannot
  // overflow the stack, and a cycle in a damaged log stops at a seen rank.
  auto place = [&](int root) {
    struct Frame {
      int rank;
      int level;
      std::size_t next_child;
    };
    std::vector<Frame> stack{{root, 0, 0}};
    placed.insert(root);
    while (!stack.empty()) {
      Frame& top = stack.back();
      const auto found = nodes.find(top.rank);
      const std::vector<std::int32_t> none;
      const std::vector<std::int32_t>& children =
          found != nodes.end() ? found->second->children : none;
      if (found == nodes.end()) layout.unlisted.insert(top.rank);
      if (top.next_child < children.size()) {
        const int child = children[top.next_child++];
        if (child < 0 || placed.count(child)) continue;
        placed.insert(child);
        layout.edges.emplace_back(top.rank, child);
        stack.push_back({child, top.level + 1, 0});
        continue;
      }
      float sum = 0;
      int count = 0;
      for (const std::int32_t child : children) {
        const auto it = layout.at.find(child);
        if (child >= 0 && it != layout.at.end() && it->second.second == top.level + 1) {
          sum += it->second.first;
          ++count;
        }
      }
      const float column = count > 0 ? sum / static_cast<float>(count) : layout.columns++;
      layout.at[top.rank] = {column, top.level};
      layout.levels = std::max(layout.levels, top.level + 1);
      stack.pop_back();
    }
  };
  for (const trace::TreeNode& node : tree.nodes) {
    if (node.parent < 0 || !nodes.count(node.parent)) {
      if (!placed.count(node.rank)) place(node.rank);
    }
  }
  // Ranks on a cycle (no root reaches them): each starts a tree of its own.
  for (const trace::TreeNode& node : tree.nodes) {
    if (!placed.count(node.rank)) place(node.rank);
  }
  return layout;
}

void DrawTree(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui) {
  const trace::Trace& trace = *frame.state.loaded_trace();
  const trace::Topology& topology = trace.topology;
  const int channels = static_cast<int>(topology.trees.size());
  ChannelSelector(channels, ui, "Tree of");
  const trace::Tree& tree = topology.trees[static_cast<std::size_t>(ui.channel)];
  frame.record.topology_channel = tree.channel;
  const TreeLayout layout = LayOutTree(tree);
  const Palette& palette = frame.palette;
  const Fonts& fonts = frame.fonts;
  std::string note = "NCCL channel " + std::to_string(tree.channel) + ": " +
                     CountOf(static_cast<long long>(layout.at.size()), "rank") +
                     "; reduce goes up to the root, broadcast comes down";
  if (!layout.unlisted.empty()) {
    note += "; " + CountOf(static_cast<long long>(layout.unlisted.size()), "rank") +
            " named as children " + (layout.unlisted.size() == 1 ? "has" : "have") +
            " no Trees line (grey)";
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette.text_dim), "%s", note.c_str());
  min.y = ImGui::GetCursorScreenPos().y + fonts.body_px * 0.5f;
  if (layout.at.empty() || max.x - min.x < 60 || max.y - min.y < 60) return;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float legend_h = fonts.body_px * 4.5f;
  const float width = max.x - min.x;
  const float height = std::max(20.0f, max.y - min.y - legend_h);
  const float column_w = width / std::max(1.0f, layout.columns);
  const float level_h = height / static_cast<float>(std::max(1, layout.levels));
  const float node_r =
      std::clamp(std::min(column_w * 0.32f, level_h * 0.3f), 3.0f, fonts.big->FontSize * 1.1f);
  auto where = [&](int rank) {
    const auto& [column, level] = layout.at.at(rank);
    return ImVec2(min.x + (column + 0.5f) * column_w,
                  min.y + (static_cast<float>(level) + 0.5f) * level_h);
  };
  Legend legend;
  const bool labels = layout.edges.size() <= kMaxLabelledLinks;
  for (const auto& [parent, child] : layout.edges) {
    // Tree links are printed child -> parent or parent -> child; either says
    // the transport of the edge.
    std::string_view transport = FindTransport(topology, child, parent, tree.channel);
    if (transport.empty()) transport = FindTransport(topology, parent, child, tree.channel);
    const ImU32 color = TransportColor(palette, transport);
    legend.Count(transport);
    const ImVec2 a = where(parent);
    const ImVec2 b = where(child);
    draw->AddLine(a, b, color, layout.edges.size() <= 64 ? 4.0f : 2.0f);
    ++frame.record.topology_links_drawn;
    if (labels && !transport.empty() && level_h > fonts.body_px * 3) {
      DrawLabel(draw, fonts.body, fonts.body_px, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2),
                TransportClass(transport), palette.text, palette.label_fill, color);
    }
  }
  std::set<std::string> hosts;
  for (const trace::RankInfo& info : trace.ranks) hosts.insert(info.host);
  // Hosts under small trees: an edge between machines is a NET hop.
  const bool host_names = hosts.size() > 1 && layout.at.size() <= kMaxLabelledLinks &&
                          level_h > node_r * 2 + fonts.body_px * 1.2f;
  for (const auto& [rank, place] : layout.at) {
    const ImVec2 at = where(rank);
    const bool known = !layout.unlisted.count(rank);
    DrawNode(frame, at, node_r, rank, known, node_r >= fonts.body_px * 0.45f);
    if (host_names) {
      DrawCentredText(ImGui::GetWindowDrawList(), fonts.body, fonts.body_px,
                      ImVec2(at.x, at.y + node_r + fonts.body_px * 0.7f), HostOf(trace, rank),
                      palette.text);
    }
    if (Hovered(at, node_r + 2)) {
      std::string more;
      for (const trace::TreeNode& node : tree.nodes) {
        if (node.rank != rank) continue;
        more = node.parent < 0 ? "root" : "parent " + std::to_string(node.parent);
        for (std::size_t i = 0; i < node.children.size(); ++i) {
          more += (i == 0 ? "; children " : ", ") + std::to_string(node.children[i]);
        }
      }
      if (!known) more = "named as a child; no Trees line for it in the log";
      NodeTooltip(trace, rank, more);
    }
  }
  DrawLegend(frame, min, max, legend);
}

}  // namespace

void DrawTraceTopology(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui) {
  const trace::Trace* trace = frame.state.loaded_trace();
  if (!trace) return;
  if (ui.picture == TracePicture::kRings && !trace->topology.rings.empty()) {
    DrawRing(frame, min, max, ui);
  } else if (!trace->topology.trees.empty()) {
    DrawTree(frame, min, max, ui);
  }
}

}  // namespace collscope::gui
