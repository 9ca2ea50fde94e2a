#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::gui {

// One command of a --script: "right", "step 3", "screenshot a.png".
struct ScriptCommand {
  std::string verb;
  std::vector<std::string> args;
};

class ScriptRunner;  // app/gui/script_runner.h

// After a command the runner either draws a frame before the next one or
// goes on to the next one in the same frame.
enum class ScriptNext { kFrame, kNow };

// What a verb's arguments must be; checked when the script is parsed, so a
// bad script fails before a window opens.
enum class ScriptArgs { kWords, kWholeNumbers, kKeyName, kMicroseconds, kReplaySpeed };

// One verb: its name, its arguments as --help shows them, how many it
// takes, what they must be, what it does, and the runner's handler.
struct ScriptVerb {
  std::string_view name;
  std::string_view arguments;  // "W H", "FILE...", "" for none
  int min_args;
  int max_args;
  ScriptArgs check;
  std::string_view help;  // "" when the name says it
  ScriptNext (*run)(ScriptRunner& runner, const std::vector<std::string>& args);
};

// Every verb, in the order --help lists them: the one table the parser and
// the runner share (app/gui/script_verbs.cpp).
std::span<const ScriptVerb> ScriptVerbs();
const ScriptVerb* FindScriptVerb(std::string_view name);

// The --script lines of `collscope gui --help`, made from the table and the
// key names: each verb with its arguments, wrapped to `width` columns after
// an indent of `indent`.
std::string ScriptUsage(int indent, int width);

// Parses "right;right;screenshot a.png" (commands separated by ';' or new
// lines, words by spaces; a key's name alone is `key NAME`). Throws
// cli::UsageError naming the bad command.
std::vector<ScriptCommand> ParseScript(const std::string& text);

}  // namespace collscope::gui
