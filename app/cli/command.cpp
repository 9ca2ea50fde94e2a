#include "app/cli/command.h"

#include <iostream>

#include "app/cli/args.h"

namespace collscope::cli {

int RunCommand(const Command& command, const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "-h" || arg == "--help") {
      std::cout << command.usage;
      return kExitOk;
    }
  }
  try {
    return command.run(args);
  } catch (const UsageError& error) {
    std::cerr << "collscope " << error.message << "\n";
    return kExitUsage;
  }
}

}  // namespace collscope::cli
