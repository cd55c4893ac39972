// ReplyWatcher: one thread that hands on each watched socket when it can be read, or when its
// deadline passes, in whatever order that happens.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>

#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/rpc/reply_watcher.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::socket_pair;

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

TEST(ReplyWatcherTest, HandsOnASocketOnceItCanBeRead) {
  ReplyWatcher watcher;
  auto [reader, writer] = socket_pair();
  std::promise<Clock::time_point> ready;
  watcher.watch(reader, Clock::now() + 5s, [&ready] { ready.set_value(Clock::now()); });
  std::future<Clock::time_point> handed_on = ready.get_future();
  EXPECT_EQ(handed_on.wait_for(100ms), std::future_status::timeout) << "nothing to read yet";
  const auto sent = Clock::now();
  write_all(writer, std::string_view("reply"), test::patience());
  ASSERT_EQ(handed_on.wait_for(2s), std::future_status::ready);
  EXPECT_LT(handed_on.get() - sent, 1s);
}

TEST(ReplyWatcherTest, HandsOnASilentSocketAtItsDeadline) {
  ReplyWatcher watcher;
  auto [reader, writer] = socket_pair();
  std::promise<void> ready;
  const auto started = Clock::now();
  watcher.watch(reader, started + 150ms, [&ready] { ready.set_value(); });
  ASSERT_EQ(ready.get_future().wait_for(2s), std::future_status::ready);
  EXPECT_GE(Clock::now() - started, 150ms);
}

TEST(ReplyWatcherTest, ALaterCallWithAnEarlierDeadlineIsNotKeptWaiting) {
  ReplyWatcher watcher;
  auto [slow_reader, slow_writer] = socket_pair();
  auto [fast_reader, fast_writer] = socket_pair();
  std::promise<void> slow, fast;
  watcher.watch(slow_reader, Clock::now() + 10s, [&slow] { slow.set_value(); });
  const auto started = Clock::now();
  watcher.watch(fast_reader, started + 100ms, [&fast] { fast.set_value(); });
  ASSERT_EQ(fast.get_future().wait_for(2s), std::future_status::ready);
  EXPECT_LT(Clock::now() - started, 1s);
  write_all(slow_writer, std::string_view("x"), test::patience());
  EXPECT_EQ(slow.get_future().wait_for(2s), std::future_status::ready);
}

TEST(ReplyWatcherTest, OneThatThrowsDoesNotStopTheOthers) {
  ReplyWatcher watcher;
  auto [first_reader, first_writer] = socket_pair();
  auto [second_reader, second_writer] = socket_pair();
  watcher.watch(first_reader, Clock::now() + 5s, [] { throw std::runtime_error("careless"); });
  write_all(first_writer, std::string_view("x"), test::patience());
  std::promise<void> second;
  watcher.watch(second_reader, Clock::now() + 5s, [&second] { second.set_value(); });
  write_all(second_writer, std::string_view("y"), test::patience());
  EXPECT_EQ(second.get_future().wait_for(2s), std::future_status::ready);
}
