// collscope show: the buffer table of every step (or one), as text for a
// slide or as the JSON of docs/engine.md.
#include <iostream>
#include <optional>

#include "app/chunk_labels.h"
#include "app/cli/buffer_table_text.h"
#include "app/cli/commands.h"
#include "app/cli/json_writer.h"
#include "app/cli/schedule_request.h"
#include "engine/buffer_state.h"

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: collscope show -c COLLECTIVE [-a ALGORITHM] -p RANKS [--root R] [--step K]
                      [-n BYTES] [--json]

Prints what every rank holds in every slot after each step, in the lecture's
notation (a1+a0: chunk a of rank 1 plus chunk a of rank 0). Rows are GPUs,
columns are chunks a, b, c ...; cells written in the step are in [brackets].

  -c, --collective   allreduce reducescatter allgather broadcast reduce scatter
                     gather alltoall (hyphenated forms accepted)
  -a, --algorithm    default: the one the lecture's cost table prices
                     ('collscope list' shows every pair)
  -p, --ranks        number of ranks (GPUs), 1 or more
  --root             root rank of broadcast, reduce, scatter, gather (default 0)
  --step             only step K (0 = the initial state)
  -n, --bytes        the vector size n, to fill in bytes per transfer (JSON);
                     when p does not divide it, the chunk lengths (NCCL's split)
  --json             the JSON shape in docs/engine.md

Example: collscope show -c allreduce -p 5 --step 1
)";

// Past this many cells the output stops being readable and only fills a disk.
constexpr std::int64_t kMaxCellsPrinted = 20'000'000;

// The bytes a transfer moves: its slots' real lengths under NCCL's split
// of n (app/chunk_labels.h), or n/p a slot when n is no whole number.
double TransferBytes(const engine::BufferState& state, const engine::Transfer& t,
                     const std::optional<engine::ChunkSplit>& split, double slot_bytes) {
  if (!split) return slot_bytes * t.slot_count;
  std::int64_t bytes = 0;
  for (std::int32_t k = 0; k < t.slot_count; ++k) {
    bytes +=
        state.Elements(*split, t.dst, engine::SlotAt(t.dst_slot, k, t.slot_stride, state.Slots()))
            .count;
  }
  return static_cast<double>(bytes);
}

void WriteStepJson(JsonWriter& json, const engine::BufferState& state,
                   const std::vector<LabelledTransfer>& transfers, std::string_view phase,
                   const std::optional<engine::ChunkSplit>& split, double slot_bytes) {
  json.BeginObject().Member("index", state.CurrentStep()).Member("phase", phase);
  json.Key("transfers").BeginArray();
  for (const LabelledTransfer& labelled : transfers) {
    const engine::Transfer& t = labelled.transfer;
    json.BeginObject()
        .Member("src", t.src)
        .Member("dst", t.dst)
        .Member("slot", t.dst_slot)
        .Member("op", t.op == engine::TransferOp::kReduce ? "reduce" : "copy")
        .Member("bytes", TransferBytes(state, t, split, slot_bytes))
        .Member("src_slot", t.src_slot)
        .Member("slot_count", t.slot_count)
        .Member("slot_stride", t.slot_stride)
        .Member("channel", int{t.channel})
        .Member("carried", labelled.carried)
        .EndObject();
  }
  json.EndArray();
  json.Key("buffers").BeginArray();
  for (int rank = 0; rank < state.Ranks(); ++rank) {
    json.BeginArray();
    for (int slot = 0; slot < state.Slots(); ++slot) {
      const engine::Cell& cell = state.At(rank, slot);
      json.BeginObject().Key("terms").BeginArray();
      for (const engine::Term& term : state.Pool().Terms(cell)) {
        json.BeginArray().Integer(term.rank).Integer(term.chunk).EndArray();
      }
      json.EndArray()
          .Member("label", state.Label(rank, slot))
          .Member("changed", state.ChangedInCurrentStep(rank, slot))
          .EndObject();
    }
    json.EndArray();
  }
  json.EndArray().EndObject();
}

int RunShow(const std::vector<std::string>& argv) {
  Args::Spec spec;
  AddScheduleFlags(spec);
  spec.value_flags.push_back({"--step"});
  spec.value_flags.push_back({"-n", "--bytes"});
  spec.switch_flags.push_back({"--json"});
  Args args = Args::Parse("show", argv, spec);
  ScheduleRequest request = BuildRequestedSchedule(args);
  const engine::Schedule& schedule = *request.schedule;
  auto only_step = args.Integer("--step", 0, schedule.StepCount());
  double bytes = args.Bytes("--bytes").value_or(0);
  const std::optional<engine::ChunkSplit> split = SplitOfBytes(bytes, request.ranks);
  CheckSimulationFits(args, request);
  std::int64_t steps_printed = only_step ? 1 : schedule.StepCount() + 1;
  std::int64_t cells = static_cast<std::int64_t>(request.ranks) * schedule.Slots();
  if (cells > kMaxCellsPrinted / steps_printed) {
    throw UsageError{"show: --ranks " + std::to_string(request.ranks) + ": printing " +
                     std::to_string(steps_printed) + " steps of " + std::to_string(cells) +
                     " cells is too much to read; pick one step with --step K"};
  }

  engine::BufferState state(schedule, request.collective, request.root);
  std::int64_t first = only_step.value_or(0);
  std::int64_t last = only_step.value_or(schedule.StepCount());
  bool json_output = args.Has("--json");
  JsonWriter json(std::cout);
  if (json_output) {
    json.BeginObject()
        .Member("collective", engine::CollectiveName(request.collective))
        .Member("algorithm", request.algorithm)
        .Member("ranks", request.ranks)
        .Member("slots", schedule.Slots());
    if (engine::HasRoot(request.collective)) json.Member("root", request.root);
    json.Key("steps").BeginArray();
  } else {
    std::cout << request.Describe() << ": " << schedule.StepCount() << " steps\n";
    const std::string lengths = ChunkSizesLine(request.collective, request.ranks, bytes);
    if (!lengths.empty()) {
      std::cout << lengths << " (n = " << static_cast<std::int64_t>(bytes) << " bytes)\n";
    }
  }
  for (std::int64_t step = first; step <= last; ++step) {
    std::vector<LabelledTransfer> transfers;
    if (step > 0) {
      if (!state.SeekStep(step - 1)) break;
      transfers = LabelTransfers(state, schedule, step);
    }
    if (!state.SeekStep(step)) break;
    std::string_view phase = step == 0 ? "initial" : schedule.Phase(step);
    if (json_output) {
      WriteStepJson(json, state, transfers, phase, split, bytes / request.ranks);
      continue;
    }
    std::cout << "\n"
              << (step == 0
                      ? std::string("initial state")
                      : "step " + std::to_string(step) + " of " +
                            std::to_string(schedule.StepCount()) + " (" + std::string(phase) + ")")
              << "\n";
    WriteTransfers(std::cout, transfers, 16);
    WriteBufferTable(std::cout, state, request.collective, /*max_terms=*/8);
  }
  if (json_output) {
    json.EndArray().EndObject();
    std::cout << "\n";
  }
  if (state.Error()) {
    std::cout.flush();
    std::cerr << "collscope show: the schedule is invalid: " << *state.Error() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

Command ShowCommand() {
  return {"show", "print every rank's buffers after each step, in the lecture's notation", kUsage,
          RunShow};
}

}  // namespace collscope::cli
