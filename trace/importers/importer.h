#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trace/model.h"
#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace {

struct ImportResult {
  Trace trace;
  // Findings that do not stop the import (a busbw that disagrees with the
  // factors, an unknown line), each one line naming file and line.
  std::vector<std::string> warnings;
};

// The import of a format whose parser keeps views into every file's text
// (the text logs, small by nature): takes all of `sources` at once, then
// `parse(files, result)` fills the result or says why it cannot.
template <typename Parse>
Result<ImportResult> ImportAllAtOnce(SourceFiles sources, const Parse& parse) {
  Result<std::vector<SourceFile>> taken = sources.TakeAll();
  if (!taken.ok()) return Result<ImportResult>::Failure(taken.error());
  ImportResult result;
  if (Status status = parse(std::as_const(*taken), result); !status.ok()) {
    return Result<ImportResult>::Failure(status.error);
  }
  return result;
}

// One outside format. Each importer lives in importers/<format>/ as a
// tokenizer (bytes to records) and a parser (records to the model), and
// exposes a function returning this descriptor; registry.cpp lists them, so
// registration survives static linking without --whole-archive.
struct Importer {
  std::string_view name;  // the --format value
  std::string_view description;
  // How sure the importer is that `head` (the first bytes of the
  // decompressed file) is its format: 0 = not this format, 100 = certain.
  int (*sniff)(std::string_view path, std::string_view head);
  // Imports one or more files of this format into one trace (several Kineto
  // rank files merge onto one time base), taking them one at a time.
  Result<ImportResult> (*import)(SourceFiles files);
};

// All importers, in the order they are tried.
const std::vector<Importer>& Importers();
const Importer* FindImporter(std::string_view name);
// "auto" and every importer's name, joined by `separator`: the --format
// values, for usage texts and errors.
std::string FormatNames(std::string_view separator);

// The importer whose sniffer is most certain about `file`; an error line
// naming the file when none is (or when it is empty or binary).
Result<const Importer*> DetectFormat(const SourceFile& file);

// Loads the files and imports them with `format` ("auto" sniffs each file;
// all must be of one format).
Result<ImportResult> ImportFiles(const std::vector<std::string>& paths, std::string_view format,
                                 const LoadLimits& limits = {});

// Where sniffers look: the first 64 KiB.
inline constexpr std::size_t kSniffBytes = 1 << 16;

}  // namespace collscope::trace
