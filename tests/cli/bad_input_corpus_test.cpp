// Issue 8: every file of tests/data/bad makes each command that reads a
// trace print one line naming the file, exit 2, and write nothing.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli/run_binary.h"

namespace collscope {
namespace {

namespace fs = std::filesystem;
using testing::RunCollscope;

std::vector<fs::path> BadFiles() {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(fs::path(COLLSCOPE_SOURCE_DIR) / "tests/data/bad")) {
    if (entry.path().extension() != ".py") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class BadInputCorpus : public ::testing::TestWithParam<fs::path> {};

TEST_P(BadInputCorpus, EveryReaderGivesOneLineAndExitTwoAndWritesNothing) {
  const fs::path& file = GetParam();
  fs::path out =
      fs::path(::testing::TempDir()) / ("bad_corpus_" + file.filename().string() + ".out");
  fs::remove(out);
  for (const std::string& command :
       {"import '" + file.string() + "' -o '" + out.string() + "'",
        "export '" + file.string() + "' --chrome '" + out.string() + "'",
        "stats '" + file.string() + "'"}) {
    auto run = RunCollscope(command);
    EXPECT_EQ(run.exit_code, 2) << command << "\n" << run.out << run.err;
    EXPECT_EQ(run.out, "") << command;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << command << "\n" << run.err;
    EXPECT_NE(run.err.find(file.filename().string()), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(out)) << command << " left " << out;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, BadInputCorpus, ::testing::ValuesIn(BadFiles()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           std::string name;
                           for (char c : info.param.filename().string()) {
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace collscope
