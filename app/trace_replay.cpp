#include "app/trace_replay.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace collscope::gui {

RunIndex::RunIndex(const trace::Run& run, int ranks) {
  rows_.assign(static_cast<std::size_t>(std::max(ranks, 0)), {});
  first_ns_ = run.steps.empty() ? 0 : run.steps.front().t_start_ns;
  last_ns_ = first_ns_;
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const trace::StepEvent& e = run.steps[i];
    first_ns_ = std::min(first_ns_, e.t_start_ns);
    last_ns_ = std::max(last_ns_, e.t_end_ns);
    if (e.rank < 0 || e.rank >= ranks) continue;
    rows_[static_cast<std::size_t>(e.rank)].push_back(static_cast<std::uint32_t>(i));
    ++events_;
  }
  max_end_.resize(rows_.size());
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    auto& row = rows_[r];
    // Recorders write events in time order already; stable keeps equal
    // starts in file order.
    std::stable_sort(row.begin(), row.end(), [&](std::uint32_t a, std::uint32_t b) {
      return run.steps[a].t_start_ns < run.steps[b].t_start_ns;
    });
    auto& ends = max_end_[r];
    ends.resize(row.size());
    std::int64_t running = INT64_MIN;
    for (std::size_t i = 0; i < row.size(); ++i) {
      running = std::max(running, run.steps[row[i]].t_end_ns);
      ends[i] = running;
    }
  }
}

std::size_t RunIndex::FirstEndingAfter(int rank, double t_ns) const {
  const auto& ends = max_end_[static_cast<std::size_t>(rank)];
  return static_cast<std::size_t>(
      std::upper_bound(ends.begin(), ends.end(), t_ns,
                       [](double t, std::int64_t end) { return t < static_cast<double>(end); }) -
      ends.begin());
}

std::size_t RunIndex::StartedBy(const trace::Run& run, int rank, double t_ns) const {
  const auto& row = Row(rank);
  return static_cast<std::size_t>(std::upper_bound(row.begin(), row.end(), t_ns,
                                                   [&](double t, std::uint32_t i) {
                                                     return t < static_cast<double>(
                                                                    run.steps[i].t_start_ns);
                                                   }) -
                                  row.begin());
}

std::vector<int> ReplaySnapshot::WaitingRanks() const {
  std::vector<int> waiting;
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    if (ranks[r].waiting) waiting.push_back(static_cast<int>(r));
  }
  return waiting;
}

float ProgressAt(const trace::StepEvent& event, std::int64_t t_ns) {
  const double duration = static_cast<double>(std::max<std::int64_t>(event.DurationNs(), 1));
  return static_cast<float>(
      std::clamp(static_cast<double>(t_ns - event.t_start_ns) / duration, 0.0, 1.0));
}

ReplaySnapshot SnapshotAt(const trace::Run& run, const RunIndex& index, std::int64_t t_ns) {
  ReplaySnapshot snapshot;
  snapshot.t_ns = t_ns;
  const int p = index.Ranks();
  snapshot.ranks.resize(static_cast<std::size_t>(p));
  const double t = static_cast<double>(t_ns);
  // The peer a rank in a step receives from, checked once every rank's
  // step is known.
  std::vector<std::int32_t> receives_from(static_cast<std::size_t>(p), -1);
  for (int r = 0; r < p; ++r) {
    RankAtTime& rank = snapshot.ranks[static_cast<std::size_t>(r)];
    const auto& row = index.Row(r);
    const std::size_t started = index.StartedBy(run, r, t);
    if (started == 0) continue;  // before its first event: step 0
    const trace::StepEvent* current = nullptr;
    for (std::size_t i = index.FirstEndingAfter(r, t); i < started; ++i) {
      const trace::StepEvent& e = run.steps[row[i]];
      if (e.t_end_ns <= t_ns) continue;
      if (e.send_to >= 0) snapshot.in_flight.push_back(row[i]);
      // Overlapping events (channels): the rank is in the earliest step it
      // has not finished.
      if (!current || e.step < current->step) current = &e;
    }
    if (current) {
      rank.step = current->step;
      rank.in_step = true;
      receives_from[static_cast<std::size_t>(r)] = current->recv_from;
      continue;
    }
    rank.step = run.steps[row[started - 1]].step;
    rank.done = started == row.size();
    if (!rank.done) {
      // Finished a step, the next has not started: it waits for its data.
      rank.waiting = true;
      rank.waiting_for = run.steps[row[started]].recv_from;
    }
  }
  // A send has landed once its receiver finished that step, however long
  // the sender's own event still runs (a straggler reducing after it sent:
  // the arrow must not fly into a rank whose table row already holds it).
  std::erase_if(snapshot.in_flight, [&](std::uint32_t i) {
    const trace::StepEvent& e = run.steps[i];
    if (e.send_to < 0 || e.send_to >= p) return false;
    const RankAtTime& receiver = snapshot.ranks[static_cast<std::size_t>(e.send_to)];
    return receiver.step > e.step || (receiver.step == e.step && !receiver.in_step);
  });
  for (int r = 0; r < p; ++r) {
    RankAtTime& rank = snapshot.ranks[static_cast<std::size_t>(r)];
    const std::int32_t peer = receives_from[static_cast<std::size_t>(r)];
    if (!rank.in_step || peer < 0 || peer >= p || peer == r) continue;
    if (snapshot.ranks[static_cast<std::size_t>(peer)].step < rank.step) {
      rank.waiting = true;
      rank.waiting_for = peer;
    }
  }
  // The step most ranks are in.
  std::vector<std::int32_t> steps;
  steps.reserve(snapshot.ranks.size());
  for (const RankAtTime& rank : snapshot.ranks) steps.push_back(rank.step);
  std::sort(steps.begin(), steps.end());
  std::size_t best = 0;
  for (std::size_t i = 0; i < steps.size();) {
    std::size_t j = i;
    while (j < steps.size() && steps[j] == steps[i]) ++j;
    if (j - i > best) {
      best = j - i;
      snapshot.shown_step = steps[i];
    }
    i = j;
  }
  return snapshot;
}

void TraceReplay::Attach(std::shared_ptr<const trace::Trace> trace, int run) {
  trace_ = std::move(trace);
  run_ = nullptr;
  index_ = RunIndex();
  playhead_ns_.reset();
  playing_ = false;
  moved_ = true;
  snapshot_ = ReplaySnapshot();
  if (!trace_ || run < 0 || static_cast<std::size_t>(run) >= trace_->runs.size()) return;
  const trace::Run& chosen = trace_->runs[static_cast<std::size_t>(run)];
  if (chosen.steps.empty()) return;
  run_ = &chosen;
  index_ = RunIndex(chosen, std::max(trace_->RankCount(), 1));
}

std::int64_t TraceReplay::playhead_ns() const {
  if (!playhead_ns_) return index_.first_ns();
  return static_cast<std::int64_t>(std::floor(*playhead_ns_));
}

void TraceReplay::Seek(std::int64_t t_ns) {
  if (!run_) return;
  const double clamped = static_cast<double>(std::clamp(t_ns, index_.first_ns(), index_.last_ns()));
  if (playhead_ns_ && *playhead_ns_ == clamped) return;
  playhead_ns_ = clamped;
  moved_ = true;
  Recompute();
}

void TraceReplay::Stop() {
  if (!playhead_ns_) return;
  playhead_ns_.reset();
  playing_ = false;
  moved_ = true;
  snapshot_ = ReplaySnapshot();
}

void TraceReplay::SetSpeed(double speed) {
  speed_ = std::isfinite(speed) ? std::clamp(speed, kMinSpeed, kMaxSpeed) : kMinSpeed;
}

void TraceReplay::SetPlaying(bool playing) {
  if (!run_) return;
  if (playing && (!playhead_ns_ || *playhead_ns_ >= static_cast<double>(index_.last_ns()))) {
    playhead_ns_ = static_cast<double>(index_.first_ns());
    moved_ = true;
    Recompute();
  }
  playing_ = playing;
}

bool TraceReplay::Tick(double dt_s) {
  if (playing_ && playhead_ns_ && dt_s > 0) {
    const double end = static_cast<double>(index_.last_ns());
    const double next = std::min(*playhead_ns_ + dt_s * 1e9 * speed_, end);
    if (next >= end) playing_ = false;
    // Recompute only when a whole nanosecond passed: at 1e-6 x real time a
    // frame moves the playhead by a fraction of one.
    const bool whole = std::floor(next) != std::floor(*playhead_ns_);
    playhead_ns_ = next;
    if (whole) {
      moved_ = true;
      Recompute();
    }
  }
  return std::exchange(moved_, false);
}

void TraceReplay::Recompute() {
  if (!run_ || !playhead_ns_) return;
  snapshot_ = SnapshotAt(*run_, index_, playhead_ns());
}

std::optional<std::string> ReplayBuffers::Update(const engine::Schedule& schedule,
                                                 std::string_view algorithm,
                                                 engine::Collective collective, int root,
                                                 std::span<const RankAtTime> ranks, int max_terms) {
  const int p = schedule.Ranks();
  const std::int64_t last = schedule.StepCount();
  std::vector<std::pair<std::int32_t, std::int32_t>> steps(static_cast<std::size_t>(p), {0, 0});
  for (int r = 0; r < p && static_cast<std::size_t>(r) < ranks.size(); ++r) {
    const RankAtTime& rank = ranks[static_cast<std::size_t>(r)];
    const auto clamp = [&](std::int64_t step) {
      return static_cast<std::int32_t>(std::clamp<std::int64_t>(step, 0, last));
    };
    // A step past the schedule's (a longer recorded run) is never pending.
    const bool pending = rank.in_step && rank.step >= 1 && rank.step <= last;
    steps[static_cast<std::size_t>(r)] = {clamp(pending ? rank.step - 1 : rank.step),
                                          pending ? rank.step : 0};
  }
  const bool same_setup = buffers_ && schedule_ == &schedule && algorithm_ == algorithm &&
                          collective_ == collective && root_ == root && max_terms_ == max_terms &&
                          buffers_->Ranks() == p && buffers_->StepCount() == last;
  if (same_setup && steps == steps_) return std::nullopt;
  if (!same_setup) {
    schedule_ = &schedule;
    algorithm_ = algorithm;
    collective_ = collective;
    root_ = root;
    max_terms_ = max_terms;
    buffers_ = std::make_unique<engine::BufferState>(schedule, collective, root);
  }
  steps_ = steps;
  std::vector<std::int32_t> needed;
  for (const auto& [shown, in_progress] : steps) {
    needed.push_back(shown);
    if (in_progress > 0) needed.push_back(in_progress);
  }
  std::sort(needed.begin(), needed.end());
  needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
  const int slots = buffers_->Slots();
  const auto width = static_cast<std::size_t>(slots);
  const bool reduction = engine::Reduces(collective);
  rows_.assign(static_cast<std::size_t>(p), {});
  for (ReplayRow& row : rows_) {
    row.labels.resize(width);
    row.terms.assign(width, 0);
    row.written.assign(width, 0);
    row.pending.assign(width, 0);
    row.complete.assign(width, 0);
  }
  // Ascending steps: each seek replays only the steps between two of them.
  for (const std::int32_t step : needed) {
    if (!buffers_->SeekStep(step)) {
      steps_.clear();  // try again next time
      return "step " + std::to_string(step) + ": " + buffers_->Error().value_or("invalid");
    }
    for (int r = 0; r < p; ++r) {
      const auto [shown, in_progress] = steps[static_cast<std::size_t>(r)];
      ReplayRow& row = rows_[static_cast<std::size_t>(r)];
      for (int s = 0; s < slots && step == in_progress; ++s) {
        row.pending[static_cast<std::size_t>(s)] = buffers_->ChangedInCurrentStep(r, s);
      }
      if (step != shown) continue;
      row.step = step;
      for (int s = 0; s < slots; ++s) {
        const engine::Cell& cell = buffers_->At(r, s);
        const auto i = static_cast<std::size_t>(s);
        row.labels[i] = buffers_->Label(r, s, max_terms);
        row.terms[i] = cell.Empty() ? 0 : buffers_->Pool().TermCount(cell);
        row.written[i] = step > 0 && in_progress == 0 && buffers_->ChangedInCurrentStep(r, s);
        row.complete[i] = reduction && !cell.Empty() && buffers_->Pool().TermCount(cell) == p;
      }
    }
  }
  return std::nullopt;
}

std::optional<double> ParseReplaySpeed(std::string_view text) {
  auto number = [](std::string_view digits) -> std::optional<double> {
    const std::string copy(digits);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(value)) {
      return std::nullopt;
    }
    return value;
  };
  std::optional<double> speed;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    const auto top = number(text.substr(0, slash));
    const auto bottom = number(text.substr(slash + 1));
    if (top && bottom && *bottom > 0) speed = *top / *bottom;
  } else {
    speed = number(text);
  }
  if (!speed || *speed <= 0 || *speed > TraceReplay::kMaxSpeed) return std::nullopt;
  return speed;
}

std::vector<double> ModelStepEnds(std::span<const double> step_seconds, double start_ns) {
  std::vector<double> ends;
  ends.reserve(step_seconds.size());
  double t = start_ns;
  for (const double seconds : step_seconds) {
    t += std::max(seconds, 0.0) * 1e9;
    ends.push_back(t);
  }
  return ends;
}

}  // namespace collscope::gui
