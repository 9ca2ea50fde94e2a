#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app_state.h"

namespace collscope::gui {

// Everything `collscope gui ...` can be told on its command line.
struct GuiOptions {
  std::optional<std::string> lesson_id;  // --lesson ID
  std::optional<Config> setup;           // -c/-a/-p/--root instead of a lesson
  std::optional<double> bytes;           // -n BYTES
  std::optional<std::string> preset;     // --preset NAME
  std::optional<std::int64_t> step;      // --step K
  std::optional<std::string> trace;      // --trace FILE
  bool presenter = false;                // --presenter
  Theme theme = Theme::kLight;           // --theme light|dark
  bool theme_given = false;
  std::optional<std::string> screenshot;  // --screenshot OUT.png: render, save, exit
  std::optional<std::string> dump_state;  // --dump-state FILE: write what is shown, exit
  std::optional<std::string> script;      // --script "right;right;screenshot a.png"
  std::optional<int> bench_frames;        // --bench-frames N
  int width = 1920;                       // --size WxH
  int height = 1080;
  std::optional<CentreView> view;  // --view auto|ring|tree
  bool animate = true;             // --no-animation turns it off
  std::optional<float> font_px;    // --font-px N
  bool help = false;               // -h/--help
};

// The usage text of `collscope gui --help` (its --script lines from the
// script's verb table).
std::string GuiUsage();

// Parses the words after `collscope gui`. Throws cli::UsageError with one
// line naming the flag and value on bad input.
GuiOptions ParseGuiOptions(const std::vector<std::string>& args);

// True when the run renders without a person watching (screenshot, dump,
// script or benchmark) and then exits.
bool IsBatchRun(const GuiOptions& options);

}  // namespace collscope::gui
