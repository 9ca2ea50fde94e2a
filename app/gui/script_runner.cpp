#include "app/gui/script_runner.h"

#include <cstdio>

#include "app/gui/key_names.h"
#include "app/render/screenshot.h"
#include "app/state_dump.h"
#include "engine/verify.h"
#include "trace/writer.h"

namespace collscope::gui {

namespace {

constexpr int kSettleFrames = 2;      // frames rendered before a capture
constexpr int kMaxCaptureWait = 600;  // frames a capture waits for pending work

}  // namespace

void ScriptRunner::Fail(const std::string& what) {
  ++failures_;
  std::fprintf(stderr, "collscope gui: script: %s\n", what.c_str());
}

void ScriptRunner::PressKey(int key) {
  release_key_ = key;
  targets_.window.Key(key, /*down=*/true);
}

void ScriptRunner::Settle() { settle_ = kSettleFrames; }

void ScriptRunner::Capture(ScriptCommand command) {
  capture_ = std::move(command);
  settle_ = kSettleFrames;
}

void ScriptRunner::StartWalkAll(int ranks) {
  walk_all_.Start(ranks);
  WalkAllNext();
}

void ScriptRunner::WalkAllNext() {
  // Called when the previous pair reached its end (or at the start).
  if (walk_all_.LoadNext(targets_.state, [this](const std::string& what) { Fail(what); })) {
    walking_ = true;
  }
}

bool ScriptRunner::Done() const {
  return next_ >= script_.size() && !walking_ && !walk_all_.active() && !capture_ &&
         wait_frames_ == 0 && release_key_ < 0 && mash_left_ == 0 && !targets_.imports.Busy() &&
         !waiting_for_load_;
}

void ScriptRunner::FinishWalk() {
  AppState& state = targets_.state;
  walking_ = false;
  const bool failed = !state.message().empty();
  std::string verdict;
  if (!failed && state.buffers()) {
    const engine::VerifyResult result =
        engine::VerifyFinalState(*state.buffers(), state.config().collective, state.config().root);
    if (!result.ok) verdict = result.message;
  }
  if (failed || !verdict.empty()) {
    Fail(std::string(engine::CollectiveName(state.config().collective)) + " " +
         state.config().algorithm + " p=" + std::to_string(state.config().ranks) + ": " +
         (failed ? state.message() : verdict));
  }
  if (walk_all_.active()) WalkAllNext();
}

void ScriptRunner::BeforeFrame() {
  if (script_.empty()) return;
  Window& window = targets_.window;
  if (mash_left_ > 0) {
    // A key a frame, each released as the next goes down: faster than any
    // hand, so a handler that assumes a quiet frame in between shows up.
    const auto keys = KeyNames();
    if (release_key_ >= 0) window.Key(release_key_, /*down=*/false);
    mash_seed_ = mash_seed_ * 1103515245u + 12345u;
    PressKey(keys[(mash_seed_ >> 16) % keys.size()].key);
    --mash_left_;
    return;
  }
  if (release_key_ >= 0) {
    window.Key(release_key_, /*down=*/false);
    release_key_ = -1;
    return;  // one frame with the key up before the next command
  }
  if (settle_ > 0) {
    --settle_;
    return;
  }
  if (capture_) return;  // captured after this frame renders
  if (waiting_for_load_) {
    if (targets_.imports.Busy()) return;
    waiting_for_load_ = false;
  }
  if (wait_frames_ > 0) {
    --wait_frames_;
    return;
  }
  if (walking_) {
    if (!targets_.state.AtEnd()) {
      targets_.state.StepForward();
    } else {
      FinishWalk();
    }
    return;
  }
  while (next_ < script_.size()) {
    const ScriptCommand& command = script_[next_++];
    const ScriptVerb* verb = FindScriptVerb(command.verb);
    if (verb == nullptr) {
      Fail("unknown command '" + command.verb + "'");
      continue;
    }
    if (verb->run(*this, command.args) == ScriptNext::kFrame) return;
  }
}

bool ScriptRunner::Save(const ScriptCommand& command, const FrameRecord& record) {
  const Window::Size size = targets_.window.FramebufferSize();
  const std::string& path = command.args[0];
  if (command.verb == "screenshot") {
    if (auto error = SaveFramebufferPng(path, size.width, size.height)) {
      Fail("screenshot: " + *error);
      return false;
    }
    return true;
  }
  const int window_w = targets_.window.WindowSize().width;
  const float scale = window_w > 0 ? static_cast<float>(size.width) / window_w : 1.0f;
  if (!trace::WriteFileAtomically(path,
                                  StateJson(targets_.state, record, size.width, size.height, scale),
                                  {trace::WriteOptions::Gzip::kNo})
           .ok()) {
    Fail("dump: cannot write " + path);
    return false;
  }
  return true;
}

void ScriptRunner::AfterRender(const FrameRecord& record) {
  // Wait (a few seconds at most) for panels that compute over several frames.
  if (capture_ && settle_ == 0 && (!record.pending_work || ++capture_waited_ > kMaxCaptureWait)) {
    capture_waited_ = 0;
    Save(*capture_, record);
    capture_.reset();
  }
}

}  // namespace collscope::gui
