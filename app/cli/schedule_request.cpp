#include "app/cli/schedule_request.h"

#include <cstdio>

#include "engine/algorithm.h"
#include "engine/buffer_state.h"

namespace collscope::cli {

namespace {

// docs/engine.md: symbolic buffers up to p = 4096 within 2 GiB.
constexpr std::int64_t kSimulationBudgetBytes = std::int64_t{2} << 30;

std::string Join(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : ", ") + word;
  return joined;
}

}  // namespace

void AddScheduleFlags(Args::Spec& spec) {
  spec.value_flags.push_back({"-c", "--collective"});
  spec.value_flags.push_back({"-a", "--algorithm"});
  spec.value_flags.push_back({"-p", "--ranks"});
  spec.value_flags.push_back({"--root"});
}

std::string ScheduleRequest::Describe() const {
  std::string text = std::string(engine::CollectiveName(collective)) + " by " + algorithm + " on " +
                     std::to_string(ranks) + (ranks == 1 ? " rank" : " ranks");
  if (engine::HasRoot(collective)) text += ", root " + std::to_string(root);
  return text;
}

ScheduleRequest BuildRequestedSchedule(const Args& args) {
  std::string command(args.Command());
  ScheduleRequest request;
  std::string name = args.Required("--collective");
  auto collective = engine::ParseCollective(name);
  if (!collective) {
    std::vector<std::string> names;
    for (auto c : engine::AllCollectives()) names.emplace_back(engine::CollectiveName(c));
    throw UsageError{command + ": --collective: unknown collective '" + name + "' (one of " +
                     Join(names) + ")"};
  }
  request.collective = *collective;
  request.algorithm =
      args.Value("--algorithm").value_or(std::string(engine::DefaultAlgorithm(*collective)));
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(request.algorithm);
  if (info == nullptr || !engine::Supports(*info, *collective)) {
    std::vector<std::string> names;
    for (const auto& a : engine::Algorithms()) {
      if (engine::Supports(a, *collective)) names.emplace_back(a.name);
    }
    throw UsageError{command + ": --algorithm: " +
                     (info == nullptr ? "unknown algorithm '" + request.algorithm + "'"
                                      : "'" + request.algorithm + "' does not implement " + name) +
                     " (" + name + " has " + Join(names) + ")"};
  }
  args.Required("--ranks");
  request.ranks = static_cast<int>(*args.Integer("--ranks", 1, engine::kMaxRanks));
  auto root = args.Integer("--root", 0, request.ranks - 1);
  if (root && !engine::HasRoot(*collective)) {
    throw UsageError{command + ": --root: " + name + " has no root"};
  }
  request.root = static_cast<int>(root.value_or(0));
  engine::BuildResult built =
      engine::BuildSchedule(*collective, request.algorithm, request.ranks, request.root);
  if (!built.schedule) throw UsageError{command + ": " + built.error};
  request.schedule = std::move(built.schedule);
  return request;
}

void CheckSimulationFits(const Args& args, const ScheduleRequest& request) {
  std::int64_t bytes = engine::BufferState::EstimateBytes(*request.schedule);
  if (bytes <= kSimulationBudgetBytes) return;
  char needed[32];
  std::snprintf(needed, sizeof needed, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
  throw UsageError{std::string(args.Command()) + ": --ranks " + std::to_string(request.ranks) +
                   ": the symbolic buffers of " + request.Describe() + " need about " + needed +
                   ", over the 2 GiB limit (pricing has no limit: try 'collscope cost')"};
}

}  // namespace collscope::cli
