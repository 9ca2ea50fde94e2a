#pragma once

#include <optional>
#include <string>

#include "trace/importers/importer.h"
#include "trace/model.h"

namespace collscope::trace::testing {

// tests/data/trace/<name>
std::string DataPath(const std::string& name);
// A fresh path under the test temp dir (the file does not exist).
std::string TempPath(const std::string& name);
void WriteFile(const std::string& path, const std::string& bytes);
std::string ReadFile(const std::string& path);
bool FileExists(const std::string& path);
// Imports data files with the given format; fails the test on error.
ImportResult ImportData(const std::vector<std::string>& names, const std::string& format);
// A file of the real-file corpus (COLLSCOPE_REALDATA, else ../shared/realdata)
// imported as "auto"; nullopt when the corpus lacks it (a clone without
// ../shared), a test failure when it does not import.
std::optional<Trace> ImportRealFile(const std::string& relative);
// gzip of bytes (for .gz inputs made in tests).
std::string Gzip(const std::string& bytes);
// A ring-allreduce trace with `iterations` runs of p ranks, steps timed by
// a simple formula; used by round-trip, export and stats tests.
Trace MakeRingTrace(int ranks, int iterations, std::int64_t bytes);

}  // namespace collscope::trace::testing
