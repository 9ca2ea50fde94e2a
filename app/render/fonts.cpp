#include "app/render/fonts.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "imgui.h"

namespace collscope::gui {

namespace {

// Latin, Greek (alpha, beta, gamma), punctuation (the ellipsis of "a0+…+a63"),
// arrows, math operators and the check mark the views use. ImGui keeps a
// pointer to this table, so it lives as long as the program.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 (×, µ, ·)
    0x0391, 0x03C9,  // Greek
    0x2010, 0x2027,  // dashes, bullets, ellipsis
    0x2190, 0x21FF,  // arrows
    0x2200, 0x22FF,  // math operators (≤, ≈, Σ)
    0x25A0, 0x25FF,  // geometric shapes (■, ▶)
    0x2713, 0x2714,  // check marks
    0,
};

}  // namespace

float BodyTextPx(float window_h) { return std::clamp(std::round(window_h / 54), 14.0f, 24.0f); }

float FloorTextPx(float screen_h, bool presenter) {
  return presenter ? std::max(16.0f, std::round(screen_h / 45))
                   : std::max(14.0f, std::round(screen_h / 72));
}

std::string FindDejaVu(const char* file_name) {
  const char* dirs[] = {"/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
                        "/usr/local/share/fonts/dejavu"};
  for (const char* dir : dirs) {
    std::filesystem::path path = std::filesystem::path(dir) / file_name;
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) return path.string();
  }
  return {};
}

Fonts BuildFonts(float body_px) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  fonts.body_px = body_px;
  const std::string sans = FindDejaVu("DejaVuSans.ttf");
  const std::string bold = FindDejaVu("DejaVuSans-Bold.ttf");
  if (!sans.empty()) {
    ImFontConfig config;
    config.OversampleH = 2;
    fonts.body = io.Fonts->AddFontFromFileTTF(sans.c_str(), body_px, &config, kGlyphRanges);
    const std::string& heavy = bold.empty() ? sans : bold;
    fonts.big = io.Fonts->AddFontFromFileTTF(heavy.c_str(), body_px * 1.35f, &config, kGlyphRanges);
    fonts.title =
        io.Fonts->AddFontFromFileTTF(heavy.c_str(), body_px * 1.6f, &config, kGlyphRanges);
    // Code columns line up only in a monospace face.
    const std::string mono = FindDejaVu("DejaVuSansMono.ttf");
    if (!mono.empty()) {
      fonts.code = io.Fonts->AddFontFromFileTTF(mono.c_str(), body_px, &config, kGlyphRanges);
    }
  }
  if (fonts.body && fonts.big && fonts.title) {
    fonts.dejavu = true;
    fonts.source = sans;
  } else {
    // ImGui's ProggyClean is a 13 px bitmap font: scale it instead.
    io.Fonts->Clear();
    ImFontConfig config;
    config.SizePixels = body_px;
    fonts.body = io.Fonts->AddFontDefault(&config);
    fonts.big = fonts.body;
    fonts.title = fonts.body;
    fonts.source = "ImGui default font";
  }
  if (!fonts.code) fonts.code = fonts.body;
  io.FontDefault = fonts.body;
  io.Fonts->Build();
  return fonts;
}

}  // namespace collscope::gui
