#include "tests/trace/test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/trace/synthetic_ring.h"

namespace collscope::trace::testing {

std::string DataPath(const std::string& name) {
  return std::string(COLLSCOPE_TRACE_DATA_DIR) + "/" + name;
}

std::string TempPath(const std::string& name) {
  static int counter = 0;
  const std::string dir = ::testing::TempDir() + "trace_tests_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + std::to_string(++counter) + "_" + name;
  std::filesystem::remove(path);
  return path;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool FileExists(const std::string& path) { return std::filesystem::exists(path); }

ImportResult ImportData(const std::vector<std::string>& names, const std::string& format) {
  std::vector<std::string> paths;
  for (const std::string& name : names) paths.push_back(DataPath(name));
  Result<ImportResult> result = ImportFiles(paths, format);
  EXPECT_TRUE(result.ok()) << result.error();
  if (!result.ok()) return {};
  return std::move(*result);
}

Result<ImportResult> ImportText(const std::string& name, const std::string& text,
                                const std::string& format) {
  const std::string path = TempPath(name);
  WriteFile(path, text);
  return ImportFiles({path}, format);
}

::testing::AssertionResult WarningsContain(const std::vector<std::string>& warnings,
                                           const std::vector<std::string>& parts) {
  std::string failures;
  if (warnings.size() != parts.size()) {
    failures += "expected " + std::to_string(parts.size()) + " warning(s), got " +
                std::to_string(warnings.size()) + "\n";
  } else {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (warnings[i].find(parts[i]) == std::string::npos) {
        failures += "warning " + std::to_string(i) + " lacks \"" + parts[i] + "\"\n";
      }
    }
  }
  if (failures.empty()) return ::testing::AssertionSuccess();
  for (const std::string& warning : warnings) failures += "  warning: " + warning + "\n";
  return ::testing::AssertionFailure() << failures;
}

std::optional<Trace> ImportRealFile(const std::string& relative) {
  const char* dir = std::getenv("COLLSCOPE_REALDATA");
  const std::filesystem::path root =
      std::filesystem::path(dir != nullptr && *dir != '\0' ? dir : COLLSCOPE_REALDATA_DIR);
  const std::filesystem::path file = root / relative;
  if (!std::filesystem::exists(file)) {
    // Without the corpus a test skips; with it, a name it lacks is the
    // test's mistake, which would otherwise skip for ever.
    if (std::filesystem::exists(root / "EXPECTED.json")) {
      ADD_FAILURE() << "the realdata corpus has no " << relative;
    }
    return std::nullopt;
  }
  Result<ImportResult> loaded = ImportFiles({file.string()}, "auto");
  if (!loaded.ok()) {
    ADD_FAILURE() << loaded.error();
    return std::nullopt;
  }
  return std::move(loaded->trace);
}

std::string Gzip(const std::string& bytes) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, bytes.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

void ForEachDamagedCopy(const std::string& text, const Damage& damage,
                        const std::function<void(const std::string&)>& check) {
  for (std::size_t i = 0; i <= damage.cuts; ++i) {
    check(text.substr(0, text.size() * i / damage.cuts));
  }
  std::mt19937 random(damage.seed);
  for (int round = 0; round < damage.rounds; ++round) {
    std::string damaged = text;
    for (int k = 0; k < 3; ++k) {
      damaged[random() % damaged.size()] = damage.nasty[random() % damage.nasty.size()];
    }
    check(damaged);
  }
}

Trace MakeRingTrace(int ranks, int iterations, std::int64_t bytes) {
  Trace trace;
  trace.meta.source = "example";
  trace.meta.note = "made by the trace tests";
  for (int r = 0; r < ranks; ++r) trace.ranks.push_back({r, "testhost", r});
  trace.topology.rings.emplace_back();
  for (int r = 0; r < ranks; ++r) trace.topology.rings.back().push_back(r);
  const std::uint16_t rs = trace.InternPhase("reduce-scatter");
  const std::uint16_t ag = trace.InternPhase("all-gather");
  std::int64_t t = 0;
  for (int it = 0; it < iterations; ++it) {
    Run run = RingRun(bytes, it, /*t_start_ns=*/t);
    for (int s = 1; s <= 2 * (ranks - 1); ++s) {
      std::int64_t step_end = t;
      for (int r = 0; r < ranks; ++r) {
        StepEvent e = RingStepEvent(ranks, s, r, bytes, rs, ag);
        e.t_start_ns = t + r;
        e.t_end_ns = t + 1000 + 10 * r;
        step_end = std::max(step_end, e.t_end_ns);
        run.steps.push_back(e);
      }
      t = step_end;
    }
    run.t_end_ns = t;
    trace.runs.push_back(std::move(run));
  }
  return trace;
}

}  // namespace collscope::trace::testing
