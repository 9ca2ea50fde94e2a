#include "app/gui_options.h"

#include <charconv>

#include "app/cli/args.h"
#include "app/script.h"
#include "engine/algorithm.h"

namespace collscope::gui {

namespace {

using cli::UsageError;

// "1280x720" -> {1280, 720}.
std::pair<int, int> ParseSize(const std::string& text) {
  const auto x = text.find('x');
  int w = 0;
  int h = 0;
  const bool ok = x != std::string::npos &&
                  std::from_chars(text.data(), text.data() + x, w).ptr == text.data() + x &&
                  std::from_chars(text.data() + x + 1, text.data() + text.size(), h).ptr ==
                      text.data() + text.size() &&
                  w >= 320 && h >= 240 && w <= 8192 && h <= 8192;
  if (!ok)
    throw UsageError{"gui: --size '" + text + "' is not WIDTHxHEIGHT (320x240 to 8192x8192)"};
  return {w, h};
}

}  // namespace

std::string GuiUsage() {
  return R"(usage: collscope gui [--lesson ID | -c COLLECTIVE [-a ALGORITHM] -p RANKS [--root R]]
                     [-n BYTES] [--preset NAME] [--step K] [--trace FILE] [--presenter]
                     [--theme light|dark]
                     [--view auto|ring|tree] [--size WxH] [--font-px N] [--no-animation]
                     [--screenshot OUT.png] [--dump-state FILE.json] [--script "CMD;CMD..."]
                     [--bench-frames N]

Opens the desktop GUI (the default lesson is ring-allreduce: the lecture's 5-GPU ring).
  --trace FILE           open a trace (any format 'collscope import' reads): its timeline
                         along the bottom, its run's schedule in the views
  --screenshot OUT.png   render the view once, save it as PNG and exit
  --dump-state FILE      write what is shown (step, highlighted cells) as JSON and exit
  --script "..."         run commands one per frame, then exit (1 if a check failed):
)" + ScriptUsage(/*indent=*/25, /*width=*/96) +
         R"(
  --bench-frames N       render N frames and print mean and 99th percentile frame time
Keys: Space play/pause, Left/Right step, Home/End first/last, PageDown/PageUp step (and
next/previous lesson at the ends), F11 or F fullscreen, +/- text size.
)";
}

GuiOptions ParseGuiOptions(const std::vector<std::string>& argv) {
  const cli::Args::Spec spec{
      .value_flags = {{"--lesson"},
                      {"-c", "--collective"},
                      {"-a", "--algorithm"},
                      {"-p", "--ranks"},
                      {"--root"},
                      {"-n", "--bytes"},
                      {"--preset"},
                      {"--step"},
                      {"--trace"},
                      {"--theme"},
                      {"--view"},
                      {"--size"},
                      {"--font-px"},
                      {"--screenshot"},
                      {"--dump-state"},
                      {"--script"},
                      {"--bench-frames"}},
      .switch_flags = {{"--presenter"}, {"--no-animation"}, {"-h", "--help"}},
      .allow_positional = false,
  };
  const cli::Args args = cli::Args::Parse("gui", argv, spec);
  GuiOptions options;
  options.help = args.Has("--help");

  const bool has_setup = args.Has("--collective") || args.Has("--algorithm") ||
                         args.Has("--ranks") || args.Has("--root");
  if (args.Has("--lesson") && has_setup) {
    throw UsageError{"gui: give either --lesson or -c/-a/-p, not both"};
  }
  options.lesson_id = args.Value("--lesson");
  Config config;
  if (has_setup) {
    if (!args.Has("--collective")) throw UsageError{"gui: -c/--collective is required with -a/-p"};
    const std::string name = args.Required("--collective");
    const auto collective = engine::ParseCollective(name);
    if (!collective) throw UsageError{"gui: unknown collective '" + name + "' (-c)"};
    config.collective = *collective;
    config.algorithm =
        args.Value("--algorithm").value_or(std::string(engine::DefaultAlgorithm(*collective)));
    if (!engine::FindAlgorithm(config.algorithm)) {
      throw UsageError{"gui: unknown algorithm '" + config.algorithm + "' (-a)"};
    }
    config.ranks =
        static_cast<int>(args.Integer("--ranks", 1, AppState::kMaxGuiRanks).value_or(config.ranks));
    config.root = static_cast<int>(args.Integer("--root", 0, config.ranks - 1).value_or(0));
  }
  if (has_setup) options.setup = config;
  options.bytes = args.Bytes("--bytes");
  if (auto preset = args.Value("--preset")) {
    if (!engine::FindCostPreset(*preset)) {
      throw UsageError{"gui: unknown preset '" + *preset + "' (--preset)"};
    }
    options.preset = *preset;
  }

  if (auto step = args.Integer("--step", 0, std::int64_t{1} << 40)) options.step = *step;
  options.trace = args.Value("--trace");
  options.presenter = args.Has("--presenter");
  options.animate = !args.Has("--no-animation");
  if (auto theme = args.Value("--theme")) {
    if (*theme == "light") {
      options.theme = Theme::kLight;
    } else if (*theme == "dark") {
      options.theme = Theme::kDark;
    } else {
      throw UsageError{"gui: --theme '" + *theme + "' is not light or dark"};
    }
    options.theme_given = true;
  }
  if (auto view = args.Value("--view")) {
    if (*view == "auto") {
      options.view = CentreView::kAuto;
    } else if (*view == "ring") {
      options.view = CentreView::kRing;
    } else if (*view == "tree") {
      options.view = CentreView::kTree;
    } else {
      throw UsageError{"gui: --view '" + *view + "' is not auto, ring or tree"};
    }
  }
  if (auto size = args.Value("--size")) std::tie(options.width, options.height) = ParseSize(*size);
  if (auto px = args.Integer("--font-px", 8, 96)) options.font_px = static_cast<float>(*px);
  options.screenshot = args.Value("--screenshot");
  options.dump_state = args.Value("--dump-state");
  options.script = args.Value("--script");
  if (auto frames = args.Integer("--bench-frames", 1, 1000000)) {
    options.bench_frames = static_cast<int>(*frames);
  }
  return options;
}

bool IsBatchRun(const GuiOptions& options) {
  return options.screenshot || options.dump_state || options.script || options.bench_frames;
}

}  // namespace collscope::gui
