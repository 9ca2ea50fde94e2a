#include "app/render/text_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "imgui_internal.h"

namespace collscope::gui {

namespace {

// A pixel of slack: glyph boxes are rounded to the pixel grid and touch their
// neighbours on the next line.
constexpr float kSlackPx = 1.0f;
constexpr std::size_t kExamples = 16;

struct GlyphUv {
  float u0, v0, u1, v1;
};

// The atlas's glyphs by one corner of their texture rectangle, so that a
// glyph trimmed on one side is still found by the opposite corner.
class GlyphIndex {
 public:
  explicit GlyphIndex(const ImFontAtlas& atlas) {
    for (const ImFont* font : atlas.Fonts) {
      for (const ImFontGlyph& glyph : font->Glyphs) {
        if (!glyph.Visible) continue;
        const GlyphUv uv{glyph.U0, glyph.V0, glyph.U1, glyph.V1};
        top_left_.try_emplace(Key(uv.u0, uv.v0), uv);
        bottom_right_.try_emplace(Key(uv.u1, uv.v1), uv);
      }
    }
  }

  enum class Match { kNone, kWhole, kTrimmed };

  Match Find(const GlyphUv& quad) const {
    auto inside = [&](const GlyphUv& g) {
      return quad.u0 >= g.u0 && quad.u1 <= g.u1 && quad.v0 >= g.v0 && quad.v1 <= g.v1;
    };
    if (auto it = top_left_.find(Key(quad.u0, quad.v0)); it != top_left_.end()) {
      const GlyphUv& g = it->second;
      if (g.u1 == quad.u1 && g.v1 == quad.v1) return Match::kWhole;
      if (inside(g)) return Match::kTrimmed;
    }
    if (auto it = bottom_right_.find(Key(quad.u1, quad.v1)); it != bottom_right_.end()) {
      if (inside(it->second)) return Match::kTrimmed;
    }
    return Match::kNone;
  }

 private:
  static std::uint64_t Key(float u, float v) {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::memcpy(&a, &u, sizeof a);
    std::memcpy(&b, &v, sizeof b);
    return (static_cast<std::uint64_t>(a) << 32) | b;
  }
  std::unordered_map<std::uint64_t, GlyphUv> top_left_;
  std::unordered_map<std::uint64_t, GlyphUv> bottom_right_;
};

ImVec2 VisibleMin(const TextItem& item) {
  return ImVec2(std::max(item.min.x, item.clip.x), std::max(item.min.y, item.clip.y));
}
ImVec2 VisibleMax(const TextItem& item) {
  return ImVec2(std::min(item.max.x, item.clip.z), std::min(item.max.y, item.clip.w));
}

// Whether a glyph at [min, max] carries on the item: the same colour and
// clip, on its line, starting right of the last glyph's start and no more
// than a couple of spaces after its end.
bool Continues(const TextItem& item, ImU32 item_col, ImVec2 last_min, ImVec2 last_max, ImVec2 min,
               ImVec2 max, ImU32 col, const ImVec4& clip) {
  if (col != item_col || clip.x != item.clip.x || clip.y != item.clip.y || clip.z != item.clip.z ||
      clip.w != item.clip.w) {
    return false;
  }
  const float line_h = std::max(item.max.y - item.min.y, max.y - min.y);
  const float centre = (min.y + max.y) / 2;
  if (centre < item.min.y - kSlackPx || centre > item.max.y + kSlackPx) return false;
  // A glyph's box may start a little left of the previous glyph's end
  // (negative bearings), never left of its start.
  if (min.x < last_min.x + kSlackPx) return false;
  if (min.x < last_max.x - std::max(2.0f, 0.25f * (last_max.x - last_min.x))) return false;
  return min.x <= last_max.x + line_h;
}

}  // namespace

std::string WindowKey(const char* imgui_name) {
  if (imgui_name == nullptr) return "";
  std::string name(imgui_name);
  if (const auto id = name.find("###"); id != std::string::npos) name = name.substr(id + 3);
  if (const auto child = name.find('/'); child != std::string::npos) name.resize(child);
  return name;
}

std::vector<TextItem> ReadTextItems(const ImDrawData& data, const ImFontAtlas& atlas) {
  const GlyphIndex glyphs(atlas);
  std::vector<TextItem> items;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    // ImDrawList::_OwnerName (imgui.h 1.86): the owning window's name.
    const std::string window = WindowKey(list._OwnerName);
    bool open = false;  // items.back() may take the next glyph
    ImU32 item_col = 0;
    ImVec2 last_min;
    ImVec2 last_max;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback != nullptr || cmd.TextureId != atlas.TexID) {
        open = false;
        continue;
      }
      const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
      const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
      for (unsigned i = 0; i + 3 <= cmd.ElemCount;) {
        // ImFont::RenderText's glyph: indices v, v+1, v+2, v, v+2, v+3.
        const unsigned v = idx[i];
        const bool quad = i + 6 <= cmd.ElemCount && idx[i + 1] == v + 1 && idx[i + 2] == v + 2 &&
                          idx[i + 3] == v && idx[i + 4] == v + 2 && idx[i + 5] == v + 3;
        if (!quad) {
          i += 3;
          continue;
        }
        i += 6;
        const ImDrawVert& a = vtx[v];
        const ImDrawVert& c = vtx[v + 2];
        const GlyphIndex::Match match = glyphs.Find({a.uv.x, a.uv.y, c.uv.x, c.uv.y});
        if (match == GlyphIndex::Match::kNone) {
          open = false;  // a filled rectangle between glyphs ends the item
          continue;
        }
        const ImVec2 min = a.pos;
        const ImVec2 max = c.pos;
        if (!open ||
            !Continues(items.back(), item_col, last_min, last_max, min, max, a.col, cmd.ClipRect)) {
          items.push_back({min, max, cmd.ClipRect, false, window});
          item_col = a.col;
          open = true;
        }
        TextItem& item = items.back();
        item.min = ImVec2(std::min(item.min.x, min.x), std::min(item.min.y, min.y));
        item.max = ImVec2(std::max(item.max.x, max.x), std::max(item.max.y, max.y));
        if (match == GlyphIndex::Match::kTrimmed) item.clipped = true;
        last_min = min;
        last_max = max;
      }
    }
  }
  for (TextItem& item : items) {
    if (item.min.x < item.clip.x - kSlackPx || item.min.y < item.clip.y - kSlackPx ||
        item.max.x > item.clip.z + kSlackPx || item.max.y > item.clip.w + kSlackPx) {
      item.clipped = true;
    }
  }
  return items;
}

TextLayoutCounts CountTextLayout(const std::vector<TextItem>& items) {
  TextLayoutCounts counts;
  counts.text_items = static_cast<int>(items.size());
  // Sweep over the visible boxes sorted by their left edge.
  struct Box {
    ImVec2 min;
    ImVec2 max;
    const std::string* window;
  };
  std::vector<Box> boxes;
  for (const TextItem& item : items) {
    if (item.clipped) {
      ++counts.clipped_text;
      ++counts.windows[item.window].clipped_text;
      if (counts.clipped_boxes.size() < kExamples)
        counts.clipped_boxes.emplace_back(item.min, item.max);
    }
    const ImVec2 min = VisibleMin(item);
    const ImVec2 max = VisibleMax(item);
    if (max.x - min.x > kSlackPx && max.y - min.y > kSlackPx) {
      boxes.push_back({min, max, &item.window});
    }
  }
  std::sort(boxes.begin(), boxes.end(),
            [](const Box& a, const Box& b) { return a.min.x < b.min.x; });
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      if (boxes[j].min.x >= boxes[i].max.x - kSlackPx) break;
      const float h =
          std::min(boxes[i].max.y, boxes[j].max.y) - std::max(boxes[i].min.y, boxes[j].min.y);
      if (h <= kSlackPx) continue;
      ++counts.overlapping_text;
      ++counts.windows[*boxes[i].window].overlapping_text;
      if (*boxes[j].window != *boxes[i].window) ++counts.windows[*boxes[j].window].overlapping_text;
      if (counts.overlapping_boxes.size() < kExamples) {
        counts.overlapping_boxes.emplace_back(boxes[i].min, boxes[i].max);
        counts.overlapping_boxes.emplace_back(boxes[j].min, boxes[j].max);
      }
    }
  }
  return counts;
}

TextLayoutCounts MeasureTextLayout() {
  const ImDrawData* data = ImGui::GetDrawData();
  TextLayoutCounts counts;
  if (data != nullptr && data->Valid) {
    counts = CountTextLayout(ReadTextItems(*data, *ImGui::GetIO().Fonts));
  }
  // A title wider than its bar (imgui.cpp 1.86, RenderWindowTitleBarContents:
  // the frame padding on both sides, the collapse and close buttons).
  const ImGuiContext& g = *GImGui;
  for (const ImGuiWindow* window : g.Windows) {
    if (!window->Active || window->Hidden) continue;
    if (window->ScrollMax.x <= 0 && window->ScrollMax.y <= 0) continue;
    auto it = counts.windows.find(WindowKey(window->Name));
    if (it != counts.windows.end()) it->second.scrolls = true;
  }
  const ImGuiStyle& style = g.Style;
  for (const ImGuiWindow* window : g.Windows) {
    if (!window->Active || window->Hidden || (window->Flags & ImGuiWindowFlags_NoTitleBar)) {
      continue;
    }
    if (window->HasCloseButton) counts.close_buttons.push_back(WindowKey(window->Name));
    const char* end = ImGui::FindRenderedTextEnd(window->Name);
    const float text_w = ImGui::CalcTextSize(window->Name, end, true).x;
    float room = window->TitleBarRect().GetWidth() - 2 * style.FramePadding.x;
    if (window->HasCloseButton) room -= g.FontSize;
    if (!(window->Flags & ImGuiWindowFlags_NoCollapse) &&
        style.WindowMenuButtonPosition != ImGuiDir_None) {
      room -= g.FontSize;
    }
    if (text_w > room + style.ItemInnerSpacing.x) ++counts.truncated_titles;
  }
  return counts;
}

}  // namespace collscope::gui
