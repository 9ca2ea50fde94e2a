// The GUI's layout at lecture sizes (issue 15): the counters of text cut by
// its clip rectangle and of text over text, read from ImGui's own draw lists
// (`layout` in --dump-state), at projector resolutions, in both layouts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace collscope::gui_test;

// The counters are not blind: the same screen squeezed into a small window
// cuts and stacks its text, and the counts rise.
TEST(GuiLayout, SqueezingTheWindowRaisesBothCounters) {
  REQUIRE_XVFB();
  const fs::path roomy = Dir() / "layout-roomy.json";
  const fs::path squeezed = Dir() / "layout-squeezed.json";
  const Result run = RunCollscope("gui --script 'resize 1920 1080;right;dump " + roomy.string() +
                                  ";resize 1000 460;dump " + squeezed.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json before = ReadJson(roomy)["layout"];
  const json after = ReadJson(squeezed)["layout"];
  EXPECT_GT(before["text_items"].get<int>(), 50);
  EXPECT_GT(after["clipped_text"].get<int>(), before["clipped_text"].get<int>());
  EXPECT_GT(after["overlapping_text"].get<int>(), before["overlapping_text"].get<int>());
}

}  // namespace
