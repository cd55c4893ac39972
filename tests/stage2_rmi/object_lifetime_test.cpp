// Time and many clients: calls on one object from many clients take turns, timeouts per proxy
// and per call, asynchronous and one-way calls, and a client that outlives a server restart.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage2_rmi/object_server_fixture.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;
using rmi::test::ObjectServerTest;

TEST_F(ObjectServerTest, SixteenClientsCallingOneObjectDoNotRace) {
  // Counter::add reads, yields, then writes: without the server's turn-taking, updates get lost.
  std::vector<std::future<void>> clients;
  for (int c = 0; c < 16; ++c) {
    clients.push_back(std::async(std::launch::async, [this] {
      const Proxy counter(connect(), 4);
      for (int i = 0; i < 500; ++i)
        counter.call<void>("add", 1);
    }));
  }
  for (auto& client : clients)
    client.get();
  EXPECT_EQ(Proxy(connect(), 4).call<long>("total"), 16 * 500);
}

TEST_F(ObjectServerTest, ProxyTimeoutFiresAndTheNextCallWorks) {
  const Proxy slow = Proxy(connect(), 5).with_timeout(100ms);
  try {
    slow.call<int>("sleep_ms", 400);
    FAIL() << "the call should have timed out";
  } catch (const Timeout& e) {
    EXPECT_TRUE(contains(e.what(), "sleep_ms int(int)' on object 5"));
  }
  EXPECT_EQ(slow.call<int>("sleep_ms", 1), 1) << "a fresh connection, a fresh reply";
}

TEST_F(ObjectServerTest, PerCallTimeoutOnARemoteMethod) {
  const auto sleep = Proxy(connect(), 5).method<int(int)>("sleep_ms");
  EXPECT_THROW(sleep.with_timeout(100ms)(400), Timeout);
  EXPECT_EQ(sleep(1), 1) << "without the short timeout";
}

TEST_F(ObjectServerTest, AsyncCallRunsWhileTheCallerGoesOn) {
  const Proxy trouble(connect(), 5);
  std::future<int> later = trouble.call_async<int>("sleep_ms", 200);
  EXPECT_EQ(trouble.call<int>("sleep_ms", 1), 1) << "the proxy is free meanwhile";
  EXPECT_EQ(later.get(), 200);
}

TEST_F(ObjectServerTest, AsyncCallDeliversTheRemoteException) {
  std::future<void> later =
      Proxy(connect(), 5)
          .call_async<void>("raise", std::string("std::domain_error"), std::string("later"));
  EXPECT_THROW(later.get(), std::domain_error);
}

TEST_F(ObjectServerTest, OneWayCallRunsWithoutAReply) {
  const Proxy trouble(connect(), 5);
  trouble.send("note", "sent one way");
  // Calls on one connection are served in order, so this sees the note.
  EXPECT_EQ(trouble.call<std::string>("last"), "sent one way");
}

TEST_F(ObjectServerTest, OneWayCallThatFailsIsLoggedAtTheServer) {
  const Proxy trouble(connect(), 5);
  trouble.send("fail_quietly");
  EXPECT_TRUE(contains(log_.wait_for("one-way"), "std::runtime_error: a one-way call failed"));
  EXPECT_EQ(trouble.call<int>("sleep_ms", 1), 1) << "and the connection goes on";
}

TEST_F(ObjectServerTest, ClientReconnectsAfterTheServerRestarts) {
  const Proxy a(connect(), 1);
  EXPECT_EQ(a.call<std::string>("f"), "x");
  EXPECT_EQ(a.call<std::string>("f"), "x");
  const Endpoint address = server_endpoint();
  stop_server();
  ServerOptions options;
  options.address = address;
  restart(options);
  EXPECT_EQ(a.call<std::string>("f"), "x");
  EXPECT_EQ(a.call<int>("calls"), 1) << "a new server, a new A: its count started again";
}

TEST_F(ObjectServerTest, ObjectsCanBeAddedAndRemovedWhileServing) {
  const Proxy zero(connect(), kFunctions);
  EXPECT_EQ(zero.call<int>("add", 1, 1), 2);
  EXPECT_TRUE(remove_object(4));
  EXPECT_FALSE(remove_object(4)) << "it is gone already";
  EXPECT_THROW(Proxy(connect(), 4).call<long>("total"), NoSuchObject);
}

namespace {

// A connection shared by two callers, the first of them in the middle of an 800 ms call.
struct BusyConnection {
  explicit BusyConnection(std::shared_ptr<Connection> connection)
      : shared(std::move(connection)), slow(std::async(std::launch::async, [this] {
          return Proxy(shared, 5).call<int>("sleep_ms", 800);
        })) {
    std::this_thread::sleep_for(200ms);  // the slow call holds the connection by now
  }
  std::shared_ptr<Connection> shared;
  std::future<int> slow;
};

}  // namespace

TEST_F(ObjectServerTest, ACallQueuedBehindASlowOneOnASharedConnectionKeepsItsTimeout) {
  BusyConnection busy(connect());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(Proxy(busy.shared, 5).with_timeout(100ms).call<int>("sleep_ms", 0), Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 450ms) << "it did not wait its turn";
  EXPECT_EQ(busy.slow.get(), 800);
}

TEST_F(ObjectServerTest, AsyncCallCopiesItsArgumentsBeforeReturning) {
  std::future<int> pending;
  {
    const std::string text(100, 'z');
    pending = Proxy(connect(), 1).call_async<int>("g", std::string_view(text));
  }  // the caller's text is gone; the call must not read it
  EXPECT_EQ(pending.get(), 42);
}

TEST_F(ObjectServerTest, AnObjectRemovedDuringItsCallFinishesThatCallFirst) {
  auto running = Proxy(connect(), 5).call_async<int>("sleep_ms", 300);
  std::this_thread::sleep_for(100ms);  // the call is inside the object now
  EXPECT_TRUE(remove_object(5));
  EXPECT_EQ(running.get(), 300) << "the table's entry kept the object alive for its call";
  EXPECT_THROW(Proxy(connect(), 5).call<int>("sleep_ms", 0), NoSuchObject);
}

TEST_F(ObjectServerTest, AOneWayCallKeepsTheProxysTimeoutWhileItWaitsItsTurn) {
  BusyConnection busy(connect());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(Proxy(busy.shared, 5).with_timeout(100ms).send("note", std::string("late")),
               Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 450ms);
  EXPECT_EQ(busy.slow.get(), 800);
}
