#include "engine/verify.h"

#include <functional>

namespace collscope::engine {

namespace {

// What a checked cell must hold: chunk `chunk` of either every rank (a full
// reduction) or exactly one rank.
struct Expected {
  int chunk;
  int single_rank;  // -1: the sum over all ranks
};

std::string ExpectedLabel(const Expected& expected, int ranks) {
  std::string letters = ChunkLetters(expected.chunk);
  if (expected.single_rank >= 0) return letters + std::to_string(expected.single_rank);
  if (ranks > 8) return letters + "0+\xE2\x80\xA6+" + letters + std::to_string(ranks - 1);
  std::string label;
  for (int rank = 0; rank < ranks; ++rank) {
    label += (rank ? "+" : "") + letters + std::to_string(rank);
  }
  return label;
}

bool Holds(const BufferState& state, int rank, int slot, const Expected& expected) {
  const Cell& cell = state.At(rank, slot);
  if (cell.Empty() || cell.chunk != expected.chunk) return false;
  const CellPool& pool = state.Pool();
  if (expected.single_rank < 0) return pool.TermCount(cell) == state.Ranks();
  return pool.TermCount(cell) == 1 && pool.Contains(cell, expected.single_rank);
}

// Calls check(rank, slot, expected) for every cell the definition names.
void ForEachDefinedCell(Collective collective, int p, int root,
                        const std::function<bool(int, int, Expected)>& check) {
  auto all_ranks = [&](auto per_rank) {
    for (int rank = 0; rank < p; ++rank) {
      if (!per_rank(rank)) return;
    }
  };
  switch (collective) {
    case Collective::kAllReduce:  // every rank, every chunk, summed over all ranks
      all_ranks([&](int r) {
        for (int s = 0; s < p; ++s) {
          if (!check(r, s, {s, -1})) return false;
        }
        return true;
      });
      break;
    case Collective::kReduceScatter:  // NCCL: rank Y holds the full sum of chunk Y
      all_ranks([&](int r) { return check(r, r, {r, -1}); });
      break;
    case Collective::kAllGather:  // NCCL: out[Y*count+i] = inY[i] on every rank
      all_ranks([&](int r) {
        for (int s = 0; s < p; ++s) {
          if (!check(r, s, {0, s})) return false;
        }
        return true;
      });
      break;
    case Collective::kBroadcast:  // the root's vector on every rank
      all_ranks([&](int r) {
        for (int s = 0; s < p; ++s) {
          if (!check(r, s, {s, root})) return false;
        }
        return true;
      });
      break;
    case Collective::kReduce:  // the root holds the full sum of every chunk
      for (int s = 0; s < p; ++s) {
        if (!check(root, s, {s, -1})) break;
      }
      break;
    case Collective::kScatter:  // rank i receives the root's block i
      all_ranks([&](int r) { return check(r, r, {r, root}); });
      break;
    case Collective::kGather:  // the root holds every rank's block, in rank order
      for (int s = 0; s < p; ++s) {
        if (!check(root, s, {0, s})) break;
      }
      break;
    case Collective::kAllToAll:  // rank i's block j becomes rank j's block i
      all_ranks([&](int r) {
        for (int i = 0; i < p; ++i) {
          if (!check(r, p + i, {r, i})) return false;
        }
        return true;
      });
      break;
  }
}

}  // namespace

VerifyResult VerifyFinalState(const BufferState& state, Collective collective, int root) {
  VerifyResult result{true, ""};
  if (state.CurrentStep() != state.StepCount()) {
    return {false, "the simulation stopped at step " + std::to_string(state.CurrentStep()) +
                       " of " + std::to_string(state.StepCount())};
  }
  int p = state.Ranks();
  ForEachDefinedCell(collective, p, root, [&](int rank, int slot, Expected expected) {
    if (Holds(state, rank, slot, expected)) return true;
    std::string held = state.Label(rank, slot, 8);
    result = {false, "rank " + std::to_string(rank) + " slot " + SlotName(collective, p, slot) +
                         " holds " + (held.empty() ? "nothing" : held) + ", expected " +
                         ExpectedLabel(expected, p)};
    return false;
  });
  return result;
}

VerifyResult VerifySchedule(const Schedule& schedule, Collective collective, int root) {
  BufferState state(schedule, collective, root);
  if (!state.RunToEnd()) return {false, *state.Error()};
  return VerifyFinalState(state, collective, root);
}

}  // namespace collscope::engine
