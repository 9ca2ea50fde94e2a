// collscope cost: the alpha-beta-gamma price of a schedule, per step and in
// total, beside the lecture's closed form.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/json_writer.h"
#include "app/cli/schedule_request.h"
#include "engine/algorithm.h"
#include "engine/cost_model.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: collscope cost -c COLLECTIVE [-a ALGORITHM] -p RANKS -n BYTES [--root R]
                      [--preset NAME | --alpha S --beta S_PER_BYTE --gamma S_PER_BYTE]
                      [--json]

Prices the schedule with the alpha-beta-gamma model (lecture slide 10): each
step costs what its slowest rank pays, alpha per message + beta per byte sent
+ gamma per byte reduced. Works for any p up to 16777216 without simulating.

  -n, --bytes    the lecture's n, the full vector per rank: 1024, 64M (10^6),
                 64MiB (2^20), ...
  --preset       unit, delta-a100x4 (default), delta-a100x8, delta-a40x4,
                 delta-slingshot ('collscope list' shows their numbers)
  --alpha/--beta/--gamma
                 your own model in seconds, s/byte, s/byte (missing ones are 0)
  --json         the JSON shape in docs/engine.md

Example: collscope cost -c allreduce -p 8 -n 64MiB --preset delta-a100x8
)";

// Past this many steps the per-step list is left out of the output.
constexpr std::int64_t kMaxStepsListed = 100'000;

std::string Seconds(double s) {
  char text[32];
  if (s == 0) return "0";
  if (s >= 1 || s < 1e-9) {
    std::snprintf(text, sizeof text, "%.4g s", s);
  } else if (s >= 1e-3) {
    std::snprintf(text, sizeof text, "%.4g ms", s * 1e3);
  } else if (s >= 1e-6) {
    std::snprintf(text, sizeof text, "%.4g us", s * 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.4g ns", s * 1e9);
  }
  return text;
}

int RunCost(const std::vector<std::string>& argv) {
  Args::Spec spec;
  AddScheduleFlags(spec);
  spec.value_flags.push_back({"-n", "--bytes"});
  spec.value_flags.push_back({"--preset"});
  spec.value_flags.push_back({"--alpha"});
  spec.value_flags.push_back({"--beta"});
  spec.value_flags.push_back({"--gamma"});
  spec.switch_flags.push_back({"--json"});
  Args args = Args::Parse("cost", argv, spec);
  ScheduleRequest request = BuildRequestedSchedule(args);
  args.Required("--bytes");
  double bytes = *args.Bytes("--bytes");

  bool custom = args.Has("--alpha") || args.Has("--beta") || args.Has("--gamma");
  if (custom && args.Has("--preset")) {
    throw UsageError{"cost: --preset '" + *args.Value("--preset") +
                     "' contradicts --alpha/--beta/--gamma; give one or the other"};
  }
  std::string preset_name = custom ? "custom" : args.Value("--preset").value_or("delta-a100x4");
  engine::CostModel model;
  if (custom) {
    model = {args.Number("--alpha").value_or(0), args.Number("--beta").value_or(0),
             args.Number("--gamma").value_or(0)};
  } else if (auto preset = engine::FindCostPreset(preset_name)) {
    model = preset->model;
  } else {
    std::string names;
    for (const auto& p : engine::CostPresets())
      names += (names.empty() ? "" : ", ") + std::string(p.name);
    throw UsageError{"cost: --preset: unknown preset '" + preset_name + "' (one of " + names + ")"};
  }

  const engine::Schedule& schedule = *request.schedule;
  bool list_steps = schedule.StepCount() <= kMaxStepsListed;
  std::vector<engine::StepCost> steps;
  engine::CostBreakdown total =
      engine::PriceSchedule(schedule, bytes, model, list_steps ? &steps : nullptr);
  engine::ClosedForm form = engine::LectureClosedForm(request.collective, request.ranks);
  double closed_total =
      model.alpha_s * form.alpha_factor + bytes * (model.beta_s_per_byte * form.beta_factor +
                                                   model.gamma_s_per_byte * form.gamma_factor);

  if (args.Has("--json")) {
    JsonWriter json(std::cout);
    json.BeginObject()
        .Member("collective", engine::CollectiveName(request.collective))
        .Member("algorithm", request.algorithm)
        .Member("ranks", request.ranks)
        .Member("bytes", bytes)
        .Member("preset", preset_name)
        .Member("alpha", model.alpha_s)
        .Member("beta", model.beta_s_per_byte)
        .Member("gamma", model.gamma_s_per_byte)
        .Member("latency_s", total.latency_s)
        .Member("bandwidth_s", total.bandwidth_s)
        .Member("compute_s", total.compute_s)
        .Member("total_s", total.Total())
        .Member("step_count", schedule.StepCount());
    json.Key("closed_form")
        .BeginObject()
        .Member("formula", form.formula)
        .Member("alpha_factor", form.alpha_factor)
        .Member("beta_factor", form.beta_factor)
        .Member("gamma_factor", form.gamma_factor)
        .Member("total_s", closed_total)
        .EndObject();
    if (!list_steps) json.Member("steps_omitted", true);
    json.Key("steps").BeginArray();
    for (const engine::StepCost& step : steps) {
      json.BeginObject()
          .Member("index", step.index)
          .Member("phase", step.phase)
          .Member("latency_s", step.latency_s)
          .Member("bandwidth_s", step.bandwidth_s)
          .Member("compute_s", step.compute_s)
          .EndObject();
    }
    json.EndArray().EndObject();
    std::cout << "\n";
    return kExitOk;
  }

  std::printf("%s, n = %.6g bytes, preset %s\n", request.Describe().c_str(), bytes,
              preset_name.c_str());
  auto per_byte = [](double s) {
    char text[64];
    std::snprintf(text, sizeof text, "%.4g s/byte (%.4g GB/s)", s, s > 0 ? 1e-9 / s : 0.0);
    return std::string(text);
  };
  std::printf("alpha = %s per message, beta = %s, gamma = %s\n\n", Seconds(model.alpha_s).c_str(),
              per_byte(model.beta_s_per_byte).c_str(), per_byte(model.gamma_s_per_byte).c_str());
  if (list_steps && steps.size() <= 64) {
    std::printf("%-6s %-16s %12s %12s %12s %12s\n", "step", "phase", "latency", "bandwidth",
                "compute", "total");
    for (const engine::StepCost& step : steps) {
      std::printf("%-6lld %-16s %12s %12s %12s %12s\n", static_cast<long long>(step.index),
                  std::string(step.phase).c_str(), Seconds(step.latency_s).c_str(),
                  Seconds(step.bandwidth_s).c_str(), Seconds(step.compute_s).c_str(),
                  Seconds(step.Total()).c_str());
    }
  } else {
    std::printf("(%lld steps; --json lists each one)\n",
                static_cast<long long>(schedule.StepCount()));
  }
  std::printf("%-23s %12s %12s %12s %12s\n", "total", Seconds(total.latency_s).c_str(),
              Seconds(total.bandwidth_s).c_str(), Seconds(total.compute_s).c_str(),
              Seconds(total.Total()).c_str());
  std::string_view priced = engine::DefaultAlgorithm(request.collective);
  std::printf("\nlecture table, %s (it prices the %s algorithm):\n  %s = %s\n",
              engine::CollectiveName(request.collective).data(), std::string(priced).c_str(),
              form.formula.c_str(), Seconds(closed_total).c_str());
  return kExitOk;
}

}  // namespace

Command CostCommand() {
  return {"cost", "price a schedule with the alpha-beta-gamma model, per step and in total", kUsage,
          RunCost};
}

}  // namespace collscope::cli
