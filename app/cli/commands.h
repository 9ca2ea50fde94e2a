#pragma once

#include "app/cli/command.h"

namespace collscope::cli {

// One function per subcommand, each defined in its own <name>_command.cpp.
// A layer that adds a command declares it here and lists it in commands.cpp.
Command ShowCommand();
Command CostCommand();
Command VerifyCommand();
Command ListCommand();
Command ImportCommand();
Command ExportCommand();
Command StatsCommand();
Command RecordCommand();
Command ExplainCommand();

}  // namespace collscope::cli
