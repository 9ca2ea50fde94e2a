// The --script verbs: one row each, {name, arguments, how many, their
// check, help, handler}. ParseScript (app/script.cpp) checks a script
// against this table, ScriptUsage writes --help from it, and ScriptRunner
// runs each command through its row's handler.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/gui/key_names.h"
#include "app/gui/script_runner.h"
#include "app/script.h"
#include "app/trace_replay.h"
#include "engine/collective.h"
#include "engine/verify.h"

namespace collscope::gui {

namespace {

using Args = std::vector<std::string>;
using enum ScriptArgs;
constexpr ScriptNext kFrame = ScriptNext::kFrame;
constexpr ScriptNext kNow = ScriptNext::kNow;

int Number(const std::string& text) { return std::atoi(text.c_str()); }

// Acts on the replay of a trace with per-step events, or fails naming
// `verb` (and takes no frame) when none is loaded.
template <typename Act>
ScriptNext OnReplay(ScriptRunner& run, const char* verb, Act act) {
  TraceReplay& replay = run.targets().state.replay();
  if (!replay.Attached()) {
    run.Fail(std::string(verb) + ": no trace with per-step events is loaded");
    return kNow;
  }
  act(replay);
  return kFrame;
}

ScriptNext Load(ScriptRunner& run, const Args& args) {
  AppState& state = run.targets().state;
  Config config = state.config();
  const auto collective = engine::ParseCollective(args[0]);
  if (!collective) {
    run.Fail("load: unknown collective '" + args[0] + "'");
    return kNow;
  }
  config.collective = *collective;
  config.algorithm = args[1];
  if (args.size() > 2) config.ranks = Number(args[2]);
  config.root = 0;
  if (auto error = state.Load(config)) run.Fail("load: " + *error);
  return kFrame;
}

ScriptNext ExpectFinal(ScriptRunner& run, const Args&) {
  const AppState& state = run.targets().state;
  if (!state.AtEnd()) {
    run.Fail("expect-final: at step " + std::to_string(state.step()) + " of " +
             std::to_string(state.step_count()));
  } else if (state.buffers()) {
    const auto result =
        engine::VerifyFinalState(*state.buffers(), state.config().collective, state.config().root);
    if (!result.ok) run.Fail("expect-final: " + result.message);
  }
  return kNow;
}

ScriptNext Panel(ScriptRunner& run, const Args& args) {
  // The View menu's switches.
  PanelVisibility& panels = run.targets().state.view.panels;
  bool* panel = args[0] == "lesson"     ? &panels.lesson
                : args[0] == "controls" ? &panels.controls
                : args[0] == "centre"   ? &panels.centre
                : args[0] == "table"    ? &panels.table
                : args[0] == "cost"     ? &panels.cost
                : args[0] == "timeline" ? &panels.timeline
                                        : nullptr;
  if (!panel) {
    run.Fail("panel: unknown panel '" + args[0] + "'");
  } else {
    *panel = args[1] == "on";
  }
  return kFrame;
}

ScriptNext Scene(ScriptRunner& run, const Args& args) {
  AppState& state = run.targets().state;
  const int scene = Number(args[0]);
  if (scene < 0 || scene >= state.SceneCount()) {
    run.Fail("scene: the lesson has scenes 0.." + std::to_string(state.SceneCount() - 1));
  } else {
    state.OpenScene(scene);
  }
  return kFrame;
}

ScriptNext Picture(ScriptRunner& run, const Args& args) {
  // The trace picture's switch and its channel; `schedule` is its button to
  // the schedule's view.
  AppState& state = run.targets().state;
  TracePictureUi& ui = run.targets().panels.trace_picture;
  state.view.show_trace_picture = args[0] != "schedule";
  ui.picture = args[0] == "rings"     ? TracePicture::kRings
               : args[0] == "trees"   ? TracePicture::kTrees
               : args[0] == "model"   ? TracePicture::kNcclModel
               : args[0] == "choices" ? TracePicture::kTuning
                                      : TracePicture::kBusbwPlot;
  if (args.size() > 1) ui.channel = Number(args[1]);
  ui.trace = state.loaded_trace();  // a choice for this trace
  return kFrame;
}

ScriptNext Iteration(ScriptRunner& run, const Args& args) {
  AppState& state = run.targets().state;
  if (args[0] == "all") {
    state.ShowAllTraceRuns();
  } else if (const trace::Trace* loaded = state.loaded_trace()) {
    for (int r : state.TimedTraceRuns()) {
      if (std::to_string(loaded->runs[static_cast<std::size_t>(r)].iteration) == args[0]) {
        state.ShowTraceRun(r);
      }
    }
  }
  return kFrame;
}

ScriptNext Mark(ScriptRunner& run, const Args& args) {
  AppState& state = run.targets().state;
  const int rank = Number(args[0]);
  const int slot = Number(args[1]);
  if (!state.buffers() || rank >= state.buffers()->Ranks() || slot >= state.buffers()->Slots()) {
    run.Fail("mark: no cell " + args[0] + " " + args[1] + " in the buffer table");
  } else if (!state.predicting()) {
    run.Fail("mark: the prediction is off (predict on)");
  } else {
    state.TogglePrediction(rank, slot);
  }
  return kFrame;
}

// The table. Arguments are as --help shows them; the handlers return
// kFrame when the command's effect should be drawn before the next one.
constexpr ScriptVerb kVerbs[] = {
    {"key", "NAME", 1, 1, kKeyName, "press a key; the name alone does too",
     [](ScriptRunner& run, const Args& args) {
       run.PressKey(*KeyCode(args[0]));
       return kFrame;
     }},
    {"step", "K", 1, 1, kWholeNumbers, "",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.SeekStep(std::stoll(args[0]));
       return kFrame;
     }},
    {"load", "C A [P]", 2, 3, kWords, "collective, algorithm, ranks", &Load},
    {"lesson", "ID", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       if (auto error = run.targets().state.OpenLesson(args[0])) run.Fail("lesson: " + *error);
       return kFrame;
     }},
    {"walk", "", 0, 0, kWords, "to the last step, then verify",
     [](ScriptRunner& run, const Args&) {
       run.Walk();
       return kFrame;
     }},
    {"walk-all", "P", 1, 1, kWholeNumbers, "walk every collective x algorithm at P ranks",
     [](ScriptRunner& run, const Args& args) {
       run.StartWalkAll(Number(args[0]));
       return kFrame;
     }},
    {"screenshot", "FILE", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       run.Capture({"screenshot", args});
       return kFrame;
     }},
    {"dump", "FILE", 1, 1, kWords, "what is shown, as JSON",
     [](ScriptRunner& run, const Args& args) {
       run.Capture({"dump", args});
       return kFrame;
     }},
    {"wait", "N", 1, 1, kWholeNumbers, "frames",
     [](ScriptRunner& run, const Args& args) {
       run.WaitFrames(Number(args[0]));
       return kFrame;
     }},
    {"expect-final", "", 0, 0, kWords, "at the end with the collective's result", &ExpectFinal},
    {"presenter", "on|off", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.view.presenter = args[0] == "on";
       return kFrame;
     }},
    {"theme", "light|dark", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.view.theme = args[0] == "dark" ? Theme::kDark : Theme::kLight;
       return kFrame;
     }},
    {"view", "ring|tree|auto", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.view.view = args[0] == "tree"   ? CentreView::kTree
                                       : args[0] == "ring" ? CentreView::kRing
                                                           : CentreView::kAuto;
       return kFrame;
     }},
    {"animate", "on|off", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.view.animate = args[0] == "on";
       return kNow;
     }},
    {"panel", "lesson|controls|centre|table|cost|timeline on|off", 2, 2, kWords, "", &Panel},
    {"play", "", 0, 0, kWords, "",
     [](ScriptRunner& run, const Args&) {
       run.targets().state.SetPlaying(true);
       return kFrame;
     }},
    {"scene", "K", 1, 1, kWords, "", &Scene},
    {"figure", "on|off", 1, 1, kWords, "",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.view.show_figure = args[0] == "on";
       return kFrame;
     }},
    {"predict", "on|off", 1, 1, kWords, "the lesson panel's 'Predict before each step'",
     [](ScriptRunner& run, const Args& args) {
       run.targets().state.SetPredicting(args[0] == "on");
       return kFrame;
     }},
    {"resize", "W H", 2, 2, kWholeNumbers, "the window",
     [](ScriptRunner& run, const Args& args) {
       // Window managers allow a window of 1 x 1 and beyond the screen.
       run.targets().window.Resize(std::clamp(Number(args[0]), 1, 16384),
                                   std::clamp(Number(args[1]), 1, 16384));
       run.Settle();
       return kFrame;
     }},
    {"mash", "N", 1, 1, kWholeNumbers, "N frames of random keys",
     [](ScriptRunner& run, const Args& args) {
       run.Mash(Number(args[0]));
       return kFrame;
     }},
    {"open", "FILE...", 1, 64, kWords, "as File > Open",
     [](ScriptRunner& run, const Args& args) {
       run.targets().imports.OpenTraces(args);
       return kFrame;
     }},
    {"drop", "FILE...", 1, 64, kWords, "as a drop on the window",
     [](ScriptRunner& run, const Args& args) {
       run.targets().window.Drop(args);
       return kFrame;
     }},
    {"wait-load", "", 0, 0, kWords, "until the import is done",
     [](ScriptRunner& run, const Args&) {
       run.WaitForLoad();
       return kFrame;
     }},
    {"picture", "plot|model|choices|rings|trees|schedule [CHANNEL]", 1, 2, kWords,
     "a trace's picture", &Picture},
    {"file-browser", "FOLDER", 1, 1, kWords, "File > Open at FOLDER",
     [](ScriptRunner& run, const Args& args) {
       FileBrowserUi& browser = run.targets().panels.file_browser;
       browser.open = true;
       browser.folder = args[0];
       browser.listed.clear();
       return kFrame;
     }},
    {"replay-seek", "US", 1, 1, kMicroseconds, "from the run's first event",
     [](ScriptRunner& run, const Args& args) {
       return OnReplay(run, "replay-seek", [&](TraceReplay& replay) {
         replay.Seek(replay.index().first_ns() + std::llround(std::stod(args[0]) * 1e3));
       });
     }},
    {"replay-speed", "X", 1, 1, kReplaySpeed, "1e-6..1, or 1/1000",
     [](ScriptRunner& run, const Args& args) {
       return OnReplay(run, "replay-speed", [&](TraceReplay& replay) {
         replay.SetSpeed(ParseReplaySpeed(args[0]).value_or(replay.speed()));
       });
     }},
    {"replay-play", "", 0, 0, kWords, "",
     [](ScriptRunner& run, const Args&) {
       return OnReplay(run, "replay-play", [](TraceReplay& replay) { replay.SetPlaying(true); });
     }},
    {"replay-pause", "", 0, 0, kWords, "",
     [](ScriptRunner& run, const Args&) {
       return OnReplay(run, "replay-pause", [](TraceReplay& replay) { replay.SetPlaying(false); });
     }},
    {"replay-stop", "", 0, 0, kWords, "",
     [](ScriptRunner& run, const Args&) {
       return OnReplay(run, "replay-stop", [](TraceReplay& replay) { replay.Stop(); });
     }},
    {"iteration", "K|all", 1, 1, kWords, "a recording's iteration on the timeline", &Iteration},
    // Check your understanding, as a click on a cell of the table and the
    // "Check my prediction" button ("predict" above is the checkbox).
    {"mark", "RANK SLOT", 2, 2, kWholeNumbers, "a cell for the next step, or take the mark back",
     &Mark},
    {"check", "", 0, 0, kWords, "the prediction: step and score it",
     [](ScriptRunner& run, const Args&) {
       run.targets().state.CheckPrediction();
       return kFrame;
     }},
    {"reload-lessons", "", 0, 0, kWords, "",
     [](ScriptRunner& run, const Args&) {
       run.targets().imports.ReloadLessons();
       return kFrame;
     }},
};

}  // namespace

std::span<const ScriptVerb> ScriptVerbs() { return kVerbs; }

}  // namespace collscope::gui
