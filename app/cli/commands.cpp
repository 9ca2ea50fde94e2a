#include "app/cli/commands.h"

#include <string>

namespace collscope::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      ShowCommand(),   CostCommand(),  VerifyCommand(), ListCommand(),    ImportCommand(),
      ExportCommand(), StatsCommand(), RecordCommand(), ExplainCommand(),
  };
  return commands;
}

std::string CommandNames() {
  std::string names;
  for (const Command& command : Commands()) {
    names += (names.empty() ? "" : ", ") + std::string(command.name);
  }
  return names;
}

}  // namespace collscope::cli
