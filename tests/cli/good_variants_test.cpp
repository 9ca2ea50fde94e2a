// Windows line endings and a UTF-8 byte order mark are how editors on other
// machines save files; a trace saved that way still imports.
#include <gtest/gtest.h>

#include "tests/cli/run_binary.h"

namespace collscope {
namespace {

using testing::RunCollscope;

std::string Data(const std::string& name) {
  return std::string(COLLSCOPE_SOURCE_DIR) + "/tests/data/trace/" + name;
}

TEST(GoodVariants, WindowsLineEndingsImport) {
  std::string out = ::testing::TempDir() + "crlf_import.json";
  auto run =
      RunCollscope("import " + Data("nccl_tests_old_allreduce_4gpu_crlf.txt") + " -o " + out);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("10 measurements"), std::string::npos) << run.out;
}

TEST(GoodVariants, ByteOrderMarkIsIgnored) {
  std::string out = ::testing::TempDir() + "bom_import.json";
  auto run = RunCollscope("import " + Data("small_ring_allreduce_bom.json") + " -o " + out);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  auto stats = RunCollscope("stats " + Data("small_ring_allreduce_bom.json"));
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
}

}  // namespace
}  // namespace collscope
