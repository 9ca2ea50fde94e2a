#pragma once

#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/panels/trace_banner.h"
#include "app/trace_loader.h"

namespace collscope::gui {

// Files that reach the state while the GUI runs: traces (File > Open, a
// drop on the window, the script's `open`) imported on the loader's thread,
// and the lesson files read again. Their errors go to the banner.
class Imports {
 public:
  Imports(AppState& state, TraceBannerUi& banner) : state_(state), banner_(banner) {}

  void OpenTraces(std::vector<std::string> paths);
  // Hands a finished import to the state, or its error to the banner.
  void Poll();
  void ReloadLessons();
  // Lesson files that failed to load: the banner names the first.
  void ShowLessonErrors();

  bool Busy() const { return loader_.Busy(); }
  TraceLoadProgress Progress() const { return loader_.Progress(); }

 private:
  AppState& state_;
  TraceBannerUi& banner_;
  TraceLoader loader_;
};

}  // namespace collscope::gui
