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
  if (Status status = CheckText(file); !status.ok()) {
    return Result<const Importer*>::Failure(status.error);
  }
  const std::string_view head = std::string_view(file.text).substr(0, kSniffBytes);
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
  // Every file's head is read and checked first, so that a file of the wrong
  // format or a binary one is refused before any is parsed; the importer
  // then reads the files one at a time.
  for (const std::string& path : paths) {
    Result<SourceFile> head = LoadSourceHead(path, kSniffBytes, limits);
    if (!head.ok()) return Result<ImportResult>::Failure(head.error());
    if (Status status = CheckText(*head); !status.ok()) {
      return Result<ImportResult>::Failure(status.error);
    }
    if (format == "auto") {
      Result<const Importer*> detected = DetectFormat(*head);
      if (!detected.ok()) return Result<ImportResult>::Failure(detected.error());
      if (chosen != nullptr && chosen != *detected) {
        return Result<ImportResult>::Failure(
            path + ":1: looks like " + std::string((*detected)->name) + " but " + paths.front() +
            " looks like " + std::string(chosen->name) + "; import one format at a time");
      }
      chosen = *detected;
    }
  }
  return chosen->import(SourceFiles(paths, limits));
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
