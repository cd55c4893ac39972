// Calls in flight: call_async's calls are made by the process's few caller threads over kept
// connections, and the future is ready as soon as the reply is in, whoever asks and whenever.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "stage1_rpc/rpc/caller_pool.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage2_rmi/object_server_fixture.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::ObjectServerTest;

TEST_F(ObjectServerTest, AsyncCallsGoOutOverTheKeptConnection) {
  const Proxy functions(connect(), kFunctions);
  const int port = functions.call<int>("caller_port", 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(functions.call_async<int>("caller_port", 0).get(), port)
        << "call " << i << " opened a connection of its own";
  }
}

TEST_F(ObjectServerTest, AsyncCallsDoNotStartAThreadEach) {
  const Proxy functions(connect(), kFunctions);
  ASSERT_EQ(functions.call_async<int>("add", 1, 2).get(), 3);  // the pool has its first thread
  for (int round = 0; round < 50; ++round) {
    std::vector<std::future<int>> sums;
    for (int i = 0; i < 4; ++i)
      sums.push_back(functions.call_async<int>("add", round, i));
    for (int i = 0; i < 4; ++i)
      ASSERT_EQ(sums[static_cast<std::size_t>(i)].get(), round + i);
  }
  // Four in flight at a time, and a thread just done may not be back in line for the next
  // call yet; 200 calls with a thread each would leave far more.
  EXPECT_LE(CallerPool::shared().threads(), 8u) << "threads were started per call";
}

TEST_F(ObjectServerTest, CallsInFlightTogetherHaveAConnectionEach) {
  const Proxy functions(connect(), kFunctions);
  std::vector<std::future<int>> ports;
  for (int i = 0; i < 4; ++i)  // each still waits in the server when the last is sent
    ports.push_back(functions.call_async<int>("caller_port", 300));
  std::set<int> seen;
  for (auto& port : ports)
    seen.insert(port.get());
  EXPECT_EQ(seen.size(), 4u) << "two calls in flight shared a connection";
  EXPECT_EQ(seen.count(functions.call<int>("caller_port", 0)), 1u)
      << "their connections are kept for the calls that follow";
}

TEST_F(ObjectServerTest, AnAsyncCallsFutureIsReadyWithoutAnyoneWaitingForIt) {
  std::future<int> later = Proxy(connect(), 5).call_async<int>("sleep_ms", 50);
  const auto started = std::chrono::steady_clock::now();
  while (later.wait_for(10ms) != std::future_status::ready)
    ASSERT_LT(std::chrono::steady_clock::now() - started, 2s) << "the reply was never taken in";
  EXPECT_EQ(later.get(), 50);
}

TEST_F(ObjectServerTest, AReplyThatCameInTimeIsKeptHoweverLateItIsAskedFor) {
  std::future<int> later = Proxy(connect(), 5).with_timeout(200ms).call_async<int>("sleep_ms", 1);
  std::this_thread::sleep_for(400ms);  // past the call's deadline
  EXPECT_EQ(later.get(), 1);
}

TEST_F(ObjectServerTest, AnAsyncCallTimesOutAtItsDeadlineWhetherOrNotAnyoneWaits) {
  const auto started = std::chrono::steady_clock::now();
  std::future<int> late = Proxy(connect(), 5).with_timeout(100ms).call_async<int>("sleep_ms", 800);
  ASSERT_EQ(late.wait_for(2s), std::future_status::ready);
  EXPECT_THROW(late.get(), Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 600ms) << "it waited for the reply";
}

TEST_F(ObjectServerTest, AnAsyncCallThatCannotBeSentFailsInItsFuture) {
  const auto connection = connect();
  stop_server();
  std::future<int> never;
  ASSERT_NO_THROW(never = Proxy(connection, kFunctions).call_async<int>("add", 1, 2));
  EXPECT_THROW(never.get(), ConnectionError);
}

TEST_F(ObjectServerTest, EveryAsyncCallGetsItsOwnReplyWhileOthersTimeOutAroundIt) {
  // A call that times out leaves its reply to arrive later. Had its connection been kept for the
  // next call, that call would take the late reply for its own: sleep_ms(n) answers n, so a
  // reply to another call shows as a wrong number.
  const Proxy sleeper = Proxy(connect(), 5).with_timeout(40ms);
  int answered = 0;
  for (int round = 0; round < 15; ++round) {
    // Four in flight: as many connections as are kept, so that each could be kept after.
    std::vector<std::pair<int, std::future<int>>> calls;
    for (int i = 0; i < 4; ++i) {
      const int ms = i % 2 == 0 ? 60 + i : 1 + i;  // half outlast their timeout
      calls.emplace_back(ms, sleeper.call_async<int>("sleep_ms", ms));
    }
    for (auto& [ms, reply] : calls) {
      try {
        EXPECT_EQ(reply.get(), ms) << "a reply to another call";
        ++answered;
      } catch (const Timeout&) {
        // expected of the long ones; a short one may time out too on a busy machine
      }
    }
  }
  EXPECT_GT(answered, 0);
}
