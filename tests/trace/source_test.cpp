// Reading input files (trace/source.*): the one check that a file holds
// text, with one wording wherever it is made; reading just the head of a
// file for the sniffers; and handing an importer its files one at a time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"
#include "trace/reader.h"

namespace collscope::trace {
namespace {

using testing::TempPath;
using testing::WriteFile;

// The error an empty or binary file gets from each place that reads files.
std::vector<std::string> ErrorsEverywhere(const std::string& path) {
  std::vector<std::string> errors;
  errors.push_back(ImportFiles({path}, "auto").error());
  for (const Importer& importer : Importers()) {
    errors.push_back(ImportFiles({path}, importer.name).error());
    // An importer handed the text directly checks it too.
    Result<SourceFile> file = LoadSource(path);
    EXPECT_TRUE(file.ok());
    std::vector<SourceFile> files{std::move(*file)};
    errors.push_back(importer.import(files).error());
  }
  Result<SourceFile> file = LoadSource(path);
  errors.push_back(DetectFormat(*file).error());
  errors.push_back(ParseTrace(*file).error());
  errors.push_back(ReadTrace(path).error());
  return errors;
}

TEST(SourceText, AnEmptyFileIsToldSoInOneWording) {
  const std::string path = TempPath("blank.json");
  WriteFile(path, " \n\t\r\n");
  for (const std::string& error : ErrorsEverywhere(path)) {
    EXPECT_EQ(error, path + ":1: empty file");
  }
}

TEST(SourceText, ABinaryFileIsToldSoInOneWording) {
  const std::string path = TempPath("core.bin");
  // A NUL on line 2, column 3 (byte 5, counted from 0).
  WriteFile(path, std::string("ab\ncd\0ef", 8));
  for (const std::string& error : ErrorsEverywhere(path)) {
    EXPECT_EQ(error, path + ":2:3 (byte 5): binary data, not a text trace");
  }
}

TEST(SourceHead, TheHeadIsTheFirstBytesOfTheText) {
  std::string text = "\xEF\xBB\xBF";  // a byte order mark, not part of the text
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  const std::string plain = TempPath("head.txt");
  const std::string gz = TempPath("head.txt.gz");
  WriteFile(plain, text);
  WriteFile(gz, testing::Gzip(text));
  for (const std::string& path : {plain, gz}) {
    Result<SourceFile> head = LoadSourceHead(path, 1000);
    ASSERT_TRUE(head.ok()) << head.error();
    EXPECT_EQ(head->text, text.substr(3, 1000)) << path;
  }
  Result<SourceFile> whole = LoadSourceHead(plain, 1 << 30);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->text, text.substr(3));
  EXPECT_NE(LoadSourceHead(TempPath("missing.txt"), 10).error().find("cannot open"),
            std::string::npos);
}

TEST(SourceFilesTest, EachFileIsReadWhenTaken) {
  const std::string first = TempPath("first.log");
  const std::string second = TempPath("second.log");
  WriteFile(first, "one\n");
  WriteFile(second, "two\n");
  SourceFiles files({first, second}, LoadLimits{});
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files.path(1), second);
  Result<SourceFile> taken = files.Take(0);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->text, "one\n");
  // Not read yet: what is there when it is taken counts.
  WriteFile(second, "");
  EXPECT_EQ(files.Take(1).error(), second + ":1: empty file");
}

TEST(SourceFilesTest, TextsInMemoryAreMovedOut) {
  std::vector<SourceFile> loaded{{"a.log", "alpha\n"}, {"b.log", "beta\n"}};
  SourceFiles files(loaded);
  Result<std::vector<SourceFile>> all = files.TakeAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].path, "b.log");
  EXPECT_EQ((*all)[1].text, "beta\n");
  EXPECT_TRUE(loaded[0].text.empty());
}

}  // namespace
}  // namespace collscope::trace
