#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace collscope::cli {

// Exit codes of every command: 0 success, 1 a check failed (verify found a
// wrong result), 2 bad input (flag, value or file).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for `collscope --help`
  std::string_view usage;    // the full --help text
  int (*run)(const std::vector<std::string>& args);
};

// All subcommands, in the order `collscope --help` lists them.
const std::vector<Command>& Commands();

// "show, cost, verify, ...": their names, for a message that lists them.
std::string CommandNames();

// Runs a command's body, turning UsageError into the one-line message on
// stderr and exit code 2, and printing usage for -h/--help.
int RunCommand(const Command& command, const std::vector<std::string>& args);

}  // namespace collscope::cli
