#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
// Writes `text` to a fresh temp file `name` and imports it with `format`;
// the test checks the result, error included.
Result<ImportResult> ImportText(const std::string& name, const std::string& text,
                                const std::string& format = "auto");
// Passes when `warnings` holds one warning per entry of `parts`, in order,
// each containing its part; the failure message names every mismatch and
// prints all warnings. Use as ASSERT_TRUE(WarningsContain(...)).
::testing::AssertionResult WarningsContain(const std::vector<std::string>& warnings,
                                           const std::vector<std::string>& parts);
// A file of the real-file corpus (COLLSCOPE_REALDATA, else the realdata
// folder CMake finds beside the repository) imported as "auto"; nullopt when
// the corpus lacks it (a clone without it), a test failure when it does not
// import.
std::optional<Trace> ImportRealFile(const std::string& relative);
// Damaged copies of a file for importer robustness tests: cuts + 1
// truncations (0/cuts .. cuts/cuts of the text), then `rounds` copies with
// three bytes each replaced by one of `nasty`, positions and bytes drawn
// from std::mt19937(seed).
struct Damage {
  std::size_t cuts;
  int rounds;
  std::uint32_t seed;
  std::string_view nasty;
};
void ForEachDamagedCopy(const std::string& text, const Damage& damage,
                        const std::function<void(const std::string&)>& check);
// gzip of bytes (for .gz inputs made in tests).
std::string Gzip(const std::string& bytes);
// A ring-allreduce trace with `iterations` runs of p ranks, steps timed by
// a simple formula; used by round-trip, export and stats tests.
Trace MakeRingTrace(int ranks, int iterations, std::int64_t bytes);

}  // namespace collscope::trace::testing
