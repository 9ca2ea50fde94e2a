#pragma once

#include "app/app_state.h"
#include "app/gui/window.h"
#include "app/render/fonts.h"
#include "app/render/theme.h"

namespace collscope::gui {

// The view settings made real each frame: the fonts at the asked size (times
// the monitor's scale, and larger in presenter mode), the theme's colours
// and fullscreen.
class Display {
 public:
  // `batch`: a run that saves pictures keeps its window size in presenter
  // mode instead of going fullscreen.
  void Apply(AppState& state, Window& window, bool batch);

  const Fonts& fonts() const { return fonts_; }
  const Palette& palette() const { return palette_; }

 private:
  Fonts fonts_;
  float built_font_px_ = 0;
  Theme built_theme_ = Theme::kLight;
  bool theme_built_ = false;
  bool fullscreen_ = false;
  bool presenter_applied_ = false;
  Palette palette_ = MakePalette(Theme::kLight);
};

}  // namespace collscope::gui
