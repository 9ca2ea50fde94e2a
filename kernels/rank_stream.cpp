#include "kernels/rank_stream.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <span>

#include "engine/collective.h"
#include "kernels/dtype.h"
#include "trace/importers/partial/format.h"
#include "trace/json_text.h"
#include "trace/packed_event.h"

namespace collscope::kernels {
namespace {

namespace partial = trace::partial;

// Offsets of the progress line's fields: "MAGIC 1 iteration=" then digits.
struct ProgressLayout {
  std::size_t iteration = 0;
  std::size_t step = 0;
  std::size_t done = 0;
  std::size_t beat = 0;
  std::string line;
};

ProgressLayout MakeProgressLayout() {
  ProgressLayout layout;
  std::string& line = layout.line;
  line = std::string(partial::kMagic) + " " + std::to_string(partial::kVersion) + " iteration=";
  layout.iteration = line.size();
  line += std::string(partial::kIterationDigits, '0') + " step=";
  layout.step = line.size();
  line += std::string(partial::kStepDigits, '0') + " done=";
  layout.done = line.size();
  line += "0 beat_ns=";
  layout.beat = line.size();
  line += std::string(partial::kBeatDigits, '0') + "\n";
  return layout;
}

const ProgressLayout& Layout() {
  static const ProgressLayout layout = MakeProgressLayout();
  return layout;
}

// Writes `value` as exactly `width` decimal digits at `at`.
void PutDigits(char* at, int width, std::uint64_t value) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::uint64_t WallClockNs() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(now.tv_nsec);
}

void AppendNumbers(std::string& out, std::span<const std::int64_t> values) {
  for (const std::int64_t value : values) {
    out.push_back(' ');
    out += std::to_string(value);
  }
}

}  // namespace

RankStream::~RankStream() {
  if (progress_ != nullptr) munmap(progress_, progress_size_);
  if (fd_ >= 0) ::close(fd_);
}

std::string RankStream::Open(const RecordOptions& options, int rank, int ranks,
                             const trace::Trace& skeleton, const Plan& plan) {
  if (options.output.empty()) return "";
  path_ = partial::PartialPath(options.output, rank);
  final_path_ = partial::FinalPath(options.output, rank);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) return path_ + ": cannot create: " + std::strerror(errno);
  const trace::Meta& meta = skeleton.meta;
  std::string head = Layout().line;
  auto line = [&head](std::string_view key, std::string_view value) {
    head += key;
    head.push_back(' ');
    head += partial::EscapeLine(value);
    head.push_back('\n');
  };
  line("rank", std::to_string(rank));
  line("ranks", std::to_string(ranks));
  line("pid", std::to_string(getpid()));
  line("warmup", std::to_string(options.warmup));
  line("steps", std::to_string(plan.steps.size()));
  for (const auto& [name, field] : trace::kMetaTextFields) {
    const std::string& value = meta.*field;
    if (!value.empty()) line("meta", std::string(name) + " " + value);
  }
  for (const auto& [key, json] : meta.extra_json) line("extra", key + " " + json);
  if (meta.machine) {
    line("machine",
         trace::JsonNumber(meta.machine->memcpy_gbps) + " " + std::to_string(meta.machine->cores));
  }
  line("run", std::string(engine::CollectiveName(options.collective)) + " " +
                  (options.library ? std::string("library") : options.algorithm) + " " +
                  std::to_string(options.bytes) + " " + std::string(DtypeName(options.dtype)));
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    line("phase", std::to_string(i + 1) + " " + std::string(plan.steps[i].phase));
  }
  Append(head);
  progress_size_ = Layout().line.size();
  void* mapped = mmap(nullptr, progress_size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (mapped == MAP_FAILED) {
    progress_ = nullptr;
    return path_ + ": cannot map its progress line: " + std::strerror(errno);
  }
  progress_ = static_cast<char*>(mapped);
  Heartbeat();
  return "";
}

void RankStream::Progress(int iteration, std::int64_t step, bool done) {
  if (progress_ == nullptr) return;
  const ProgressLayout& layout = Layout();
  PutDigits(progress_ + layout.iteration, partial::kIterationDigits,
            static_cast<std::uint64_t>(iteration));
  PutDigits(progress_ + layout.step, partial::kStepDigits, static_cast<std::uint64_t>(step));
  progress_[layout.done] = done ? '1' : '0';
  Heartbeat();
}

void RankStream::Heartbeat() {
  if (progress_ == nullptr) return;
  PutDigits(progress_ + Layout().beat, partial::kBeatDigits, WallClockNs());
}

void RankStream::Event(int measured, const trace::StepEvent& e) {
  if (fd_ < 0) return;
  pending_ += "s";
  AppendNumbers(pending_, trace::PackEvent(measured, e));
  pending_.push_back('\n');
}

void RankStream::Iteration(int measured, std::int64_t start_ns, std::int64_t end_ns) {
  if (fd_ < 0) return;
  pending_ += "i";
  const std::int64_t times[] = {measured, start_ns, end_ns};
  AppendNumbers(pending_, times);
  pending_.push_back('\n');
  // One write per iteration: the kernel has it even if this process is
  // killed a moment later.
  Append(pending_);
  pending_.clear();
}

void RankStream::Close(std::string_view how) {
  if (fd_ < 0) return;
  Append(pending_ + "end " + std::string(how) + "\n");
  pending_.clear();
  if (progress_ != nullptr) {
    munmap(progress_, progress_size_);
    progress_ = nullptr;
  }
  ::close(fd_);
  fd_ = -1;
  std::rename(path_.c_str(), final_path_.c_str());
}

void RankStream::Append(std::string_view text) {
  while (!text.empty() && fd_ >= 0) {
    const ssize_t wrote = ::write(fd_, text.data(), text.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return;  // a full disk costs the partial file, not the run
    text.remove_prefix(static_cast<std::size_t>(wrote));
  }
}

void RankStream::RemoveAll(const std::string& output, int ranks) {
  if (output.empty()) return;
  for (int rank = 0; rank < ranks; ++rank) {
    std::remove(partial::FinalPath(output, rank).c_str());
    std::remove(partial::PartialPath(output, rank).c_str());
  }
}

}  // namespace collscope::kernels
