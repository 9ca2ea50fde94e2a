#include "app/script.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "app/cli/args.h"
#include "app/trace_replay.h"

namespace collscope::gui {

namespace {

struct Verb {
  const char* name;
  int min_args;
  int max_args;
};

// key NAME | the key name alone; see GuiUsage() for what each does.
constexpr Verb kVerbs[] = {
    {"key", 1, 1},          {"step", 1, 1},         {"load", 2, 3},
    {"lesson", 1, 1},       {"walk", 0, 0},         {"walk-all", 1, 1},
    {"screenshot", 1, 1},   {"dump", 1, 1},         {"wait", 1, 1},
    {"expect-final", 0, 0}, {"presenter", 1, 1},    {"theme", 1, 1},
    {"view", 1, 1},         {"play", 0, 0},         {"animate", 1, 1},
    {"panel", 2, 2},        {"scene", 1, 1},        {"figure", 1, 1},
    {"resize", 2, 2},       {"mash", 1, 1},         {"reload-lessons", 0, 0},
    {"open", 1, 64},        {"drop", 1, 64},        {"wait-load", 0, 0},
    {"picture", 1, 2},      {"file-browser", 1, 1}, {"replay-seek", 1, 1},
    {"replay-speed", 1, 1}, {"replay-play", 0, 0},  {"replay-pause", 0, 0},
    {"replay-stop", 0, 0},  {"iteration", 1, 1},
};

bool IsMicroseconds(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value) && value >= 0;
}

}  // namespace

std::vector<std::string> ScriptKeyNames() {
  return {"right", "left",  "space", "home", "end", "pagedown", "pageup",
          "plus",  "minus", "f11",   "f",    "p",   "f1"};
}

std::vector<ScriptCommand> ParseScript(const std::string& text) {
  std::vector<ScriptCommand> commands;
  std::string piece;
  std::string normalized = text;
  std::replace(normalized.begin(), normalized.end(), '\n', ';');
  std::istringstream pieces(normalized);
  while (std::getline(pieces, piece, ';')) {
    std::istringstream words(piece);
    ScriptCommand command;
    if (!(words >> command.verb)) continue;
    for (std::string word; words >> word;) command.args.push_back(word);
    const std::vector<std::string> keys = ScriptKeyNames();
    if (std::find(keys.begin(), keys.end(), command.verb) != keys.end() && command.args.empty()) {
      command.args = {command.verb};
      command.verb = "key";
    }
    const Verb* verb = nullptr;
    for (const Verb& v : kVerbs) {
      if (command.verb == v.name) verb = &v;
    }
    if (!verb) throw cli::UsageError{"gui: --script: unknown command '" + command.verb + "'"};
    const int count = static_cast<int>(command.args.size());
    if (count < verb->min_args || count > verb->max_args) {
      throw cli::UsageError{"gui: --script: '" + piece + "' has the wrong number of arguments"};
    }
    if (command.verb == "key" &&
        std::find(keys.begin(), keys.end(), command.args[0]) == keys.end()) {
      throw cli::UsageError{"gui: --script: unknown key '" + command.args[0] + "'"};
    }
    const bool numeric = command.verb == "step" || command.verb == "wait" ||
                         command.verb == "walk-all" || command.verb == "resize" ||
                         command.verb == "mash";
    for (const std::string& number : numeric ? command.args : std::vector<std::string>{}) {
      if (number.empty() || number.size() > 9 ||
          !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        throw cli::UsageError{"gui: --script: '" + piece + "' needs a whole number"};
      }
    }
    // replay-seek US: microseconds from the run's first event.
    if (command.verb == "replay-seek" && !IsMicroseconds(command.args[0])) {
      throw cli::UsageError{"gui: --script: '" + piece + "' needs microseconds (a number >= 0)"};
    }
    if (command.verb == "replay-speed" && !ParseReplaySpeed(command.args[0])) {
      throw cli::UsageError{"gui: --script: '" + piece +
                            "' needs a speed in (0, 1]: 0.001, 1e-3 or 1/1000"};
    }
    commands.push_back(std::move(command));
  }
  return commands;
}

}  // namespace collscope::gui
