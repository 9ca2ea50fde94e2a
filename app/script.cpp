#include "app/script.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "app/cli/args.h"
#include "app/gui/key_names.h"
#include "app/trace_replay.h"

namespace collscope::gui {

namespace {

bool IsWholeNumber(const std::string& text) {
  return !text.empty() && text.size() <= 9 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsMicroseconds(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value) && value >= 0;
}

// Why `args` do not suit `check`, or "" when they do.
std::string ArgumentError(ScriptArgs check, const std::vector<std::string>& args,
                          const std::string& piece) {
  switch (check) {
    case ScriptArgs::kWords:
      return "";
    case ScriptArgs::kWholeNumbers:
      return std::all_of(args.begin(), args.end(), IsWholeNumber)
                 ? ""
                 : "'" + piece + "' needs a whole number";
    case ScriptArgs::kKeyName:
      return KeyCode(args[0]) ? "" : "unknown key '" + args[0] + "'";
    case ScriptArgs::kMicroseconds:  // from the run's first event
      return IsMicroseconds(args[0]) ? "" : "'" + piece + "' needs microseconds (a number >= 0)";
    case ScriptArgs::kReplaySpeed:
      return ParseReplaySpeed(args[0])
                 ? ""
                 : "'" + piece + "' needs a speed in (0, 1]: 0.001, 1e-3 or 1/1000";
  }
  return "";
}

// Appends `words` to `text`, starting a new line of `indent` spaces before
// a line would pass `width`.
void AppendWrapped(std::string& text, std::size_t& column, const std::string& words, int indent,
                   int width) {
  if (column + words.size() + 1 > static_cast<std::size_t>(width) &&
      column > static_cast<std::size_t>(indent)) {
    text += "\n" + std::string(static_cast<std::size_t>(indent), ' ');
    column = static_cast<std::size_t>(indent);
  } else if (column > static_cast<std::size_t>(indent)) {
    text += " ";
    ++column;
  }
  text += words;
  column += words.size();
}

}  // namespace

const ScriptVerb* FindScriptVerb(std::string_view name) {
  for (const ScriptVerb& verb : ScriptVerbs()) {
    if (verb.name == name) return &verb;
  }
  return nullptr;
}

std::string ScriptUsage(int indent, int width) {
  std::string keys;
  for (const KeyName& key : KeyNames()) keys += (keys.empty() ? "" : ", ") + std::string(key.name);
  std::string phrases = "keys by name (" + keys + ")";
  for (const ScriptVerb& verb : ScriptVerbs()) {
    phrases += "; " + std::string(verb.name);
    if (!verb.arguments.empty()) phrases += " " + std::string(verb.arguments);
    if (!verb.help.empty()) phrases += " (" + std::string(verb.help) + ")";
  }
  // Lines break only between words.
  std::string text(static_cast<std::size_t>(indent), ' ');
  std::size_t column = static_cast<std::size_t>(indent);
  std::istringstream words(phrases);
  for (std::string word; words >> word;) AppendWrapped(text, column, word, indent, width);
  return text;
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
    if (KeyCode(command.verb) && command.args.empty()) {
      command.args = {command.verb};
      command.verb = "key";
    }
    const ScriptVerb* verb = FindScriptVerb(command.verb);
    if (!verb) throw cli::UsageError{"gui: --script: unknown command '" + command.verb + "'"};
    const int count = static_cast<int>(command.args.size());
    if (count < verb->min_args || count > verb->max_args) {
      throw cli::UsageError{"gui: --script: '" + piece + "' has the wrong number of arguments"};
    }
    if (const std::string error = ArgumentError(verb->check, command.args, piece); !error.empty()) {
      throw cli::UsageError{"gui: --script: " + error};
    }
    commands.push_back(std::move(command));
  }
  return commands;
}

}  // namespace collscope::gui
