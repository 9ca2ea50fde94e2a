#pragma once

#include <string>

struct ImFont;

namespace collscope::gui {

// The fonts every panel draws with. DejaVu (fonts-dejavu-core) when it is
// installed, ImGui's built-in font otherwise.
struct Fonts {
  ImFont* body = nullptr;   // text, tables, controls
  ImFont* big = nullptr;    // rank numbers and arrow labels in the views
  ImFont* title = nullptr;  // the presenter's heading
  ImFont* code = nullptr;   // program listings: monospace, at the body size
  float body_px = 0;
  bool dejavu = false;
  std::string source;  // the file used, or "ImGui default font"
};

// The body text of a window `window_h` tall (screen coordinates), before
// the +/- keys, presenter mode's 1.5x and HiDPI: 1/54 of the height, from 14
// to 24 px (20 px at 1080p, 14 px at 720p). Read every frame, so a window
// moved to a projector or made fullscreen on one follows its height.
float BodyTextPx(float window_h);

// The smallest text a panel may shrink to so that it still fits (the buffer
// table's cells, replay tags, tree node numbers), for a screen `screen_h`
// pixels tall: 1/72 of the height in the normal window (15 px at 1080p, 14 px
// at 720p: a seminar room), 1/45 in presenter mode (24 px at 1080p, 16 px at
// 720p: a hall). docs/gui.md, "Text sizes", says why.
float FloorTextPx(float screen_h, bool presenter);

// Clears ImGui's font atlas and fills it at `body_px` (the caller then
// rebuilds the renderer's font texture).
Fonts BuildFonts(float body_px);

// The path of a DejaVu font file, or "" when none is installed.
std::string FindDejaVu(const char* file_name);

}  // namespace collscope::gui
