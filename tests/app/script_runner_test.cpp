// The script runner and its verb table without a display: a stand-in
// window records what the runner asks of it.
#include "app/gui/script_runner.h"

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app/cli/args.h"
#include "app/gui/key_names.h"
#include "app/script.h"
#include "engine/algorithm.h"

namespace collscope::gui {
namespace {

class FakeWindow final : public Window {
 public:
  Size FramebufferSize() const override { return {640, 480}; }
  Size WindowSize() const override { return {640, 480}; }
  float ContentScale() const override { return 1; }
  bool SetFullscreen(bool) override { return true; }
  void Resize(int width, int height) override { sizes.push_back({width, height}); }
  void Key(int key, bool down) override { keys.emplace_back(key, down); }
  void Drop(const std::vector<std::string>& paths) override { drops.push_back(paths); }
  void RebuildFontsTexture() override {}

  std::vector<std::pair<int, bool>> keys;  // (key, down) in order
  std::vector<Size> sizes;
  std::vector<std::vector<std::string>> drops;
};

// A runner over a fresh state (the default lesson) and the fake window.
struct Rig {
  AppState state;
  PanelSet panels;
  Imports imports{state, panels.banner};
  FakeWindow window;
  ScriptRunner runner;
  explicit Rig(const std::string& script)
      : runner(ParseScript(script), ScriptTargets{state, panels, imports, window}) {}
  // Frames until the script is done (at most `limit`); returns how many.
  int RunToEnd(int limit = 200) {
    int frames = 0;
    while (!runner.Done() && frames < limit) {
      runner.BeforeFrame();
      ++frames;
    }
    return frames;
  }
};

TEST(ScriptVerbs, EachVerbIsListedOnceWithAHandlerAndSaneArgumentCounts) {
  std::set<std::string_view> names;
  for (const ScriptVerb& verb : ScriptVerbs()) {
    EXPECT_TRUE(names.insert(verb.name).second) << verb.name << " is listed twice";
    EXPECT_NE(verb.run, nullptr) << verb.name;
    EXPECT_LE(verb.min_args, verb.max_args) << verb.name;
    EXPECT_EQ(FindScriptVerb(verb.name), &verb);
  }
  EXPECT_EQ(FindScriptVerb("jump"), nullptr);
}

TEST(ScriptVerbs, UsageNamesEveryVerbAndKeyAndStaysWithinItsWidth) {
  const std::string usage = ScriptUsage(/*indent=*/4, /*width=*/60);
  for (const ScriptVerb& verb : ScriptVerbs()) {
    EXPECT_NE(usage.find(std::string(verb.name)), std::string::npos) << verb.name;
  }
  for (const KeyName& key : KeyNames()) {
    EXPECT_NE(usage.find(std::string(key.name)), std::string::npos) << key.name;
  }
  std::size_t start = 0;
  while (start < usage.size()) {
    const std::size_t end = std::min(usage.find('\n', start), usage.size());
    const std::string line = usage.substr(start, end - start);
    EXPECT_EQ(line.rfind("    ", 0), 0u) << line;
    // A single word longer than the width may overflow; no line of several.
    if (line.find(' ', 4) != std::string::npos) {
      EXPECT_LE(line.size(), 60u) << line;
    }
    start = end + 1;
  }
}

TEST(ScriptVerbs, EveryVerbParsesWithItsSmallestValidArguments) {
  for (const ScriptVerb& verb : ScriptVerbs()) {
    std::string command(verb.name);
    for (int i = 0; i < verb.min_args; ++i) {
      command += verb.check == ScriptArgs::kKeyName ? " right"
                 : verb.check == ScriptArgs::kWords ? " word"
                                                    : " 1";
    }
    const auto parsed = ParseScript(command);
    ASSERT_EQ(parsed.size(), 1u) << command;
    EXPECT_EQ(parsed[0].verb, verb.name);
    EXPECT_EQ(static_cast<int>(parsed[0].args.size()), verb.min_args);
    if (verb.max_args > verb.min_args) continue;
    EXPECT_THROW(ParseScript(command + " extra"), cli::UsageError) << command;
  }
}

TEST(ScriptParse, ChecksEachVerbsArgumentsAsItsRowSays) {
  EXPECT_NO_THROW(ParseScript("replay-seek 12.5; replay-speed 1/1000; resize 800 600"));
  EXPECT_THROW(ParseScript("replay-seek -1"), cli::UsageError);
  EXPECT_THROW(ParseScript("replay-speed 2"), cli::UsageError);
  EXPECT_THROW(ParseScript("resize 800 wide"), cli::UsageError);
  EXPECT_THROW(ParseScript("mash 1234567890"), cli::UsageError);  // more than 9 digits
}

TEST(KeyNames, EachNameIsSpelledOnceAndMapsToItsGlfwKey) {
  std::set<std::string_view> names;
  for (const KeyName& key : KeyNames()) EXPECT_TRUE(names.insert(key.name).second) << key.name;
  EXPECT_EQ(KeyCode("right"), GLFW_KEY_RIGHT);
  EXPECT_EQ(KeyCode("pagedown"), GLFW_KEY_PAGE_DOWN);
  EXPECT_EQ(KeyCode("f1"), GLFW_KEY_F1);
  EXPECT_EQ(KeyCode("banana"), std::nullopt);
}

TEST(ScriptRunner, AKeyGoesDownForOneFrameThenUpBeforeTheNextCommand) {
  Rig rig("right; left");
  rig.runner.BeforeFrame();
  ASSERT_EQ(rig.window.keys.size(), 1u);
  EXPECT_EQ(rig.window.keys[0], std::make_pair(GLFW_KEY_RIGHT, true));
  rig.runner.BeforeFrame();  // the release frame: no new key
  ASSERT_EQ(rig.window.keys.size(), 2u);
  EXPECT_EQ(rig.window.keys[1], std::make_pair(GLFW_KEY_RIGHT, false));
  rig.runner.BeforeFrame();
  ASSERT_EQ(rig.window.keys.size(), 3u);
  EXPECT_EQ(rig.window.keys[2], std::make_pair(GLFW_KEY_LEFT, true));
  EXPECT_FALSE(rig.runner.Done());  // LEFT is still down
  rig.runner.BeforeFrame();
  EXPECT_TRUE(rig.runner.Done());
  EXPECT_EQ(rig.runner.failures(), 0);
}

TEST(ScriptRunner, MashPressesOneKnownKeyAFrameReleasingTheLastFirst) {
  Rig rig("mash 20");
  rig.RunToEnd();
  // 20 presses, each released (the previous one before the next press).
  ASSERT_EQ(rig.window.keys.size(), 40u);
  std::set<int> known;
  for (const KeyName& key : KeyNames()) known.insert(key.key);
  int down = -1;
  for (const auto& [key, is_down] : rig.window.keys) {
    EXPECT_TRUE(known.count(key)) << key;
    if (is_down) {
      EXPECT_EQ(down, -1) << "two keys down at once";
      down = key;
    } else {
      EXPECT_EQ(key, down);
      down = -1;
    }
  }
  EXPECT_EQ(down, -1);
}

TEST(ScriptRunner, CommandsThatNeedNoFrameRunInTheSameFrameAsTheNext) {
  // expect-final fails at step 0 and does not take a frame: the step after
  // it runs in the same frame.
  Rig rig("expect-final; step 3");
  rig.runner.BeforeFrame();
  EXPECT_EQ(rig.runner.failures(), 1);
  EXPECT_EQ(rig.state.step(), 3);
}

TEST(ScriptRunner, WalkStepsToTheEndAndVerifiesTheResult) {
  Rig rig("walk; expect-final");
  rig.RunToEnd();
  EXPECT_TRUE(rig.state.AtEnd());
  EXPECT_EQ(rig.runner.failures(), 0);
}

TEST(ScriptRunner, ResizeIsClampedAndDropGoesToTheWindowsDropPath) {
  Rig rig("resize 0 99999; drop a.json b.json");
  rig.RunToEnd();
  ASSERT_EQ(rig.window.sizes.size(), 1u);
  EXPECT_EQ(rig.window.sizes[0].width, 1);
  EXPECT_EQ(rig.window.sizes[0].height, 16384);
  ASSERT_EQ(rig.window.drops.size(), 1u);
  EXPECT_EQ(rig.window.drops[0], (std::vector<std::string>{"a.json", "b.json"}));
}

TEST(ScriptRunner, AFailedCommandIsCountedAndTheScriptGoesOn) {
  Rig rig("load allreduce spiral; panel sidebar on; replay-play; step 2");
  rig.RunToEnd();
  EXPECT_EQ(rig.runner.failures(), 3);
  EXPECT_EQ(rig.state.step(), 2);
}

TEST(WalkAll, EveryPairLoadsOrIsRefusedForNeedingAPowerOfTwo) {
  for (const int ranks : {4, 5}) {
    AppState state;
    WalkAll walk;
    walk.Start(ranks);
    std::vector<std::string> failures;
    int loads = 0;
    while (walk.LoadNext(state, [&](const std::string& what) { failures.push_back(what); })) {
      EXPECT_EQ(state.config().ranks, ranks);
      ++loads;
    }
    EXPECT_TRUE(failures.empty()) << failures.front();
    EXPECT_FALSE(walk.active());
    std::size_t pairs = 0;
    int power_of_two_only = 0;
    for (const auto& algorithm : engine::Algorithms()) {
      pairs += algorithm.collectives.size();
      if (algorithm.needs_power_of_two) power_of_two_only += algorithm.collectives.size();
    }
    EXPECT_EQ(walk.walked(), loads);
    EXPECT_EQ(static_cast<std::size_t>(walk.walked() + walk.refused()), pairs);
    EXPECT_EQ(walk.refused(), ranks == 4 ? 0 : power_of_two_only) << "p=" << ranks;
  }
}

}  // namespace
}  // namespace collscope::gui
