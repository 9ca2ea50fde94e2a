#include "trace/importers/importer.h"

#include <new>
#include <stdexcept>

#include "trace/importers/nccl_log/parser.h"
#include "trace/importers/nccl_tests/parser.h"
#include "trace/importers/partial/parser.h"
#ifdef COLLSCOPE_HAVE_JSON
#include "trace/importers/chrome/parser.h"
#include "trace/importers/collscope/importer.h"
#include "trace/importers/inspector/parser.h"
#include "trace/importers/kineto/parser.h"
#include "trace/importers/nccl_tests_json/parser.h"
#else
// A build without a JSON library: stand-ins that say so (trace/CMakeLists.txt).
#include "trace/importers/json_unbuilt/importers.h"
#endif

namespace collscope::trace {

const std::vector<Importer>& Importers() {
  // The explicit list is the registration: adding a format is one line here.
  // clang-format off
  static const std::vector<Importer> importers = {
      CollscopeImporter(),
      NcclTestsImporter(),
      NcclLogImporter(),
      KinetoImporter(),
      NcclTestsJsonImporter(),
      InspectorImporter(),
      ChromeImporter(),
      RankPartialImporter(),
  };
  // clang-format on
  return importers;
}

const Importer* FindImporter(std::string_view name) {
  for (const Importer& importer : Importers()) {
    if (importer.name == name) return &importer;
  }
  return nullptr;
}

std::string FormatNames(std::string_view separator) {
  std::string names = "auto";
  for (const Importer& importer : Importers()) {
    names += separator;
    names += importer.name;
  }
  return names;
}

Result<const Importer*> DetectFormat(const SourceFile& file) {
  const std::string_view head = std::string_view(file.text).substr(0, kSniffBytes);
  if (head.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Result<const Importer*>::Failure(file.path + ":1: empty file");
  }
  if (const std::size_t binary = FindBinaryByte(head); binary != std::string_view::npos) {
    return Result<const Importer*>::Failure(Position(file.path, file.text, binary) + " (byte " +
                                            std::to_string(binary) +
                                            "): binary data, not a text trace");
  }
  const Importer* best = nullptr;
  int best_score = 0;
  for (const Importer& importer : Importers()) {
    const int score = importer.sniff(file.path, head);
    if (score > best_score) {
      best_score = score;
      best = &importer;
    }
  }
  if (best == nullptr) {
    return Result<const Importer*>::Failure(file.path + ":1: unrecognised format (not one of " +
                                            FormatNames(", ").substr(6) + ")");
  }
  return best;
}

namespace {

Result<ImportResult> ImportFilesUnguarded(const std::vector<std::string>& paths,
                                          std::string_view format, const LoadLimits& limits) {
  const Importer* chosen = nullptr;
  if (format != "auto") {
    chosen = FindImporter(format);
    if (chosen == nullptr) {
      return Result<ImportResult>::Failure("unknown format '" + std::string(format) + "' (" +
                                           FormatNames(", ") + ")");
    }
  }
  std::vector<SourceFile> files;
  for (const std::string& path : paths) {
    Result<SourceFile> file = LoadSource(path, limits);
    if (!file.ok()) return Result<ImportResult>::Failure(file.error());
    const std::string_view head = std::string_view(file->text).substr(0, kSniffBytes);
    if (head.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Result<ImportResult>::Failure(path + ":1: empty file");
    }
    if (const std::size_t binary = FindBinaryByte(head); binary != std::string_view::npos) {
      return Result<ImportResult>::Failure(Position(path, file->text, binary) + " (byte " +
                                           std::to_string(binary) +
                                           "): binary data, not a text trace");
    }
    if (format == "auto") {
      Result<const Importer*> detected = DetectFormat(*file);
      if (!detected.ok()) return Result<ImportResult>::Failure(detected.error());
      if (chosen != nullptr && chosen != *detected) {
        return Result<ImportResult>::Failure(
            path + ":1: looks like " + std::string((*detected)->name) + " but " + paths.front() +
            " looks like " + std::string(chosen->name) + "; import one format at a time");
      }
      chosen = *detected;
    }
    files.push_back(std::move(*file));
  }
  return chosen->import(files);
}

}  // namespace

Result<ImportResult> ImportFiles(const std::vector<std::string>& paths, std::string_view format,
                                 const LoadLimits& limits) {
  if (paths.empty()) return Result<ImportResult>::Failure("no input files");
  // No exception leaves trace/: the one a parser can still meet is running
  // out of memory on a huge input.
  try {
    return ImportFilesUnguarded(paths, format, limits);
  } catch (const std::bad_alloc&) {
    return Result<ImportResult>::Failure(paths.front() + ": out of memory while importing");
  } catch (const std::exception& error) {
    return Result<ImportResult>::Failure(paths.front() + ": " + error.what());
  }
}

}  // namespace collscope::trace
