#include "stage1_rpc/rpc/caller_pool.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/connection_pool.hpp"

namespace rmi {

CallerPool& CallerPool::shared() {
  // What the calls use is made first, so that it is destroyed after the pool at exit.
  ConnectionPool::shared();
  static CallerPool pool;
  return pool;
}

CallerPool::~CallerPool() {
  std::list<std::jthread> all;
  std::deque<Waiting> dropped;  // their promises break: whoever waits for them learns it
  std::jthread timekeeper;
  {
    std::scoped_lock lock(mutex_);
    closing_ = true;
    dropped.swap(line_);
    all.splice(all.end(), threads_);
    all.splice(all.end(), ended_);
    timekeeper = std::move(timekeeper_);
  }
  work_to_do_.notify_all();
  line_grew_.notify_all();
  // Joined here, as `all` goes: a thread in a call ends when its call does.
}

void CallerPool::run(Clock::time_point deadline, std::function<void()> call,
                     std::function<void()> too_late) {
  std::list<std::jthread> finished;  // joined outside the lock, as it goes
  std::unique_lock lock(mutex_);
  if (closing_) throw Error("an asynchronous call was refused: the process is ending");
  if (line_.size() >= kMaxWaiting) {
    throw Error("an asynchronous call was refused: " + std::to_string(kMaxWaiting) +
                " calls are waiting for a thread already");
  }
  line_.push_back({deadline, std::move(call), std::move(too_late)});
  finished.splice(finished.end(), ended_);
  const auto enough_free = [&] { return idle_ >= line_.size(); };
  // A thread that has just made a call is back in line a few microseconds after its caller has
  // the result, and a caller that makes one call after another is often quicker: without the
  // grace, each such race started a thread (15 threads for 200 calls one after another).
  if (!enough_free() && !threads_.empty() && threads_.size() < kMaxThreads) {
    ++waiting_for_grace_;
    back_in_line_.wait_for(lock, kGrace, enough_free);
    --waiting_for_grace_;
  }
  if (enough_free()) {
    work_to_do_.notify_one();
    return;
  }
  if (threads_.size() >= kMaxThreads) {
    // Every thread is busy: this call waits in line, and its deadline must be kept without them.
    try {
      if (!timekeeper_.joinable()) {
        timekeeper_ = std::jthread([this](std::stop_token stop) { keep_time(stop); });
      }
    } catch (const std::exception&) {
      // No thread for it: the call's deadline is checked when a thread takes it, as before.
    }
    line_grew_.notify_one();
    return;
  }
  // None free: one more thread. It is given its own place in the list, to remove itself with.
  auto self = threads_.end();
  try {
    self = threads_.emplace(threads_.end());
    *self = std::jthread([this, self] { work(self); });
  } catch (const std::exception&) {
    if (self != threads_.end()) threads_.erase(self);
    // No thread to be had: the call waits for one of those running, if there is one.
    if (threads_.empty()) {
      line_.pop_back();
      throw Error("an asynchronous call was refused: no thread could be started to make it");
    }
  }
}

void CallerPool::work(std::list<std::jthread>::iterator self) {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    const bool woken =
        work_to_do_.wait_for(lock, kIdleTime, [&] { return closing_ || !line_.empty(); });
    --idle_;
    if (closing_) return;
    if (!woken) break;  // idle for kIdleTime: no longer needed
    Waiting next = std::move(line_.front());
    line_.pop_front();
    lock.unlock();
    if (Clock::now() < next.deadline) {
      next.call();
    } else {
      next.too_late();
    }
    next = {};  // what the call held (its connection, its promise) goes before the lock is taken
    lock.lock();
    if (closing_) return;
    if (waiting_for_grace_ > 0) back_in_line_.notify_all();
  }
  // This thread cannot join itself: it moves to the list of ended ones, joined by a later run()
  // or at exit.
  ended_.splice(ended_.end(), threads_, self);
}

// Answers the calls whose deadline passes while they wait in line. It starts the first time
// every thread is busy, and stays: it costs a thread that sleeps until the nearest deadline.
void CallerPool::keep_time(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!closing_ && !stop.stop_requested()) {
    auto nearest = Clock::now() + kIdleTime;
    for (const Waiting& waiting : line_)
      nearest = std::min(nearest, waiting.deadline);
    line_grew_.wait_until(lock, nearest);
    if (closing_) return;
    std::deque<Waiting> overdue = take_overdue();
    if (overdue.empty()) continue;
    lock.unlock();
    for (Waiting& call : overdue)
      call.too_late();
    overdue.clear();  // what they held goes before the lock is taken
    lock.lock();
  }
}

std::deque<CallerPool::Waiting> CallerPool::take_overdue() {
  const auto now = Clock::now();
  std::deque<Waiting> overdue, in_time;
  for (Waiting& waiting : line_)
    (waiting.deadline <= now ? overdue : in_time).push_back(std::move(waiting));
  line_.swap(in_time);
  return overdue;
}

std::size_t CallerPool::threads() const {
  std::scoped_lock lock(mutex_);
  return threads_.size();
}

}  // namespace rmi
