#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/gui/imports.h"
#include "app/gui/panel_set.h"
#include "app/gui/walk_all.h"
#include "app/gui/window.h"
#include "app/panels/panels.h"
#include "app/script.h"

namespace collscope::gui {

// What a script's commands act on.
struct ScriptTargets {
  AppState& state;
  PanelSet& panels;
  Imports& imports;
  Window& window;
};

// Runs a --script, one command a frame (or several, for the verbs that do
// not need one): BeforeFrame runs commands until one needs a frame;
// AfterRender performs a pending screenshot or dump. Each verb's handler is
// in the table of app/gui/script_verbs.cpp and uses the calls below.
class ScriptRunner {
 public:
  ScriptRunner(std::vector<ScriptCommand> script, ScriptTargets targets)
      : script_(std::move(script)), targets_(targets) {}

  void BeforeFrame();
  void AfterRender(const FrameRecord& record);
  // Every command ran and nothing waits (a key, a walk, a capture, a load).
  bool Done() const;
  int failures() const { return failures_; }

  // For the verbs.
  ScriptTargets& targets() { return targets_; }
  void Fail(const std::string& what);
  void PressKey(int key);  // down now, up after a frame
  void Mash(int frames) { mash_left_ = frames; }
  void WaitFrames(int frames) { wait_frames_ = frames; }
  void WaitForLoad() { waiting_for_load_ = true; }
  void Settle();  // a few frames before the next command (after a resize)
  // Saves a screenshot or a dump after the frame renders and settles.
  void Capture(ScriptCommand command);
  void Walk() { walking_ = true; }  // step to the end, then verify
  void StartWalkAll(int ranks);

 private:
  void FinishWalk();
  void WalkAllNext();
  bool Save(const ScriptCommand& command, const FrameRecord& record);

  std::vector<ScriptCommand> script_;
  ScriptTargets targets_;
  std::size_t next_ = 0;
  int wait_frames_ = 0;
  int release_key_ = -1;
  int mash_left_ = 0;            // frames of `mash` still to press a key in
  std::uint32_t mash_seed_ = 1;  // same keys in every run
  bool walking_ = false;
  bool waiting_for_load_ = false;
  std::optional<ScriptCommand> capture_;
  int settle_ = 0;
  int capture_waited_ = 0;
  int failures_ = 0;
  WalkAll walk_all_;
};

}  // namespace collscope::gui
