// collscope explain: "why this algorithm". NCCL's predicted time of every
// algorithm x protocol for one call on one machine, the pick, and the sizes
// where the pick changes.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_writer.h"
#include "engine/collective.h"
#include "engine/machine.h"
#include "engine/nccl_model.h"
#include "engine/nccl_p2p.h"
#include "trace/importers/importer.h"
#include "trace/model_fit.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: collscope explain -c COLLECTIVE -n BYTES (--machine NAME | --trace FILE)
                         [-p RANKS] [--nccl VERSION] [--json]

NCCL's own cost model (src/graph/tuning.cc) for one call: the latency and
bandwidth NCCL computes at init for every algorithm x protocol, the time it
predicts for BYTES, the pair it picks (the lowest time) and the channels it
runs on, and every size from 1 B to 16 GiB where the pick changes.
Scatter, gather and all-to-all are grouped point-to-point sends in NCCL and
are priced as such.

  -n, --bytes    NCCL's byte count: the whole buffer (all-gather: the
                 gathered result), 64M (10^6), 64MiB (2^20), ...
  --machine      delta-a100x4, delta-a100x8, delta-a40x4, hgx-h100, hgx-h200;
                 NAME:N for N nodes (delta-a100x4:2)
  --trace        the machine a trace ran on: its GPU, ranks, hosts, the NCCL
                 log's transports and version; NCCL's init table when logged
  -p, --ranks    GPUs in the communicator (default: every GPU of the
                 machine); more than one node's must fill whole nodes
  --nccl         the NCCL release whose tuning table applies, 2.18 to 2.29
                 (default: the machine's)
  --json         one JSON document

Example: collscope explain -c allreduce -n 64MiB --machine hgx-h100
)";

// The range crossovers are looked for in.
constexpr double kCrossoverLo = 1;
constexpr double kCrossoverHi = 16.0 * (1ull << 30);

std::string Micro(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", seconds * 1e6);
  return text;
}

struct Explained {
  engine::NcclModel model;
  std::string machine_name;
  std::string machine;
  std::optional<trace::ChoiceAgreement> choices;
};

std::string MachineNames() {
  std::string names;
  for (const auto& preset : engine::MachinePresets()) {
    names += (names.empty() ? "" : ", ") + std::string(preset.name);
  }
  return names;
}

engine::Machine Resized(engine::Machine machine, const Args& args) {
  auto ranks = args.Integer("--ranks", 1, 1'000'000);
  if (!ranks) return machine;
  if (*ranks <= machine.gpus_per_node) {
    machine.gpus_per_node = static_cast<int>(*ranks);
    machine.nodes = 1;
  } else if (*ranks % machine.gpus_per_node == 0) {
    machine.nodes = static_cast<int>(*ranks / machine.gpus_per_node);
  } else {
    throw UsageError{"explain: --ranks: " + std::to_string(*ranks) + " ranks do not fill " +
                     std::to_string(machine.gpus_per_node) + "-GPU nodes"};
  }
  return machine;
}

int NcclMinor(const Args& args, int fallback) {
  auto version = args.Value("--nccl");
  if (!version) return fallback;
  auto minor = engine::NcclMinorVersion(*version);
  if (!minor || *minor < 18 || *minor > 99) {
    throw UsageError{"explain: --nccl: '" + *version + "' is not an NCCL release like 2.29"};
  }
  return *minor;
}

Explained Explain(const Args& args) {
  const bool has_machine = args.Has("--machine"), has_trace = args.Has("--trace");
  if (has_machine == has_trace) {
    throw UsageError{"explain: give one of --machine NAME or --trace FILE"};
  }
  if (has_machine) {
    const std::string name = *args.Value("--machine");
    auto machine = engine::FindMachine(name);
    if (!machine) {
      throw UsageError{"explain: --machine: unknown machine '" + name + "' (one of " +
                       MachineNames() + ", NAME:NODES for several nodes)"};
    }
    engine::Machine m = Resized(*machine, args);
    m.nccl_minor = NcclMinor(args, m.nccl_minor);
    return {engine::NcclModel(m), name, m.description, std::nullopt};
  }
  const std::string file = *args.Value("--trace");
  auto loaded = trace::ImportFiles({file}, "auto");
  if (!loaded.ok()) throw UsageError{"explain: " + loaded.error()};
  trace::TraceModel traced = trace::NcclModelFor(loaded->trace);
  if (!traced.model) throw UsageError{"explain: " + file + ": " + traced.machine};
  engine::Machine m = Resized(traced.model->machine(), args);
  m.nccl_minor = NcclMinor(args, m.nccl_minor);
  Explained out{engine::NcclModel(m), "from-trace", traced.machine, std::nullopt};
  if (m.Ranks() == traced.model->machine().Ranks() && !args.Has("--nccl")) {
    out.model = *traced.model;  // keeps NCCL's init table when the log had one
  }
  if (!loaded->trace.tuning_choices.empty()) {
    out.choices = trace::CompareTuningChoices(out.model, loaded->trace);
  }
  return out;
}

std::string PairName(const engine::NcclChoice& choice) {
  return std::string(engine::NcclAlgorithmName(choice.algorithm)) + "/" +
         std::string(engine::NcclProtocolName(choice.protocol));
}

void WriteChoice(JsonWriter& json, std::string_view key, const engine::NcclChoice& choice) {
  json.Key(key)
      .BeginObject()
      .Member("algorithm", engine::NcclAlgorithmName(choice.algorithm))
      .Member("protocol", engine::NcclProtocolName(choice.protocol))
      .EndObject();
}

int RunExplain(const std::vector<std::string>& argv) {
  Args::Spec spec;
  spec.value_flags = {{"-c", "--collective"}, {"-n", "--bytes"}, {"--machine"}, {"--trace"},
                      {"-p", "--ranks"},      {"--nccl"}};
  spec.switch_flags = {{"--json"}};
  Args args = Args::Parse("explain", argv, spec);
  const std::string name = args.Required("--collective");
  auto collective = engine::ParseCollective(name);
  if (!collective) {
    std::string names;
    for (auto c : engine::AllCollectives()) {
      names += (names.empty() ? "" : ", ") + std::string(engine::CollectiveName(c));
    }
    throw UsageError{"explain: --collective: unknown collective '" + name + "' (one of " + names +
                     ")"};
  }
  args.Required("--bytes");
  const double bytes = *args.Bytes("--bytes");
  const Explained explained = Explain(args);
  const engine::NcclModel& model = explained.model;
  const engine::Machine& machine = model.machine();
  const bool tuned = engine::NcclModel::Tuned(*collective);
  auto prediction = engine::PredictCollective(model, *collective, bytes);
  const auto crossovers = tuned ? model.Crossovers(*collective, kCrossoverLo, kCrossoverHi)
                                : std::vector<engine::NcclCrossover>{};

  if (args.Has("--json")) {
    JsonWriter json(std::cout);
    json.BeginObject()
        .Member("collective", engine::CollectiveName(*collective))
        .Member("bytes", bytes)
        .Key("machine")
        .BeginObject()
        .Member("name", explained.machine_name)
        .Member("description", explained.machine)
        .Member("gpu", machine.gpu)
        .Member("ranks", machine.Ranks())
        .Member("nodes", machine.nodes)
        .Member("gpus_per_node", machine.gpus_per_node)
        .EndObject()
        .Member("nccl_tuning", model.tuning().source)
        .Key("table")
        .BeginArray();
    if (tuned) {
      for (int a = 0; a < engine::kNcclAlgorithms; ++a) {
        for (int p = 0; p < engine::kNcclProtocols; ++p) {
          const auto algorithm = static_cast<engine::NcclAlgorithm>(a);
          const auto protocol = static_cast<engine::NcclProtocol>(p);
          const engine::NcclCost cost = model.Cost(*collective, algorithm, protocol);
          auto time = model.Time(*collective, algorithm, protocol, bytes);
          json.BeginObject()
              .Member("algorithm", engine::NcclAlgorithmName(algorithm))
              .Member("protocol", engine::NcclProtocolName(protocol))
              .Member("latency_us", cost.latency_us)
              .Member("bandwidth_gbps", cost.bandwidth_gbps)
              .Member("available", time.has_value());
          if (time) json.Member("time_s", *time);  // absent when not available
          json.EndObject();
        }
      }
    }
    json.EndArray();
    json.Key("pick");
    if (prediction) {
      json.BeginObject()
          .Member("algorithm", prediction->algorithm)
          .Member("protocol", prediction->protocol)
          .Member("time_s", prediction->time_s)
          .Member("channels", prediction->channels)
          .EndObject();
    } else {
      json.BeginObject().EndObject();
    }
    json.Key("crossovers").BeginArray();
    for (const engine::NcclCrossover& x : crossovers) {
      json.BeginObject().Member("bytes", x.bytes);
      WriteChoice(json, "from", x.before);
      WriteChoice(json, "to", x.after);
      json.EndObject();
    }
    json.EndArray();
    if (explained.choices) {
      json.Key("tuning_choices")
          .BeginObject()
          .Member("calls", static_cast<std::int64_t>(explained.choices->calls))
          .Member("matched", static_cast<std::int64_t>(explained.choices->matched))
          .Member("fraction", explained.choices->Fraction())
          .EndObject();
    }
    json.EndObject();
    std::cout << "\n";
    return kExitOk;
  }

  std::printf("%s of %.17g bytes on %s: %s\n", engine::CollectiveName(*collective).data(), bytes,
              explained.machine_name.c_str(), explained.machine.c_str());
  std::printf("NCCL model: %s\n\n", std::string(model.tuning().source).c_str());
  if (tuned) {
    std::printf("%-15s %-8s %12s %16s %14s\n", "algorithm", "protocol", "latency(us)",
                "bandwidth(GB/s)", "time(us)");
    for (int a = 0; a < engine::kNcclAlgorithms; ++a) {
      for (int p = 0; p < engine::kNcclProtocols; ++p) {
        const auto algorithm = static_cast<engine::NcclAlgorithm>(a);
        const auto protocol = static_cast<engine::NcclProtocol>(p);
        const engine::NcclCost cost = model.Cost(*collective, algorithm, protocol);
        if (cost.latency_us == 0 && cost.bandwidth_gbps == 0) continue;  // NCCL has no such pair
        auto time = model.Time(*collective, algorithm, protocol, bytes);
        std::printf("%-15s %-8s %12.1f %16.1f %14s\n",
                    std::string(engine::NcclAlgorithmName(algorithm)).c_str(),
                    std::string(engine::NcclProtocolName(protocol)).c_str(), cost.latency_us,
                    cost.bandwidth_gbps, time ? Micro(*time).c_str() : "not available");
      }
    }
  } else {
    const engine::P2pCost cost =
        engine::PriceP2p(model, *engine::P2pPatternFor(*collective), bytes);
    // The bandwidth part is whichever is slower: the busiest GPU link's bytes
    // or one channel's part of a send (engine/nccl_p2p.h).
    std::printf(
        "grouped point-to-point sends: latency %.1f us + bandwidth %s us (the slower of the "
        "busiest link and one channel's part)\n"
        "each send: %d channels of %d per peer, %s, %.0f KiB chunks\n",
        cost.latency_us, Micro(cost.bandwidth_s).c_str(), cost.plan.channels,
        cost.plan.channels_per_peer,
        std::string(engine::NcclProtocolName(cost.plan.protocol)).c_str(),
        cost.plan.chunk_bytes / 1024);
  }
  if (prediction) {
    std::printf("\npick: %s/%s on %d channels, %s us\n", std::string(prediction->algorithm).c_str(),
                std::string(prediction->protocol).c_str(), prediction->channels,
                Micro(prediction->time_s).c_str());
  } else {
    std::printf("\npick: none (one rank, or nothing available)\n");
  }
  if (tuned) {
    std::printf("\nthe pick changes at (1 B to 16 GiB):\n");
    if (crossovers.empty()) std::printf("  nowhere\n");
    for (const engine::NcclCrossover& x : crossovers) {
      std::printf("  %14.0f bytes  %s -> %s\n", x.bytes, PairName(x.before).c_str(),
                  PairName(x.after).c_str());
    }
  }
  if (explained.choices) {
    std::printf("\nNCCL's TUNING lines: the model picks what NCCL picked for %zu of %zu calls\n",
                explained.choices->matched, explained.choices->calls);
  }
  return kExitOk;
}

}  // namespace

Command ExplainCommand() {
  return {"explain", "NCCL's algorithm x protocol times for a call, its pick and crossovers",
          kUsage, RunExplain};
}

}  // namespace collscope::cli
