#pragma once
// A few threads, shared by the whole process, that make calls for callers who do not wait for
// them (stage 2's Proxy::call_async). A call handed over waits in line for a free thread; a
// thread is started only when none is free (nor comes free within kGrace), up to kMaxThreads,
// and ends after kIdleTime without work. So calls in flight cost a thread each only while they are
// in flight, never a new thread per call, and a burst of a thousand calls costs kMaxThreads threads
// and a line.
//
// Every wait is bounded: a call still in line at its deadline is not made, and `too_late` runs
// then (on a timekeeper thread, started the first time every thread is busy); at most
// kMaxWaiting calls wait, and beyond that run() refuses. At exit, calls in line are dropped and
// the threads making calls are joined (each ends by its call's deadline), so a program should
// have its asynchronous calls answered before main returns.
// Shared between threads: one mutex.                         See lectures/2-rmi.md#timeouts
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace rmi {

class CallerPool {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxThreads = 64;
  static constexpr std::size_t kMaxWaiting = 4096;
  static constexpr std::chrono::seconds kIdleTime{5};
  // How long run() waits for a busy thread to come back before it starts another.
  static constexpr std::chrono::microseconds kGrace{200};

  CallerPool() = default;
  ~CallerPool();
  CallerPool(const CallerPool&) = delete;
  CallerPool& operator=(const CallerPool&) = delete;

  // The process's pool.
  static CallerPool& shared();

  // Runs `call` on one of the pool's threads, or `too_late` once `deadline` passes before a
  // thread is free. Throws Error if kMaxWaiting calls are waiting already, or the pool is
  // closing. Neither function may throw.
  void run(Clock::time_point deadline, std::function<void()> call, std::function<void()> too_late);

  std::size_t threads() const;  // started and not yet ended, for tests

 private:
  struct Waiting {
    Clock::time_point deadline;
    std::function<void()> call, too_late;
  };
  void work(std::list<std::jthread>::iterator self);
  void keep_time(const std::stop_token& stop);
  std::deque<Waiting> take_overdue();  // from line_, under mutex_

  mutable std::mutex mutex_;
  std::condition_variable work_to_do_;
  std::condition_variable back_in_line_;  // a thread is done with its call (run() may wait)
  std::condition_variable line_grew_;     // the timekeeper may have a nearer deadline to wait for
  std::deque<Waiting> line_;              // guarded by mutex_
  std::size_t idle_ = 0;                  // guarded by mutex_: threads waiting for work
  std::size_t waiting_for_grace_ = 0;     // guarded by mutex_: run()s waiting on back_in_line_
  bool closing_ = false;                  // guarded by mutex_
  std::list<std::jthread> threads_;       // guarded by mutex_; last: they use everything above
  std::list<std::jthread> ended_;  // guarded by mutex_: threads that have ended, to be joined
  std::jthread timekeeper_;        // guarded by mutex_ until it starts; joined first
};

}  // namespace rmi
