#include "tests/bench/measure.hpp"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace rmi::bench {

namespace {

using Clock = std::chrono::steady_clock;

// The contenders of a group are measured in turns, a slice of each at a time, so that a slow
// spell of a shared machine (its other tenants, a CPU frequency change) falls on all of them
// alike: measured one after the other, a raw baseline timed in a fast spell made the toolkit
// look 1.5 times slower than raw in one run and faster than raw in another.
constexpr int kSlices = 10;

// Where the scheduler puts the two ends of a loopback exchange changes its latency by half (on
// one core, a wake-up needs no interrupt between cores), and in one run it may place the raw
// baseline one way and the toolkit the other. So while latency is measured, the calling thread
// runs on core 0 and every other thread of the process (the servers') on core 1; threads inherit
// their creator's cores, so a server's new connection threads land on core 1 too. For throughput
// every thread may run anywhere again. Linux only (/proc/self/task); false if not done.
bool place_threads(bool confined) {
  const unsigned cores = std::thread::hardware_concurrency();
  if (cores < 2) return false;
  const auto mask = [&](int only) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (unsigned core = 0; core < cores; ++core)
      if (only < 0 || static_cast<int>(core) == only) CPU_SET(core, &set);
    return set;
  };
  const pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
  bool done = true;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    const pid_t thread = std::stoi(task.path().filename().string());
    const cpu_set_t set = mask(confined ? (thread == self ? 0 : 1) : -1);
    done = ::sched_setaffinity(thread, sizeof set, &set) == 0 && done;
  }
  return done;
}

// Calls as fast as `clients` threads can for `seconds`, each on a caller of its own.
long calls_made(const MakeCaller& make_caller, int clients, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  {
    std::vector<std::jthread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&make_caller, &stop, &total] {
        Call call = make_caller();
        long done = 0;
        while (!stop.load(std::memory_order_relaxed)) {
          call();
          ++done;
        }
        total += done;
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
  }
  return total;
}

}  // namespace

std::vector<Result> throughput_in_turns(const std::vector<Contender>& group,
                                        const Settings& settings) {
  std::vector<long> calls(group.size(), 0);
  for (int slice = 0; slice < kSlices; ++slice) {
    for (std::size_t c = 0; c < group.size(); ++c)
      calls[c] += calls_made(group[c].make_caller, settings.clients, settings.seconds / kSlices);
  }
  std::vector<Result> results;
  for (std::size_t c = 0; c < group.size(); ++c)
    results.push_back({group[c].name, 0, 0, static_cast<double>(calls[c]) / settings.seconds});
  return results;
}

std::vector<Result> measure_in_turns(const std::vector<Contender>& group,
                                     const Settings& settings) {
  const bool confined = place_threads(true);
  std::vector<Call> callers;
  for (const Contender& contender : group) {
    callers.push_back(contender.make_caller());
    for (int i = 0; i < settings.warmup; ++i)
      callers.back()();
  }
  std::vector<std::vector<double>> micros(group.size());
  for (int slice = 0; slice < kSlices; ++slice) {
    for (std::size_t c = 0; c < group.size(); ++c) {
      for (int i = 0; i < std::max(1, settings.calls / kSlices); ++i) {
        const auto start = Clock::now();
        callers[c]();
        micros[c].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      }
    }
  }
  // Their connections close before the clients of the throughput slices open theirs.
  callers.clear();
  if (confined) place_threads(false);
  std::vector<Result> results = throughput_in_turns(group, settings);
  for (std::size_t c = 0; c < group.size(); ++c) {
    std::sort(micros[c].begin(), micros[c].end());
    results[c].median_us = micros[c][micros[c].size() / 2];
    results[c].p99_us = micros[c][micros[c].size() * 99 / 100];
  }
  return results;
}

}  // namespace rmi::bench
