#include "app/cli/commands.h"

namespace collscope::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      ShowCommand(),   CostCommand(),  VerifyCommand(), ListCommand(),    ImportCommand(),
      ExportCommand(), StatsCommand(), RecordCommand(), ExplainCommand(),
  };
  return commands;
}

}  // namespace collscope::cli
