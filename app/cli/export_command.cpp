// collscope export: a trace -> Chrome trace event JSON for Perfetto UI and
// chrome://tracing.
#include <iostream>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "trace/exporters/chrome.h"
#include "trace/importers/importer.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage = R"(usage: collscope export FILE --chrome OUT.json

Writes FILE (a collscope trace, or anything `collscope import` reads) as
Chrome trace event JSON that ui.perfetto.dev and chrome://tracing open: one
process per rank, one thread per phase (and channel), a slice per step,
an arrow from each send to its receive, times in microseconds. Kineto runs
become one slice per NCCL kernel on a thread per CUDA stream. The file is
written atomically; a failure leaves no partial file.

  --chrome   the Chrome trace JSON to write

Example: collscope export ring.json --chrome ring.chrome.json
)";

int RunExport(const std::vector<std::string>& argv) {
  Args::Spec spec;
  spec.value_flags = {{"--chrome"}};
  spec.allow_positional = true;
  Args args = Args::Parse("export", argv, spec);
  const std::string output = args.Required("--chrome");
  if (args.Positional().size() != 1) {
    throw UsageError{"export: give exactly one trace FILE (got " +
                     std::to_string(args.Positional().size()) + ")"};
  }
  trace::Result<trace::ImportResult> loaded = trace::ImportFiles(args.Positional(), "auto");
  if (!loaded.ok()) {
    std::cerr << "collscope export: " << loaded.error() << "\n";
    return kExitUsage;
  }
  trace::ChromeExportStats stats;
  if (trace::Status status = trace::ExportChrome(loaded->trace, output, &stats); !status.ok()) {
    std::cerr << "collscope export: " << status.error << "\n";
    return kExitUsage;
  }
  if (stats.slices == 0) {
    std::cerr << "collscope export: warning: " << args.Positional().front()
              << " has no timed events (measurements and topology have no timeline)\n";
  }
  if (stats.unmatched_sends > 0) {
    std::cerr << "collscope export: warning: " << stats.unmatched_sends
              << " sends have no matching receive step in the trace (no arrow drawn)\n";
  }
  std::cout << "wrote " << output << ": " << stats.slices << " slices, " << stats.flows
            << " flows\n";
  return kExitOk;
}

}  // namespace

Command ExportCommand() {
  return {"export", "write a trace as Chrome trace JSON for Perfetto / chrome://tracing", kUsage,
          RunExport};
}

}  // namespace collscope::cli
