#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"

namespace collscope::trace {
namespace {

using testing::DataPath;
using testing::TempPath;
using testing::WriteFile;

std::string Detected(const std::string& name) {
  Result<SourceFile> file = LoadSource(DataPath(name));
  EXPECT_TRUE(file.ok()) << file.error();
  Result<const Importer*> importer = DetectFormat(*file);
  EXPECT_TRUE(importer.ok()) << importer.error();
  return importer.ok() ? std::string((*importer)->name) : "";
}

TEST(ImporterRegistry, ListsEveryFormatByName) {
  for (const char* name : {"collscope", "nccl-tests", "nccl-log", "kineto"}) {
    EXPECT_NE(FindImporter(name), nullptr) << name;
  }
  EXPECT_EQ(FindImporter("csv"), nullptr);
}

TEST(ImporterRegistry, SniffsEachSampleAsItsFormat) {
  EXPECT_EQ(Detected("small_ring_allreduce.json"), "collscope");
  EXPECT_EQ(Detected("nccl_tests_new_allreduce_8gpu.txt"), "nccl-tests");
  EXPECT_EQ(Detected("nccl_tests_v2_10_no_root.txt"), "nccl-tests");
  // nccl-tests output with NCCL INFO lines is still nccl-tests output.
  EXPECT_EQ(Detected("nccl_tests_allgather_na_interleaved.txt"), "nccl-tests");
  EXPECT_EQ(Detected("nccl_log_2_21_single_node.log"), "nccl-log");
  EXPECT_EQ(Detected("nccl_log_2_18_two_nodes.log"), "nccl-log");
  EXPECT_EQ(Detected("kineto_rank0.json"), "kineto");
  EXPECT_EQ(Detected("kineto_old_names_rank0.json.gz"), "kineto");
}

TEST(ImporterRegistry, UnknownTextIsRejectedNamingTheFile) {
  const std::string path = TempPath("notes.csv");
  WriteFile(path, "a,b,c\n1,2,3\n");
  Result<ImportResult> result = ImportFiles({path}, "auto");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rfind(path + ":1: unrecognised format", 0), 0u) << result.error();
}

TEST(ImporterRegistry, EmptyAndBinaryFilesAreRejected) {
  const std::string empty = TempPath("empty.txt");
  WriteFile(empty, "\n\n");
  Result<ImportResult> result = ImportFiles({empty}, "auto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("empty file"), std::string::npos) << result.error();

  const std::string binary = TempPath("core.bin");
  WriteFile(binary, std::string("\x7f"
                                "ELF\x02\x01\x01\0\0\0",
                                10));
  result = ImportFiles({binary}, "nccl-tests");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("binary data"), std::string::npos) << result.error();
  EXPECT_NE(result.error().find("byte 4"), std::string::npos) << result.error();
}

TEST(ImporterRegistry, MixedFormatsInOneImportAreRejected) {
  Result<ImportResult> result = ImportFiles(
      {DataPath("nccl_tests_new_allreduce_8gpu.txt"), DataPath("kineto_rank0.json")}, "auto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("one format at a time"), std::string::npos) << result.error();
}

TEST(ImporterRegistry, WrongExplicitFormatIsAnError) {
  Result<ImportResult> result = ImportFiles({DataPath("kineto_rank0.json")}, "nccl-tests");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("kineto_rank0.json:1: no nccl-tests result table"),
            std::string::npos)
      << result.error();

  result = ImportFiles({DataPath("nccl_tests_new_allreduce_8gpu.txt")}, "kineto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("nccl_tests_new_allreduce_8gpu.txt:1:1"), std::string::npos)
      << result.error();

  result = ImportFiles({DataPath("kineto_rank0.json")}, "nccl-log");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("no NCCL log lines"), std::string::npos) << result.error();

  result = ImportFiles({DataPath("nccl_log_2_21_single_node.log")}, "collscope");
  ASSERT_FALSE(result.ok());

  result = ImportFiles({DataPath("small_ring_allreduce.json")}, "bogus");
  ASSERT_FALSE(result.ok());
}

TEST(ImporterRegistry, CollscopeImporterMergesSeveralTraces) {
  Result<ImportResult> result = ImportFiles(
      {DataPath("small_ring_allreduce.json"), DataPath("small_ring_allreduce.json")}, "auto");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.runs.size(), 2u);
  EXPECT_EQ(result->trace.phases.size(), 2u);
  EXPECT_EQ(result->trace.ranks.size(), 4u);
}

}  // namespace
}  // namespace collscope::trace
