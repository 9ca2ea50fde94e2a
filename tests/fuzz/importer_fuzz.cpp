// Fuzzes one importer, chosen at build time by COLLSCOPE_FUZZ_IMPORTER
// ("nccl-tests", "nccl-log", "kineto", "collscope", "nccl-tests-json",
// "inspector"): any bytes give a trace
// or one error line, never a crash, a hang or an exception.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "trace/importers/importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace collscope::trace;
  static const Importer* importer = FindImporter(COLLSCOPE_FUZZ_IMPORTER);
  if (importer == nullptr) std::abort();
  LoadLimits limits;
  limits.max_decompressed_bytes = 64 << 20;  // keep each run's memory small
  auto source =
      SourceFromBytes("fuzz-input", std::string(reinterpret_cast<const char*>(data), size), limits);
  if (!source.ok()) return 0;
  // The sniffer must not crash on anything either.
  importer->sniff("fuzz-input", std::string_view(source.value().text).substr(0, kSniffBytes));
  std::vector<SourceFile> files{std::move(source.value())};
  auto result = importer->import(files);
  if (!result.ok() && result.error().find('\n') != std::string::npos) std::abort();
  return 0;
}
