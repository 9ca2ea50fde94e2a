#pragma once

#include <string>
#include <vector>

namespace collscope::gui {

// One command of a --script: "right", "step 3", "screenshot a.png".
struct ScriptCommand {
  std::string verb;
  std::vector<std::string> args;
};

// The keys a script can press (the same names the Help window lists).
std::vector<std::string> ScriptKeyNames();

// Parses "right;right;screenshot a.png" (commands separated by ';' or new
// lines, words by spaces). Throws cli::UsageError naming the bad command.
std::vector<ScriptCommand> ParseScript(const std::string& text);

}  // namespace collscope::gui
