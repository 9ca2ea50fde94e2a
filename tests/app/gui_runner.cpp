#include "tests/app/gui_runner.h"

#include <stb_image.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace collscope::gui_test {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path Dir() {
  const fs::path dir = fs::path(testing::TempDir()) / "collscope-app-tests";
  fs::create_directories(dir);
  return dir;
}

bool HaveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

Result RunCollscope(const std::string& args, bool display, const std::string& screen) {
  // Parameterised tests are named "Case/param": keep the file name flat.
  std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(name.begin(), name.end(), '/', '_');
  const fs::path out = Dir() / (name + ".out");
  const fs::path err = Dir() / (name + ".err");
  const fs::path code = Dir() / (name + ".code");
  const fs::path script = Dir() / (name + ".sh");
  fs::remove(code);
  // collscope's own exit status goes to a file: xvfb-run exits with codes of
  // its own (5 when removing its temporary folder fails at clean-up, seen
  // once under load in CI) that are not the program's.
  std::ofstream(script) << COLLSCOPE_BINARY << " " << args << " >" << out.string() << " 2>"
                        << err.string() << "\necho $? >" << code.string() << "\n";
  const std::string prefix = display ? "xvfb-run -a -s '-screen 0 " + screen + "x24' "
                                     : "env -u DISPLAY -u WAYLAND_DISPLAY ";
  const int status = std::system((prefix + "sh " + script.string()).c_str());
  Result result;
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (const std::string recorded = Slurp(code); !recorded.empty()) {
    result.code = std::stoi(recorded);
  }
  result.out = Slurp(out);
  result.err = Slurp(err);
  return result;
}

nlohmann::json ReadJson(const fs::path& path) { return nlohmann::json::parse(Slurp(path)); }

std::tuple<int, int, int> Image::At(double x, double y) const {
  const std::size_t i = (static_cast<std::size_t>(y) * width + static_cast<std::size_t>(x)) * 3;
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

std::size_t Image::SampledColours() const {
  std::set<std::tuple<int, int, int>> colours;
  for (int y = 0; y < height; y += 7) {
    for (int x = 0; x < width; x += 7) colours.insert(At(x, y));
  }
  return colours.size();
}

int Image::CountColour(int r, int g, int b) const {
  int count = 0;
  for (int y = 0; y < height; y += 2) {
    for (int x = 0; x < width; x += 2) {
      auto [pr, pg, pb] = At(x, y);
      if (std::abs(pr - r) <= 8 && std::abs(pg - g) <= 8 && std::abs(pb - b) <= 8) ++count;
    }
  }
  return count;
}

Image LoadImage(const fs::path& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 3);
  if (data) {
    image.rgb.assign(data, data + static_cast<std::size_t>(image.width) * image.height * 3);
    stbi_image_free(data);
  }
  return image;
}

Shot ShotOf(const std::string& args, const std::string& name) {
  const fs::path png = Dir() / (name + ".png");
  const fs::path state = Dir() / (name + ".json");
  const Result run = RunCollscope("gui " + args + " --screenshot " + png.string() +
                                  " --dump-state " + state.string());
  Shot shot;
  shot.code = run.code;
  shot.err = run.err;
  if (run.code == 0) {
    shot.state = ReadJson(state);
    shot.image = LoadImage(png);
  }
  return shot;
}

}  // namespace collscope::gui_test
