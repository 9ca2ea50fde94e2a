// collscope: the GUI with no arguments or `gui`, otherwise a subcommand.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#ifdef COLLSCOPE_HAS_GUI
#include "app/gui.h"
#endif

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: collscope [COMMAND] [FLAGS]   (no command: the GUI on the default lesson)\n\n"
         "commands:\n"
         "  gui       open the desktop GUI ('collscope gui --help')\n";
  for (const auto& command : collscope::cli::Commands()) {
    out << "  " << command.name
        << std::string(10 - std::min<std::size_t>(9, command.name.size()), ' ') << command.summary
        << "\n";
  }
  out << "\n'collscope COMMAND --help' describes each command.\n";
}

int RunGuiOrExplain(const std::vector<std::string>& args) {
#ifdef COLLSCOPE_HAS_GUI
  return collscope::gui::RunGui(args);
#else
  (void)args;
  std::cerr << "collscope: this build has no GUI (configured with COLLSCOPE_WITH_GUI=OFF); "
               "the headless commands are: "
            << collscope::cli::CommandNames() << "\n";
  return collscope::cli::kExitUsage;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return RunGuiOrExplain({});
  std::string name = args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (name == "gui") return RunGuiOrExplain(rest);
  if (name == "-h" || name == "--help" || name == "help") {
    PrintUsage(std::cout);
    return collscope::cli::kExitOk;
  }
  for (const auto& command : collscope::cli::Commands()) {
    if (command.name == name) return collscope::cli::RunCommand(command, rest);
  }
  std::cerr << "collscope: unknown command '" << name << "' (see 'collscope --help')\n";
  return collscope::cli::kExitUsage;
}
