// Importers and the reader on damaged input: every truncation point and
// random byte damage must give a result or an error line, never a crash
// (run under ASan/UBSan in CI).
#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"
#include "trace/reader.h"

namespace collscope::trace {
namespace {

void ImportBytes(const std::string& format, const std::string& bytes) {
  Result<SourceFile> file = SourceFromBytes("damaged", bytes);
  if (!file.ok()) {
    EXPECT_FALSE(file.error().empty());
    return;
  }
  std::vector<SourceFile> files;
  files.push_back(std::move(*file));
  // The sniffers see the damaged bytes too.
  Result<const Importer*> detected = DetectFormat(files.front());
  EXPECT_TRUE(detected.ok() || !detected.error().empty());
  Result<ImportResult> result = FindImporter(format)->import(files);
  if (!result.ok()) {
    EXPECT_FALSE(result.error().empty());
    EXPECT_EQ(result.error().find('\n'), std::string::npos) << result.error();
    EXPECT_EQ(result.error().rfind("damaged", 0), 0u) << result.error();
  }
}

class DamagedInput : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(DamagedInput, TruncationAndByteFlipsNeverCrash) {
  const auto [name, format] = GetParam();
  std::string text = testing::ReadFile(testing::DataPath(name));
  if (std::string(name).ends_with(".gz")) {
    Result<SourceFile> plain = SourceFromBytes("x", text);
    ASSERT_TRUE(plain.ok());
    text = plain->text;
  }
  ASSERT_FALSE(text.empty());
  const char kNasty[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\n', ' ', '-', '9', 'e', '\0'};
  testing::ForEachDamagedCopy(
      text, {.cuts = 60, .rounds = 80, .seed = 12345, .nasty = {kNasty, sizeof kNasty}},
      [format = format](const std::string& bytes) { ImportBytes(format, bytes); });
}

INSTANTIATE_TEST_SUITE_P(
    Samples, DamagedInput,
    ::testing::Values(std::make_pair("small_ring_allreduce.json", "collscope"),
                      std::make_pair("nccl_tests_new_allreduce_8gpu.txt", "nccl-tests"),
                      std::make_pair("nccl_tests_v2_10_no_root.txt", "nccl-tests"),
                      std::make_pair("nccl_log_2_21_single_node.log", "nccl-log"),
                      std::make_pair("nccl_log_2_28_48ranks_truncated_ring.log", "nccl-log"),
                      std::make_pair("kineto_rank0.json", "kineto"),
                      std::make_pair("kineto_old_names_rank0.json.gz", "kineto")));

// Found by fuzz_import_collscope: the parser kept a view of the text across
// the reserve that adds simdjson's padding, and read freed memory when the
// text had no spare capacity (ASan: heap-use-after-free).
TEST(ParseTrace, TextWithoutSpareCapacityIsParsedSafely) {
  SourceFile source;
  source.path = "tight.json";
  source.text = R"({"format":"collscope-trace","version":1,"runs":[]}  )";
  source.text.shrink_to_fit();
  auto trace = ParseTrace(source);
  EXPECT_TRUE(trace.ok()) << trace.error();
  SourceFile trailing{"trailing.json", R"({"format":"collscope-trace","version":1} x)"};
  trailing.text.shrink_to_fit();
  auto bad = ParseTrace(trailing);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rfind("trailing.json:1:", 0), 0u) << bad.error();
}

}  // namespace
}  // namespace collscope::trace
