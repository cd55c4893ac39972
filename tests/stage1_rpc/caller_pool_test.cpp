// The threads that make asynchronous calls: a few, shared, and every wait in line bounded.
#include "stage1_rpc/rpc/caller_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "stage1_rpc/core/error.hpp"

using namespace rmi;
using namespace std::chrono_literals;

namespace {

CallerPool::Clock::time_point in(std::chrono::milliseconds time) {
  return CallerPool::Clock::now() + time;
}

// Takes every thread of `pool` with a call that lasts until `release` is ready; returns once
// every one of those calls is being made.
void take_every_thread(CallerPool& pool, std::shared_future<void> release) {
  auto started = std::make_shared<std::atomic<std::size_t>>(0);
  for (std::size_t i = 0; i < CallerPool::kMaxThreads; ++i) {
    pool.run(
        in(10s),
        [release, started] {
          ++*started;
          release.wait();
        },
        [] {});
  }
  const auto since = std::chrono::steady_clock::now();
  while (*started < CallerPool::kMaxThreads) {
    ASSERT_LT(std::chrono::steady_clock::now() - since, 10s) << *started << " threads started";
    std::this_thread::sleep_for(1ms);
  }
}

}  // namespace

TEST(CallerPool, ManyCallsShareAFewThreads) {
  std::atomic<int> made = 0;  // before the pool: its calls use it until the pool is gone
  CallerPool pool;
  for (int i = 0; i < 2'000; ++i)
    pool.run(
        in(10s), [&made] { ++made; }, [] {});
  EXPECT_LE(pool.threads(), CallerPool::kMaxThreads);
  const auto started = std::chrono::steady_clock::now();
  while (made < 2'000)
    ASSERT_LT(std::chrono::steady_clock::now() - started, 10s) << made << " calls made";
}

TEST(CallerPool, CallsOneAfterAnotherNeedNoNewThreads) {
  CallerPool pool;
  for (int i = 0; i < 200; ++i) {
    std::promise<void> made;
    pool.run(
        in(10s), [&made] { made.set_value(); }, [] {});
    made.get_future().wait();
  }
  // A thread that has just made a call may not be back in line for the next one yet; more
  // than a few would mean a thread per call.
  EXPECT_LE(pool.threads(), 3u);
}

TEST(CallerPool, ACallStillWaitingAtItsDeadlineIsNotMade) {
  CallerPool pool;
  std::promise<void> release;
  take_every_thread(pool, release.get_future().share());
  std::promise<bool> made;
  pool.run(
      in(50ms), [&made] { made.set_value(true); }, [&made] { made.set_value(false); });
  std::this_thread::sleep_for(100ms);
  release.set_value();
  EXPECT_FALSE(made.get_future().get()) << "a call was made after its deadline";
}

TEST(CallerPool, ACallWaitingInLineIsAnsweredAtItsDeadlineWhileEveryThreadIsBusy) {
  CallerPool pool;
  std::promise<void> release;
  take_every_thread(pool, release.get_future().share());
  std::promise<bool> made;
  std::future<bool> answer = made.get_future();
  const auto started = std::chrono::steady_clock::now();
  pool.run(
      in(50ms), [&made] { made.set_value(true); }, [&made] { made.set_value(false); });
  const bool in_time = answer.wait_for(2s) == std::future_status::ready;
  const auto took = std::chrono::steady_clock::now() - started;
  release.set_value();
  ASSERT_TRUE(in_time) << "nobody answered the call while the threads were busy";
  EXPECT_FALSE(answer.get());
  EXPECT_LT(took, 500ms) << "answered long after its deadline";
}

TEST(CallerPool, RefusesACallBeyondTheLimitOfCallsWaiting) {
  CallerPool pool;
  std::promise<void> release;
  take_every_thread(pool, release.get_future().share());
  for (std::size_t i = 0; i < CallerPool::kMaxWaiting; ++i)
    pool.run(
        in(10s), [] {}, [] {});
  EXPECT_THROW(pool.run(
                   in(10s), [] {}, [] {}),
               Error);
  release.set_value();
}

TEST(CallerPool, CallsStillWaitingAtExitAreDroppedAndTheirPromisesBreak) {
  auto pool = std::make_unique<CallerPool>();
  std::promise<void> release;
  take_every_thread(*pool, release.get_future().share());
  auto promise = std::make_shared<std::promise<int>>();
  std::future<int> never = promise->get_future();
  pool->run(
      in(10s), [promise] { promise->set_value(1); }, [] {});
  promise.reset();  // the pool holds the only one now
  std::thread releaser([&release] {
    std::this_thread::sleep_for(50ms);
    release.set_value();
  });
  pool.reset();  // waits for the calls being made, drops the one waiting
  releaser.join();
  EXPECT_THROW(never.get(), std::future_error);
}
