// Time and many clients: calls on one object from many clients take turns, timeouts per proxy
// and per call, asynchronous and one-way calls, and a client that outlives a server restart.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage2_rmi/object_server_fixture.hpp"
#include "tests/stage2_rmi/test_objects.hpp"
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

// A Connection carries many calls at once, each over a connection of its own: a slow call does
// not hold up the next one made through the same Connection.
TEST_F(ObjectServerTest, CallsThroughOneConnectionDoNotQueueBehindEachOther) {
  const auto shared = connect();
  std::future<int> slow = Proxy(shared, 5).call_async<int>("sleep_ms", 800);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Proxy(shared, 1).call<std::string>("f"), "x");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 400ms) << "it queued behind the slow call";
  EXPECT_EQ(slow.get(), 800);
}

// Outside testing found calls that waited for an object's turn behind a call that never ended
// holding their threads (and connection slots) for ever. A call waits for its turn only as long
// as its caller waits for the reply, and a call whose caller has given up never starts.
TEST_F(ObjectServerTest, ACallWaitingForItsObjectsTurnEndsWithItsCallersTimeout) {
  std::future<int> stuck = Proxy(connect(), 7).call_async<int>("hold");
  while (gate().runs() == 0)
    std::this_thread::yield();  // the gate is held now
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(Proxy(connect(), 7).with_timeout(200ms).call<int>("hold"), Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  gate().open();
  EXPECT_EQ(stuck.get(), 1);
  EXPECT_EQ(Proxy(connect(), 7).call<int>("runs"), 1) << "the call whose caller gave up ran";
}

TEST_F(ObjectServerTest, CallsStuckBehindAnEndlessCallDoNotUseUpTheServersSlots) {
  ServerOptions options;
  options.max_connections = 4;
  restart(options);
  std::future<int> stuck = Proxy(connect(), 7).call_async<int>("hold");
  while (gate().runs() == 0)
    std::this_thread::yield();
  for (int i = 0; i < 3; ++i) {  // the other three slots: calls that wait for the gate in vain
    EXPECT_THROW(Proxy(connect(), 7).with_timeout(150ms).call<int>("hold"), Timeout);
  }
  // Their server threads gave up with their callers, so their slots are free again.
  const auto started = std::chrono::steady_clock::now();
  int answer = 0;
  while (answer == 0 && std::chrono::steady_clock::now() - started < 2s) {
    try {
      answer = Proxy(connect(), kFunctions).call<int>("add", 2, 3);
    } catch (const AccessDenied&) {
      std::this_thread::yield();  // a slot is still being given back
    }
  }
  EXPECT_EQ(answer, 5) << "the server stayed busy with calls whose callers had gone";
  gate().open();
  EXPECT_EQ(stuck.get(), 1);
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
  auto running = Proxy(connect(), 7).call_async<int>("hold");
  while (gate().runs() == 0) std::this_thread::yield();  // the call is inside the object now
  EXPECT_TRUE(remove_object(7));
  gate().open();
  EXPECT_EQ(running.get(), 1) << "the table's entry kept the object alive for its call";
  EXPECT_THROW(Proxy(connect(), 7).call<int>("runs"), NoSuchObject);
}
