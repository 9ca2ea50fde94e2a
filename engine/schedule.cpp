#include "engine/schedule.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace collscope::engine {

StepLoad Schedule::Load(std::int64_t step) const {
  std::vector<Transfer> transfers;
  AppendTransfers(step, transfers);
  return LoadOfTransfers(ranks_, transfers);
}

StepLoad LoadOfTransfers(int ranks, const std::vector<Transfer>& transfers) {
  struct Counts {
    std::int64_t sends = 0, receives = 0, slots_sent = 0, slots_received = 0, slots_reduced = 0;
  };
  std::vector<Counts> counts(static_cast<std::size_t>(ranks));
  StepLoad load;
  for (const Transfer& t : transfers) {
    load.slots_written += t.slot_count;
    if (t.IsLocal()) continue;  // a copy within a rank's memory costs no message
    counts[t.src].sends += 1;
    counts[t.src].slots_sent += t.slot_count;
    counts[t.dst].receives += 1;
    counts[t.dst].slots_received += t.slot_count;
    if (t.op == TransferOp::kReduce) counts[t.dst].slots_reduced += t.slot_count;
  }
  for (const Counts& c : counts) {
    RankLoad rank_load{std::max(c.sends, c.receives), std::max(c.slots_sent, c.slots_received),
                       c.slots_reduced};
    if (rank_load.messages > 0) load.distinct.push_back(rank_load);
  }
  auto key = [](const RankLoad& l) { return std::tie(l.messages, l.slots_moved, l.slots_reduced); };
  std::sort(load.distinct.begin(), load.distinct.end(),
            [&](const RankLoad& a, const RankLoad& b) { return key(a) < key(b); });
  load.distinct.erase(std::unique(load.distinct.begin(), load.distinct.end()), load.distinct.end());
  return load;
}

namespace {

class FunctionSchedule final : public Schedule {
 public:
  FunctionSchedule(int ranks, int slots, std::int64_t step_count, StepFunctions functions)
      : Schedule(ranks, slots, step_count), functions_(std::move(functions)) {}

  std::string_view Phase(std::int64_t step) const override { return functions_.phase(step); }
  void AppendTransfers(std::int64_t step, std::vector<Transfer>& out) const override {
    functions_.emit(step, out);
  }
  StepLoad Load(std::int64_t step) const override {
    return functions_.uniform_load ? functions_.uniform_load(step) : Schedule::Load(step);
  }

 private:
  StepFunctions functions_;
};

class SequenceSchedule final : public Schedule {
 public:
  SequenceSchedule(int ranks, int slots, std::vector<std::unique_ptr<Schedule>> parts,
                   std::vector<std::int64_t> ends)
      : Schedule(ranks, slots, ends.empty() ? 0 : ends.back()),
        parts_(std::move(parts)),
        ends_(std::move(ends)) {}

  std::string_view Phase(std::int64_t step) const override {
    auto [part, local] = Locate(step);
    return part.Phase(local);
  }
  void AppendTransfers(std::int64_t step, std::vector<Transfer>& out) const override {
    auto [part, local] = Locate(step);
    part.AppendTransfers(local, out);
  }
  StepLoad Load(std::int64_t step) const override {
    auto [part, local] = Locate(step);
    return part.Load(local);
  }

 private:
  std::pair<const Schedule&, std::int64_t> Locate(std::int64_t step) const {
    auto it = std::lower_bound(ends_.begin(), ends_.end(), step);
    std::size_t index = static_cast<std::size_t>(it - ends_.begin());
    std::int64_t begin = index == 0 ? 0 : ends_[index - 1];
    return {*parts_[index], step - begin};
  }

  std::vector<std::unique_ptr<Schedule>> parts_;
  std::vector<std::int64_t> ends_;  // ends_[i]: last global step of part i
};

}  // namespace

std::unique_ptr<Schedule> MakeSchedule(int ranks, int slots, std::int64_t step_count,
                                       StepFunctions functions) {
  return std::make_unique<FunctionSchedule>(ranks, slots, step_count, std::move(functions));
}

std::unique_ptr<Schedule> Sequence(std::vector<std::unique_ptr<Schedule>> parts) {
  if (parts.empty()) throw std::logic_error("Sequence needs at least one part");
  int ranks = parts.front()->Ranks();
  int slots = parts.front()->Slots();
  std::vector<std::unique_ptr<Schedule>> kept;
  std::vector<std::int64_t> ends;
  std::int64_t total = 0;
  for (auto& part : parts) {
    if (part->Ranks() != ranks || part->Slots() != slots) {
      throw std::logic_error("Sequence parts must share ranks and slots");
    }
    if (part->StepCount() == 0) continue;
    total += part->StepCount();
    ends.push_back(total);
    kept.push_back(std::move(part));
  }
  return std::make_unique<SequenceSchedule>(ranks, slots, std::move(kept), std::move(ends));
}

}  // namespace collscope::engine
