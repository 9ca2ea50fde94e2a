#include "app/gui/display.h"

#include <algorithm>
#include <cmath>

namespace collscope::gui {

namespace {

constexpr float kPresenterFontScale = 1.5f;
constexpr float kMinFontPx = 10.0f, kMaxFontPx = 64.0f;

}  // namespace

void Display::Apply(AppState& state, Window& window, bool batch) {
  ViewSettings& view = state.view;
  const float base = view.font_base_px > 0
                         ? view.font_base_px
                         : BodyTextPx(static_cast<float>(window.WindowSize().height));
  // Kept inside the range, so that a key pressed past the end does not need
  // as many presses back before it shows.
  view.font_adjust_px = std::clamp(view.font_adjust_px, kMinFontPx - base, kMaxFontPx - base);
  view.font_px = base + view.font_adjust_px;
  const float scaled = view.font_px * (view.presenter ? kPresenterFontScale : 1.0f);
  const float px = std::round(scaled * std::max(1.0f, window.ContentScale()));
  if (px != built_font_px_) {
    fonts_ = BuildFonts(px);
    window.RebuildFontsTexture();
    built_font_px_ = px;
    theme_built_ = false;  // sizes follow the font
  }
  if (!theme_built_ || built_theme_ != view.theme) {
    ApplyTheme(view.theme, px);
    palette_ = MakePalette(view.theme);
    built_theme_ = view.theme;
    theme_built_ = true;
  }
  // Presenter mode is fullscreen, except in batch runs whose pictures keep
  // the size asked for.
  if (view.presenter != presenter_applied_) {
    presenter_applied_ = view.presenter;
    if (!batch) view.fullscreen = view.presenter;
  }
  if (view.fullscreen != fullscreen_) {
    fullscreen_ = view.fullscreen;
    if (!window.SetFullscreen(fullscreen_)) {
      view.fullscreen = fullscreen_ = false;
      state.set_message("fullscreen: no monitor found");
    }
  }
}

}  // namespace collscope::gui
