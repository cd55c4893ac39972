#include "tests/bench/crowd.hpp"

#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"

namespace rmi::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSlices = 5;  // of each kind, in turns: alone, pausing, crowded, alone, ...
enum Phase : int {
  kStarting = -2,
  kWarming = -1,  // one slice unmeasured: the served threads' first wake-ups are slow
  kAlone = 0,
  kPausing = 1,
  kCrowded = 2,
  kDraining = 3,
  kOver = 4
};
constexpr int kMeasured = 3;  // the phases whose calls are counted

// A process's processor time so far, user and kernel, of all its threads.
std::chrono::duration<double> processor_time(pid_t process) {
  clockid_t clock;
  timespec now{};
  if (::clock_getcpuclockid(process, &clock) != 0 || ::clock_gettime(clock, &now) != 0)
    throw std::runtime_error("bench: cannot read the server process's processor time");
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

ClientOptions client_options() {
  ClientOptions options;
  options.trace = false;
  return options;
}

struct Knocks {
  std::mutex mutex;
  std::vector<double> busy_ms;  // guarded by mutex
  std::size_t others = 0;       // guarded by mutex
  std::string first_other;      // guarded by mutex

  void other(const std::string& what) {
    std::scoped_lock lock(mutex);
    if (others++ == 0) first_other = what;
  }
};

// One knock: a new connection, one call. The answer should be "busy".
void knock(const Endpoint& server, Knocks& knocks) {
  const auto start = Clock::now();
  try {
    Connection connection(server, client_options());
    call<int>(connection, "add", 1, 2);
    knocks.other("served, although every slot was taken");
  } catch (const AccessDenied& e) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (std::string_view(e.what()).find("busy") == std::string_view::npos) {
      knocks.other(e.what());
      return;
    }
    std::scoped_lock lock(knocks.mutex);
    knocks.busy_ms.push_back(ms);
  } catch (const std::exception& e) {
    knocks.other(e.what());
  }
}

}  // namespace

CrowdResult measure_crowd(const Endpoint& server, pid_t server_process, int served, int knocking,
                          double seconds, std::chrono::milliseconds pause) {
  std::atomic<int> phase{kStarting};
  std::array<std::atomic<long>, kMeasured> calls{};  // by phase
  std::array<std::chrono::duration<double>, kMeasured> lasted{};
  std::array<std::chrono::duration<double>, kMeasured> server_time{};
  std::atomic<int> ready{0};
  std::atomic<int> failed{0};
  Knocks knocks;
  Knocks served_failures;  // what went wrong for a served client, if anything did
  std::vector<std::jthread> holders;
  for (int i = 0; i < served; ++i) {
    holders.emplace_back([&server, &phase, &calls, &ready, &failed, &served_failures] {
      try {
        RemoteFunction<int(int, int)> add(std::make_shared<Connection>(server, client_options()),
                                          "add");
        add(1, 2);  // holds its slot from now on
        ++ready;
        phase.wait(kStarting);  // calling at full speed before the others are in would starve them
        for (int now = phase; now != kOver; now = phase) {
          add(2, 3);
          if (now >= 0 && now < kMeasured) ++calls[now];
        }
      } catch (const std::exception& e) {
        served_failures.other(e.what());
        ++failed;
        ++ready;
      }
    });
  }
  while (ready < served)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  {
    std::vector<std::jthread> knockers;
    for (int i = 0; i < knocking; ++i) {
      knockers.emplace_back([&server, &phase, &knocks, pause, i] {
        // Between half and one and a half pauses, so that the knockers do not all knock at once.
        std::minstd_rand random(static_cast<unsigned>(i) + 1);
        std::uniform_int_distribution<long long> jitter(pause.count() / 2, pause.count() * 3 / 2);
        auto next = Clock::now();
        for (int now = phase; now != kDraining; now = phase) {
          if (now != kPausing && now != kCrowded) {
            phase.wait(now);  // until the next slice
            next = Clock::now();
            continue;
          }
          // Timed from the last knock's start, not from its answer: a door that answers at once
          // is knocked at no more often than a slow one. A knock that fell due while the last one
          // still waited for its answer is made at once, and only once.
          next = std::max(next + std::chrono::milliseconds(jitter(random)), Clock::now());
          std::this_thread::sleep_until(next);
          if (phase == kCrowded) knock(server, knocks);
        }
      });
    }
    // Each slice is timed, not assumed: a sleep can run long, and the calls a phase made are
    // divided by the time it really lasted.
    const auto slice = std::chrono::duration<double>(seconds / (kMeasured * kSlices));
    phase = kWarming;
    phase.notify_all();
    std::this_thread::sleep_for(slice);
    auto began = Clock::now();
    auto server_began = processor_time(server_process);
    for (int i = 0; i < kMeasured * kSlices; ++i) {
      phase = i % kMeasured;
      phase.notify_all();
      std::this_thread::sleep_for(slice);
      const auto ended = Clock::now();
      const auto server_ended = processor_time(server_process);
      lasted[i % kMeasured] += ended - began;
      server_time[i % kMeasured] += server_ended - server_began;
      began = ended;
      server_began = server_ended;
    }
    phase = kDraining;  // no more knocks; the last ones have their answers when these end
    phase.notify_all();
  }
  phase = kOver;  // only now do the served clients let go of their slots
  holders.clear();
  if (failed > 0) {
    throw std::runtime_error(std::to_string(failed.load()) + " of the " + std::to_string(served) +
                             " served clients failed: not every slot held a client; the first: " +
                             served_failures.first_other);
  }
  CrowdResult result;
  result.alone_calls_per_second = static_cast<double>(calls[kAlone]) / lasted[kAlone].count();
  result.pausing_calls_per_second = static_cast<double>(calls[kPausing]) / lasted[kPausing].count();
  result.crowded_calls_per_second = static_cast<double>(calls[kCrowded]) / lasted[kCrowded].count();
  std::vector<double>& waits = knocks.busy_ms;
  std::sort(waits.begin(), waits.end());
  result.refusals = waits.size();
  if (!waits.empty()) {
    result.median_ms = waits[waits.size() / 2];
    result.p99_ms = waits[waits.size() * 99 / 100];
    result.max_ms = waits.back();
  }
  result.other_outcomes = knocks.others;
  result.first_other = knocks.first_other;
  const auto us_per_call = [&](int kind) {
    return 1e6 * server_time[kind].count() / static_cast<double>(std::max(1L, calls[kind].load()));
  };
  result.pausing_server_us = us_per_call(kPausing);
  result.crowded_server_us = us_per_call(kCrowded);
  const double knocks_made =
      static_cast<double>(std::max<std::size_t>(1, result.refusals + result.other_outcomes));
  result.server_us_per_knock = (result.crowded_server_us - result.pausing_server_us) *
                               static_cast<double>(calls[kCrowded]) / knocks_made;
  return result;
}

}  // namespace rmi::bench
