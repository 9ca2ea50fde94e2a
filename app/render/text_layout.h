#pragma once

#include <map>
#include <string>
#include <vector>

#include "imgui.h"

namespace collscope::gui {

// One run of text as ImGui drew it: its glyphs' box before clipping, the clip
// rectangle it was drawn in, and whether ImGui had to cut it.
struct TextItem {
  ImVec2 min;
  ImVec2 max;
  ImVec4 clip;  // x0, y0, x1, y1 as in ImDrawCmd::ClipRect
  bool clipped = false;
  // The window that drew it, by its ID ("table" for "Buffer table…###table"
  // and its child windows): a test can ask one panel to fit.
  std::string window;
};

// What --dump-state reports as `layout`: text items cut by their clip
// rectangle, and pairs of text items whose visible parts overlap.
struct TextLayoutCounts {
  int text_items = 0;
  int clipped_text = 0;
  int overlapping_text = 0;
  int truncated_titles = 0;  // window titles wider than their title bar
  // The first few offenders' boxes (min, max), to find them on a screenshot.
  std::vector<std::pair<ImVec2, ImVec2>> clipped_boxes;
  std::vector<std::pair<ImVec2, ImVec2>> overlapping_boxes;  // one of each pair
  // The same two counts per window (an overlap counts in both windows).
  struct WindowCounts {
    int clipped_text = 0;
    int overlapping_text = 0;
    // The window (or a child of it) has a scrollbar: the text it cuts at
    // that edge is scrolled out of view, not lost.
    bool scrolls = false;
  };
  std::map<std::string, WindowCounts> windows;
  // The windows with a close button in their title bar, by key (presenter
  // mode has none: nothing the lecturer did not mean to show).
  std::vector<std::string> close_buttons;
};

// A window's key in TextLayoutCounts::windows: its ID after "###" if it has
// one, else its name, without a child window's "/child" suffix.
std::string WindowKey(const char* imgui_name);

// Reads the text back from ImGui's own draw lists after ImGui::Render(): a
// glyph is a quad whose texture coordinates are one of the atlas's glyphs
// (ImFont::RenderText, imgui_draw.cpp 1.86, writes each glyph as 4 vertices
// and 6 indices). Consecutive glyphs of one colour on one line form an item;
// a glyph drawn left of where the previous one started begins another item,
// so two labels drawn over each other are two items. A glyph ImGui trimmed
// (a clip rectangle given to AddText) or one reaching past its command's
// clip rectangle marks its item clipped.
std::vector<TextItem> ReadTextItems(const ImDrawData& data, const ImFontAtlas& atlas);

// Counts for the frame just rendered: the items above, plus the windows whose
// title does not fit their title bar (from ImGui's window list).
TextLayoutCounts CountTextLayout(const std::vector<TextItem>& items);
TextLayoutCounts MeasureTextLayout();

}  // namespace collscope::gui
