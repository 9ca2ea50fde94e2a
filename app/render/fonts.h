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
  float body_px = 0;
  bool dejavu = false;
  std::string source;  // the file used, or "ImGui default font"
};

// Clears ImGui's font atlas and fills it at `body_px` (the caller then
// rebuilds the renderer's font texture).
Fonts BuildFonts(float body_px);

// The path of a DejaVu font file, or "" when none is installed.
std::string FindDejaVu(const char* file_name);

}  // namespace collscope::gui
