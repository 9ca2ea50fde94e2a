// collscope import: nccl-tests output, NCCL_DEBUG=INFO logs, Kineto traces
// (or collscope traces to merge) -> one collscope-trace file.
#include <algorithm>
#include <iostream>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "trace/importers/importer.h"
#include "trace/writer.h"

namespace collscope::cli {

namespace {

// The formats come from the importers' registry, so a new importer is in
// the help the day it is registered.
const std::string& Usage() {
  static const std::string usage = [] {
    std::string text = "usage: collscope import FILE... [--format " + trace::FormatNames("|") +
                       "]\n                        -o OUT.json\n\n"
                       "Converts what people already have into a collscope trace (docs/traces.md,\n"
                       "format "
                       "collscope-trace v1). The format is sniffed from the content unless\n"
                       "--format names it; all files of one import are of one format:\n\n";
    for (const trace::Importer& importer : trace::Importers()) {
      std::string name(importer.name);
      name.resize(std::max<std::size_t>(name.size() + 2, 18), ' ');
      text += "  " + name + std::string(importer.description) + "\n";
    }
    text +=
        "\n  -o, --output   the trace to write (.json, or .json.gz to compress); written\n"
        "                 atomically, never left half-written\n"
        "  --format       auto (default) or one of the names above\n\n"
        "Problems that do not stop the import (a busbw that disagrees, a line not\n"
        "understood, a table cut short) are printed as warnings on stderr.\n\n"
        "Example: collscope import all_reduce_perf.txt -o allreduce.json\n";
    return text;
  }();
  return usage;
}

constexpr std::size_t kMaxWarningsShown = 20;

int RunImport(const std::vector<std::string>& argv) {
  Args::Spec spec;
  spec.value_flags = {{"-o", "--output"}, {"--format"}};
  spec.allow_positional = true;
  Args args = Args::Parse("import", argv, spec);
  const std::string output = args.Required("--output");
  const std::string format = args.Value("--format").value_or("auto");
  if (args.Positional().empty()) throw UsageError{"import: no input FILE given"};
  if (format != "auto" && trace::FindImporter(format) == nullptr) {
    throw UsageError{"import: unknown --format '" + format + "' (" + trace::FormatNames(", ") +
                     ")"};
  }
  trace::Result<trace::ImportResult> imported = trace::ImportFiles(args.Positional(), format);
  if (!imported.ok()) {
    std::cerr << "collscope import: " << imported.error() << "\n";
    return kExitUsage;
  }
  const auto& warnings = imported->warnings;
  for (std::size_t i = 0; i < warnings.size() && i < kMaxWarningsShown; ++i) {
    std::cerr << "collscope import: warning: " << warnings[i] << "\n";
  }
  if (warnings.size() > kMaxWarningsShown) {
    std::cerr << "collscope import: ... and " << warnings.size() - kMaxWarningsShown
              << " more warnings\n";
  }
  const trace::Trace& result = imported->trace;
  if (trace::Status status = trace::WriteTrace(result, output); !status.ok()) {
    std::cerr << "collscope import: " << status.error << "\n";
    return kExitUsage;
  }
  std::cout << "wrote " << output << ": " << result.meta.source << ", " << result.RankCount()
            << " ranks, " << result.runs.size() << " runs, " << result.StepEventCount()
            << " step events, " << result.measurements.size() << " measurements, "
            << result.topology.rings.size() << " rings, " << result.topology.trees.size()
            << " trees, " << result.topology.links.size() << " links";
  if (!result.sections.empty()) std::cout << ", " << result.sections.size() << " tests";
  if (!result.tuning_choices.empty()) {
    std::cout << ", " << result.tuning_choices.size() << " TUNING choices";
  }
  if (!result.complete) std::cout << " (incomplete)";
  if (!warnings.empty()) std::cout << " (" << warnings.size() << " warnings)";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

Command ImportCommand() {
  return {"import", "convert nccl-tests output, NCCL logs or Kineto traces to a collscope trace",
          Usage(), RunImport};
}

}  // namespace collscope::cli
