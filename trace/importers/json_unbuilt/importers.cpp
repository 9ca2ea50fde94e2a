#include "trace/importers/json_unbuilt/importers.h"

#include <array>
#include <string>

namespace collscope::trace {
namespace {

// Set by trace/CMakeLists.txt: "nlohmann_json and simdjson", or one of them
// (the default is for tools that read this file outside that build).
#ifndef COLLSCOPE_JSON_MISSING
#define COLLSCOPE_JSON_MISSING "nlohmann_json and simdjson"
#endif
constexpr std::string_view kMissing = COLLSCOPE_JSON_MISSING;

constexpr std::array<std::string_view, 5> kFormats = {"collscope", "kineto", "nccl-tests-json",
                                                      "inspector", "chrome"};

// Every JSON format starts with an object or an array; without a JSON
// library the formats cannot be told apart, so the first stand-in claims
// them all (weakly: any text importer that is sure wins).
int SniffJson(std::string_view /*path*/, std::string_view head) {
  const std::size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return 0;
  return head[first] == '{' || head[first] == '[' ? 1 : 0;
}
int SniffNothing(std::string_view /*path*/, std::string_view /*head*/) { return 0; }

template <std::size_t kFormat>
// By value: the Importer interface hands every importer its files to take.
Result<ImportResult> Unbuilt(SourceFiles files) {  // NOLINT(performance-unnecessary-value-param)
  const std::string path = files.size() == 0 ? std::string("input") : files.path(0);
  const std::string what = kFormat == 0 ? "JSON input (collscope, kineto, nccl-tests-json, "
                                          "inspector or chrome)"
                                        : "the " + std::string(kFormats[kFormat]) + " format";
  return Result<ImportResult>::Failure(
      path + ": " + what + " is not in this build: it needs " + std::string(kMissing) +
      ", not found when collscope was configured (install them, e.g. Debian's "
      "nlohmann-json3-dev and libsimdjson-dev, and re-run cmake; or import on a machine that has "
      "them)");
}

template <std::size_t kFormat>
Importer Describe() {
  return {.name = kFormats[kFormat],
          .description = "not in this build (needs a JSON library)",
          .sniff = kFormat == 0 ? SniffJson : SniffNothing,
          .import = Unbuilt<kFormat>};
}

}  // namespace

Importer CollscopeImporter() { return Describe<0>(); }
Importer KinetoImporter() { return Describe<1>(); }
Importer NcclTestsJsonImporter() { return Describe<2>(); }
Importer InspectorImporter() { return Describe<3>(); }
Importer ChromeImporter() { return Describe<4>(); }

}  // namespace collscope::trace
