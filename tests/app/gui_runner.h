#pragma once

// Runs the `collscope gui` binary under Xvfb (Mesa software rendering) the
// way a user or a slide build would, for the GUI tests: exit code, output,
// the app's own state dump and the pixels of its screenshot.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace collscope::gui_test {

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::filesystem::path& path);
// A folder for this test binary's outputs.
std::filesystem::path Dir();
bool HaveXvfb();
// Runs `collscope <args>` under Xvfb at 1920x1080 (or with no display at all).
// Xvfb's pointer rests at the screen's centre, over the window; a larger
// `screen` puts it outside a window of 1920x1080 or less, so no tooltip opens.
Result RunCollscope(const std::string& args, bool display = true,
                    const std::string& screen = "1920x1080");
nlohmann::json ReadJson(const std::filesystem::path& path);

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;
  std::tuple<int, int, int> At(double x, double y) const;
  // Distinct colours on a coarse grid: a blank or one-colour picture has few.
  std::size_t SampledColours() const;
  // Pixels on every other row and column within 8 of (r, g, b) in each
  // channel.
  int CountColour(int r, int g, int b) const;
};
Image LoadImage(const std::filesystem::path& path);

// A screenshot and a state dump of one `collscope gui ARGS` run.
struct Shot {
  int code = -1;
  std::string err;
  nlohmann::json state;
  Image image;
};
Shot ShotOf(const std::string& args, const std::string& name);

}  // namespace collscope::gui_test

#define REQUIRE_XVFB() \
  if (!::collscope::gui_test::HaveXvfb()) GTEST_SKIP() << "xvfb-run is not installed"
