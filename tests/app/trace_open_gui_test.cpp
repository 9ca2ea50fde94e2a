// Opening traces in the running GUI under Xvfb: --trace, the script's
// `open` (File > Open's path through the background loader) and `drop` (a
// drop on the window), the pictures of traces without per-step events
// (nccl-tests busbw plot, NCCL rings and trees), and the error banner.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/render/theme.h"
#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using collscope::gui_test::Dir;
using collscope::gui_test::Image;
using collscope::gui_test::LoadImage;
using collscope::gui_test::ReadJson;
using collscope::gui_test::RunCollscope;
using collscope::gui_test::Shot;
using collscope::gui_test::ShotOf;

std::string Source(const std::string& relative) {
  return std::string(COLLSCOPE_SOURCE_DIR) + "/" + relative;
}

// Pixels of one colour (within a small tolerance) on a coarse grid.
// Pixels of a palette colour of the default (light) theme, so the tests
// follow the theme rather than repeat its values.
int CountColour(const Image& image, ImU32 color) {
  return image.CountColour((color >> IM_COL32_R_SHIFT) & 0xFF, (color >> IM_COL32_G_SHIFT) & 0xFF,
                           (color >> IM_COL32_B_SHIFT) & 0xFF);
}

const collscope::gui::Palette& Light() {
  static const collscope::gui::Palette palette =
      collscope::gui::MakePalette(collscope::gui::Theme::kLight);
  return palette;
}

TEST(TraceOpenGui, NcclTestsOutputShowsTheBusbwPlotAgainstTheModel) {
  REQUIRE_XVFB();
  const std::string trace = Source("tests/data/trace/nccl_tests_new_allreduce_8gpu.txt");
  const Shot shot = ShotOf("--trace " + trace, "busbw_plot");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const auto& j = shot.state;
  EXPECT_EQ(j["centre_view"], "busbw-plot");
  EXPECT_EQ(j["trace_path"], trace);
  EXPECT_EQ(j["trace_measurements"], 16);
  // Every row half is a point: 8 sizes, out-of-place and in-place.
  EXPECT_EQ(j["plot_points_drawn"], 16);
  EXPECT_GT(j["model_points_drawn"], 20);
  EXPECT_EQ(j["collective"], "allreduce");
  EXPECT_EQ(j["ranks"], 8);
  EXPECT_EQ(j["trace_banner"], "");
  EXPECT_GT(shot.image.SampledColours(), 20u) << "the screenshot looks blank";
  // The series in their colours: out-of-place and in-place the two tree
  // colours, the model the first other colour (busbw_plot.cpp).
  EXPECT_GT(CountColour(shot.image, Light().tree[0]), 20);
  EXPECT_GT(CountColour(shot.image, Light().tree[1]), 20);
  EXPECT_GT(CountColour(shot.image, Light().phase_other[0]), 50);
}

TEST(TraceOpenGui, ANcclLogShowsItsRingsWithTransports) {
  REQUIRE_XVFB();
  const Shot shot =
      ShotOf("--trace " + Source("tests/data/trace/nccl_log_2_18_two_nodes.log"), "nccl_rings");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["centre_view"], "nccl-rings");
  EXPECT_EQ(shot.state["topology_ranks_drawn"], 4);
  EXPECT_EQ(shot.state["topology_links_drawn"], 4);
  EXPECT_EQ(shot.state["topology_channel"], 0);
  EXPECT_GT(shot.image.SampledColours(), 20u) << "the screenshot looks blank";
  // Two hosts: SHM inside each, NET between them (trace_topology.cpp).
  EXPECT_GT(CountColour(shot.image, Light().phase_other[0]), 50);
  EXPECT_GT(CountColour(shot.image, Light().tree[1]), 50);
}

TEST(TraceOpenGui, FortyEightRanksDrawTheWholeRingAndTheTreesSwitch) {
  REQUIRE_XVFB();
  const fs::path rings = Dir() / "rings48.json";
  const fs::path png = Dir() / "rings48.png";
  const fs::path trees = Dir() / "trees.json";
  const fs::path schedule = Dir() / "schedule.json";
  const auto run = RunCollscope(
      "gui --trace " + Source("tests/data/trace/nccl_log_2_28_48ranks_truncated_ring.log") +
      " --script 'screenshot " + png.string() + ";dump " + rings.string() + ";open " +
      Source("tests/data/trace/nccl_log_2_18_two_nodes.log") + ";wait-load;picture trees 1;dump " +
      trees.string() + ";picture schedule;dump " + schedule.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const auto r = ReadJson(rings);
  EXPECT_EQ(r["centre_view"], "nccl-rings");
  EXPECT_EQ(r["topology_ranks_drawn"], 48);
  EXPECT_EQ(r["topology_links_drawn"], 48);
  EXPECT_EQ(r["ranks"], 48);
  EXPECT_GT(LoadImage(png).SampledColours(), 20u);
  const auto t = ReadJson(trees);
  EXPECT_EQ(t["centre_view"], "nccl-trees");
  EXPECT_EQ(t["topology_channel"], 1);
  EXPECT_EQ(t["topology_ranks_drawn"], 4);
  EXPECT_EQ(t["topology_links_drawn"], 3);  // a tree of 4 ranks has 3 edges
  EXPECT_EQ(t["trace_path"], Source("tests/data/trace/nccl_log_2_18_two_nodes.log"));
  // The switch to the schedule beside the trace: allreduce by ring, p = 4.
  const auto s = ReadJson(schedule);
  EXPECT_EQ(s["centre_view"], "ring");
  EXPECT_EQ(s["ranks"], 4);
  EXPECT_EQ(s["arrows_drawn"], 0);  // step 0
}

TEST(TraceOpenGui, ABadFileAfterAGoodOneKeepsTheGoodOneAndShowsTheBanner) {
  REQUIRE_XVFB();
  const std::string good = Source("tests/data/trace/nccl_tests_new_allreduce_8gpu.txt");
  // Every file of the bad corpus in one run (the gzip bomb aside: 1.1 GiB
  // to inflate, the loader test covers it), each opened after the last.
  std::vector<fs::path> bad;
  for (const auto& entry : fs::directory_iterator(Source("tests/data/bad"))) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".py" || name == "gzip_bomb.json.gz") continue;
    bad.push_back(entry.path());
  }
  ASSERT_GE(bad.size(), 20u);
  std::string script;
  for (std::size_t i = 0; i < bad.size(); ++i) {
    script += "open " + bad[i].string() + ";wait-load;dump " +
              (Dir() / ("bad" + std::to_string(i) + ".json")).string() + ";";
  }
  const fs::path png = Dir() / "bad_banner.png";
  script += "screenshot " + png.string();
  const auto run = RunCollscope("gui --trace " + good + " --script '" + script + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  for (std::size_t i = 0; i < bad.size(); ++i) {
    const auto j = ReadJson(Dir() / ("bad" + std::to_string(i) + ".json"));
    const std::string banner = j["trace_banner"];
    const std::string name = bad[i].filename().string();
    // One line naming the file (and, where the importer has one, its position).
    EXPECT_NE(banner.find(name), std::string::npos) << name << ": " << banner;
    EXPECT_EQ(banner.find('\n'), std::string::npos) << banner;
    EXPECT_EQ(j["trace_path"], good) << name;
    EXPECT_EQ(j["centre_view"], "busbw-plot") << name;
    EXPECT_EQ(j["plot_points_drawn"], 16) << name;
    EXPECT_EQ(j["trace_loading"], false) << name;
  }
  // truncated_in_steps.json: the position is the importer's FILE:LINE:COL.
  for (std::size_t i = 0; i < bad.size(); ++i) {
    if (bad[i].filename() != "truncated_in_steps.json") continue;
    const std::string banner =
        ReadJson(Dir() / ("bad" + std::to_string(i) + ".json"))["trace_banner"];
    EXPECT_NE(banner.find("truncated_in_steps.json:"), std::string::npos) << banner;
  }
  const Image image = LoadImage(png);
  EXPECT_GT(image.SampledColours(), 20u);
  // The banner's error-coloured frame across the top (trace_banner.cpp).
  EXPECT_GT(CountColour(image, Light().tree[1]), 200);
}

TEST(TraceOpenGui, DroppingTwoKinetoRankFilesOpensThemAsOneTrace) {
  REQUIRE_XVFB();
  const fs::path state = Dir() / "dropped.json";
  const std::string rank0 = Source("tests/data/trace/kineto_rank0.json");
  const std::string rank1 = Source("tests/data/trace/kineto_rank1.json");
  const auto run = RunCollscope("gui --script 'drop " + rank0 + " " + rank1 + ";wait-load;dump " +
                                state.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const auto j = ReadJson(state);
  EXPECT_EQ(j["trace_path"], rank0 + ", " + rank1);
  EXPECT_EQ(j["ranks"], 2);
  EXPECT_EQ(j["trace_banner"], "");
}

TEST(TraceOpenGui, ADumpRightAfterOpenWaitsForTheImport) {
  REQUIRE_XVFB();
  const fs::path state = Dir() / "open_then_dump.json";
  const std::string log = Source("assets/traces/example_nccl_debug_info_2_21.log");
  const auto run = RunCollscope("gui --script 'open " + log + ";dump " + state.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const auto j = ReadJson(state);
  EXPECT_EQ(j["trace_path"], log);
  EXPECT_EQ(j["centre_view"], "nccl-rings");
  EXPECT_EQ(j["topology_ranks_drawn"], 4);
  EXPECT_EQ(j["trace_loading"], false);
}

}  // namespace

namespace {

TEST(TraceOpenGui, FileOpenListsTraceFilesAndAnUnreadableFolderIsAMessage) {
  REQUIRE_XVFB();
  const fs::path listed = Dir() / "browser.json";
  const fs::path missing = Dir() / "browser_missing.json";
  const fs::path png = Dir() / "browser.png";
  const std::string folder = Source("tests/data/trace");
  const auto run = RunCollscope("gui --script 'file-browser " + folder + ";screenshot " +
                                png.string() + ";dump " + listed.string() +
                                ";file-browser /no/such/folder;dump " + missing.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  int trace_files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    // All the files are traces; folders (a multi-file trace each) are listed too.
    trace_files += entry.is_regular_file() || entry.is_directory() ? 1 : 0;
  }
  const auto j = ReadJson(listed);
  EXPECT_EQ(j["file_browser_entries"], trace_files + 1);  // and ".."
  EXPECT_EQ(j["file_browser_error"], "");
  EXPECT_GT(LoadImage(png).SampledColours(), 20u);
  const auto m = ReadJson(missing);
  EXPECT_EQ(m["file_browser_entries"], 0);
  EXPECT_NE(m["file_browser_error"].get<std::string>().find("/no/such/folder: cannot open folder"),
            std::string::npos)
      << m["file_browser_error"];
}

}  // namespace
