#include "app/gui_options.h"

#include <gtest/gtest.h>

#include "app/cli/args.h"
#include "app/script.h"

namespace collscope::gui {
namespace {

std::string ErrorOf(const std::vector<std::string>& args) {
  try {
    ParseGuiOptions(args);
  } catch (const cli::UsageError& error) {
    return error.message;
  }
  return "";
}

TEST(GuiOptions, NoArgumentsIsTheDefaultLesson) {
  const GuiOptions options = ParseGuiOptions({});
  EXPECT_FALSE(options.lesson_id);
  EXPECT_FALSE(options.setup);
  EXPECT_FALSE(IsBatchRun(options));
}

TEST(GuiOptions, ParsesTheScreenshotCommandLine) {
  const GuiOptions options =
      ParseGuiOptions({"--lesson", "ring-allreduce", "--step", "3", "--screenshot", "out.png",
                       "--theme", "dark", "--size", "1280x720", "--presenter"});
  EXPECT_EQ(options.lesson_id, "ring-allreduce");
  EXPECT_EQ(options.step, 3);
  EXPECT_EQ(options.screenshot, "out.png");
  EXPECT_EQ(options.theme, Theme::kDark);
  EXPECT_EQ(options.width, 1280);
  EXPECT_EQ(options.height, 720);
  EXPECT_TRUE(options.presenter);
  EXPECT_TRUE(IsBatchRun(options));
}

TEST(GuiOptions, ParsesASetupInsteadOfALesson) {
  const GuiOptions options =
      ParseGuiOptions({"-c", "all-reduce", "-a", "double-binary-tree", "-p", "64", "-n", "64M"});
  ASSERT_TRUE(options.setup);
  EXPECT_EQ(options.setup->collective, engine::Collective::kAllReduce);
  EXPECT_EQ(options.setup->algorithm, "double-binary-tree");
  EXPECT_EQ(options.setup->ranks, 64);
  EXPECT_EQ(options.bytes, 64e6);
}

TEST(GuiOptions, BadFlagsNameTheFlagOrValue) {
  EXPECT_NE(ErrorOf({"--bogus"}).find("--bogus"), std::string::npos);
  EXPECT_NE(ErrorOf({"--theme", "purple"}).find("purple"), std::string::npos);
  EXPECT_NE(ErrorOf({"-c", "allsum"}).find("allsum"), std::string::npos);
  EXPECT_NE(ErrorOf({"-c", "allreduce", "-a", "spiral"}).find("spiral"), std::string::npos);
  EXPECT_NE(ErrorOf({"--size", "big"}).find("big"), std::string::npos);
  EXPECT_NE(ErrorOf({"--lesson", "x", "-c", "allreduce"}).find("--lesson"), std::string::npos);
  EXPECT_FALSE(ErrorOf({"-c", "allreduce", "-p", "0"}).empty());
}

TEST(Script, ParsesKeysCommandsAndArguments) {
  const auto commands = ParseScript("right; right;step 3\nscreenshot a.png;walk-all 5");
  ASSERT_EQ(commands.size(), 5u);
  EXPECT_EQ(commands[0].verb, "key");
  EXPECT_EQ(commands[0].args[0], "right");
  EXPECT_EQ(commands[2].verb, "step");
  EXPECT_EQ(commands[3].args[0], "a.png");
  EXPECT_EQ(commands[4].verb, "walk-all");
}

TEST(Script, RejectsUnknownCommandsAndBadNumbers) {
  EXPECT_THROW(ParseScript("jump"), cli::UsageError);
  EXPECT_THROW(ParseScript("step x"), cli::UsageError);
  EXPECT_THROW(ParseScript("key banana"), cli::UsageError);
  EXPECT_THROW(ParseScript("screenshot"), cli::UsageError);
}

}  // namespace
}  // namespace collscope::gui
