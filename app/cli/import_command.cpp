// collscope import: nccl-tests output, NCCL_DEBUG=INFO logs, Kineto traces
// (or collscope traces to merge) -> one collscope-trace file.
#include <iostream>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "trace/importers/importer.h"
#include "trace/writer.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: collscope import FILE... [--format auto|nccl-tests|nccl-log|kineto|collscope|
                                  nccl-tests-json|inspector] -o OUT.json

Converts what people already have into a collscope trace (design.md, format
collscope-trace v1). The format is sniffed from the content unless --format
names it; all files of one import are of one format:

  nccl-tests  stdout of any *_perf binary (old and new columns, N/A fields,
              multi-node, interleaved NCCL INFO lines) -> measurements; busbw
              is checked against algbw x the nccl-tests factor
  nccl-log    NCCL_DEBUG=INFO logs (one or several files) -> rings, trees,
              transports, COLL/TUNING calls
  kineto      PyTorch profiler JSON, one file per rank, .json or .json.gz ->
              one run per NCCL kernel, ranks merged onto one time base
  collscope   collscope traces, merged
  nccl-tests-json
              nccl-tests -J FILE.json (nccl-tests >= 2.19, versions 1-3), with
              -I per-iteration times -> measurements, one test per file; a
              file cut short keeps its whole results, marked incomplete
  inspector   NCCL Inspector output (<host>-pid<pid>.log, JSON lines, v4.x),
              one file per process -> one run per collective or send/recv,
              per-channel kernel lanes in verbose mode, files on one time base

  -o, --output   the trace to write (.json, or .json.gz to compress); written
                 atomically, never left half-written
  --format       auto (default) or one of the names above

Problems that do not stop the import (a busbw that disagrees, a line not
understood) are printed as warnings on stderr.

Example: collscope import all_reduce_perf.txt -o allreduce.json
)";

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
    throw UsageError{"import: unknown --format '" + format +
                     "' (auto, nccl-tests, nccl-log, kineto, collscope, nccl-tests-json, "
                     "inspector)"};
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
  if (!warnings.empty()) std::cout << " (" << warnings.size() << " warnings)";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

Command ImportCommand() {
  return {"import", "convert nccl-tests output, NCCL logs or Kineto traces to a collscope trace",
          kUsage, RunImport};
}

}  // namespace collscope::cli
