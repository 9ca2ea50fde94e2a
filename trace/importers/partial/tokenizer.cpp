#include "trace/importers/partial/tokenizer.h"

#include <array>
#include <span>

#include "trace/importers/partial/format.h"
#include "trace/importers/text_lines.h"
#include "trace/packed_event.h"

namespace collscope::trace::partial {
namespace {

// "name=DIGITS" at the start of `text`, which then moves past it.
bool Field(std::string_view& text, std::string_view name, std::int64_t& value) {
  text = Trim(text);
  if (!text.starts_with(name) || text.size() <= name.size() || text[name.size()] != '=') {
    return false;
  }
  text.remove_prefix(name.size() + 1);
  const std::size_t end = std::min(text.find(' '), text.size());
  if (!ParseInt64(text.substr(0, end), value)) return false;
  text.remove_prefix(end);
  return true;
}

bool ReadProgress(std::string_view text, Progress& progress) {
  const std::string head = std::string(kMagic) + " " + std::to_string(kVersion) + " ";
  if (!text.starts_with(head)) return false;
  text.remove_prefix(head.size());
  std::int64_t done = 0;
  if (!Field(text, "iteration", progress.iteration) || !Field(text, "step", progress.step) ||
      !Field(text, "done", done) || !Field(text, "beat_ns", progress.beat_ns)) {
    return false;
  }
  progress.done = done == 1;
  return Trim(text).empty();
}

// The first word of `text`, and the rest after one space.
std::pair<std::string_view, std::string_view> SplitKey(std::string_view text) {
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return {text, {}};
  return {text.substr(0, space), text.substr(space + 1)};
}

// Exactly out.size() integers, separated by white space.
bool Numbers(std::string_view text, std::span<std::int64_t> out) {
  std::size_t count = 0;
  for (std::string_view token : SplitWhitespace(text)) {
    if (count == out.size() || !ParseInt64(token, out[count])) return false;
    ++count;
  }
  return count == out.size();
}

}  // namespace

Result<RankFile> TokenizeRankFile(const SourceFile& file) {
  RankFile rank;
  rank.path = file.path;
  LineCursor cursor(file.text);
  Line line;
  auto fail = [&](const std::string& why) {
    return Result<RankFile>::Failure(LinePosition(file.path, line.number) + ": " + why);
  };
  if (!cursor.Next(line) || !ReadProgress(line.text, rank.progress)) {
    return fail("not a " + std::string(kMagic) + " " + std::to_string(kVersion) +
                " file (its first line is the progress line)");
  }
  while (cursor.Next(line)) {
    if (line.text.empty()) continue;
    const auto [key, rest] = SplitKey(line.text);
    std::int64_t value = 0;
    if (key == "s") {
      PackedEvent packed{};
      if (!Numbers(rest, packed)) {
        return fail("a step event needs " + std::to_string(kPackedEventFields) + " integers");
      }
      const std::int64_t iteration = PackedIteration(packed);
      const StepEvent event = UnpackEvent(packed);
      if (iteration < 0 || event.step < 1 || event.bytes < 0) {
        return fail("a step event with a negative iteration or bytes, or a step below 1");
      }
      rank.events.emplace_back(iteration, event);
    } else if (key == "i") {
      std::array<std::int64_t, 3> numbers{};
      if (!Numbers(rest, numbers) || numbers[0] < 0) {
        return fail("an iteration needs its index and start and end ns");
      }
      rank.iterations.push_back({numbers[0], numbers[1], numbers[2]});
    } else if (key == "rank" || key == "ranks" || key == "pid" || key == "warmup" ||
               key == "steps") {
      if (!ParseInt64(Trim(rest), value) || value < 0) {
        return fail(std::string(key) + " needs a number that is not negative");
      }
      if (key == "rank") rank.rank = static_cast<std::int32_t>(value);
      if (key == "ranks") rank.ranks = static_cast<std::int32_t>(value);
      if (key == "pid") rank.pid = value;
      if (key == "warmup") rank.warmup = static_cast<std::int32_t>(value);
      if (key == "steps") rank.steps = value;
    } else if (key == "meta" || key == "extra") {
      const auto [name, text] = SplitKey(rest);
      if (name.empty()) return fail(std::string(key) + " needs a name");
      (key == "meta" ? rank.meta : rank.extra).emplace_back(std::string(name), UnescapeLine(text));
    } else if (key == "machine") {
      const std::vector<std::string_view> parts = SplitWhitespace(rest);
      HostMachine machine;
      if (parts.size() != 2 || !ParseDouble(parts[0], machine.memcpy_gbps) ||
          !ParseInt64(parts[1], value)) {
        return fail("machine needs the memcpy GB/s and the cores");
      }
      machine.cores = static_cast<std::int32_t>(value);
      rank.machine = machine;
    } else if (key == "run") {
      const std::vector<std::string_view> parts = SplitWhitespace(rest);
      if (parts.size() != 4 || !ParseInt64(parts[2], rank.bytes)) {
        return fail("run needs the collective, algorithm, bytes and dtype");
      }
      rank.collective = parts[0];
      rank.algorithm = parts[1];
      rank.dtype = parts[3];
    } else if (key == "phase") {
      const auto [step, name] = SplitKey(rest);
      if (!ParseInt64(step, value) || value < 1) return fail("phase needs its step");
      rank.phases[static_cast<std::int32_t>(value)] = UnescapeLine(name);
    } else if (key == "end") {
      rank.end = Trim(rest);
    } else {
      return fail("unknown record '" + std::string(key) + "'");
    }
  }
  if (rank.rank < 0 || rank.ranks < 1 || rank.rank >= rank.ranks) {
    return Result<RankFile>::Failure(file.path + ": no rank, or a rank outside ranks");
  }
  if (rank.collective.empty()) return Result<RankFile>::Failure(file.path + ": no run line");
  return rank;
}

}  // namespace collscope::trace::partial
