#include "app/gui/startup.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/cli/args.h"

namespace collscope::gui {

void ApplyCommandLine(const GuiOptions& options, AppState& state) {
  if (options.lesson_id) {
    if (auto error = state.OpenLesson(*options.lesson_id)) throw cli::UsageError{"gui: " + *error};
  }
  if (options.setup || options.bytes || options.preset) {
    Config config = options.setup.value_or(state.config());
    if (options.bytes) config.bytes = *options.bytes;
    if (options.preset) config.preset = *options.preset;
    // -n or --preset alone keep the lesson and change its price inputs.
    const int lesson = options.setup ? -1 : state.lesson_index();
    if (auto error = state.Load(config, lesson)) throw cli::UsageError{"gui: " + *error};
  }
  if (options.trace) {
    if (auto error = state.LoadTrace(*options.trace)) {
      throw cli::UsageError{"gui: --trace: " + *error};
    }
  }
  if (options.step) {
    if (*options.step > state.step_count()) {
      throw cli::UsageError{"gui: --step " + std::to_string(*options.step) +
                            " is past the last step (" + std::to_string(state.step_count()) + ")"};
    }
    state.SeekStep(*options.step);
  }
  state.view.theme = options.theme;
  state.view.presenter = options.presenter;
  state.view.animate =
      options.animate && !(options.screenshot || options.dump_state || options.script);
  if (options.view) state.view.view = *options.view;
  state.view.font_base_px = options.font_px.value_or(0.0f);
}

}  // namespace collscope::gui
