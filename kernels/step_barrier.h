#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace collscope::kernels {

// The threads backend's step boundary: every rank arrives, the last one runs
// the completion hook, all go on. Unlike std::barrier it gives up at a
// deadline (a hung peer) and can be aborted, so a run never waits forever.
class StepBarrier {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Outcome { kPassed, kAborted, kTimedOut };

  StepBarrier(int parties, std::function<void()> on_complete)
      : parties_(parties), on_complete_(std::move(on_complete)), arrived_(parties, 0) {}

  // Waits for the other ranks. On kTimedOut, Missing() lists who never came.
  Outcome ArriveAndWait(int rank, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    if (aborted_) return Outcome::kAborted;
    const std::uint64_t generation = generation_.load(std::memory_order_relaxed);
    arrived_[static_cast<std::size_t>(rank)] = generation + 1;
    if (++count_ == parties_) {
      count_ = 0;
      completed_at_ = Clock::now();
      on_complete_();
      generation_.store(generation + 1, std::memory_order_release);
      cv_.notify_all();
      return Outcome::kPassed;
    }
    lock.unlock();
    // Most steps end within microseconds of each other: spin briefly before
    // sleeping, yielding so an oversubscribed peer can still run.
    for (int i = 0; i < 64; ++i) {
      if (generation_.load(std::memory_order_acquire) != generation) return Outcome::kPassed;
      std::this_thread::yield();
    }
    lock.lock();
    while (generation_.load(std::memory_order_relaxed) == generation && !aborted_) {
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout &&
          generation_.load(std::memory_order_relaxed) == generation && !aborted_) {
        missing_.clear();
        for (int r = 0; r < parties_; ++r) {
          if (arrived_[static_cast<std::size_t>(r)] != generation + 1) missing_.push_back(r);
        }
        return Outcome::kTimedOut;
      }
    }
    return generation_.load(std::memory_order_relaxed) != generation ? Outcome::kPassed
                                                                     : Outcome::kAborted;
  }

  // Wakes every waiter with kAborted; the first reason given is kept.
  void Abort(const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (!aborted_) reason_ = reason;
    aborted_ = true;
    cv_.notify_all();
  }
  bool Aborted() {
    std::lock_guard lock(mutex_);
    return aborted_;
  }
  std::string Reason() {
    std::lock_guard lock(mutex_);
    return reason_;
  }
  std::vector<int> Missing() {
    std::lock_guard lock(mutex_);
    return missing_;
  }
  // When the last rank arrived at the barrier just passed. Written before
  // the generation moves on, read by each rank before it arrives again.
  Clock::time_point CompletedAt() const { return completed_at_; }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  const int parties_;
  std::function<void()> on_complete_;
  int count_ = 0;
  std::atomic<std::uint64_t> generation_{0};
  std::vector<std::uint64_t> arrived_;
  bool aborted_ = false;
  std::string reason_;
  std::vector<int> missing_;
  Clock::time_point completed_at_{};
};

}  // namespace collscope::kernels
