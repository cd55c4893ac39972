// The function server and its clients end to end, over real loopback sockets: calls, refusals,
// failures, hostile bytes, many clients, the two serving policies, stopping and restarting.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/net/listener.hpp"
#include "stage1_rpc/rpc/function_server.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"
#include "tests/support/allocation_probe.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using testing::HasSubstr;

namespace {

struct Point {
  int x = 0;
  int y = 0;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive & x & y;
  }
};

class FunctionServerTest : public testing::Test {
 protected:
  void SetUp() override { start(ConnectionPolicy::Persistent); }

  void start(ConnectionPolicy policy, ServerOptions options = {}) {
    options.policy = policy;
    options.log = log_.logger();
    server_ = std::make_unique<FunctionServer>(options);
    server_->bind("add", [](int a, int b) { return a + b; });
    server_->bind("add", [](const std::string& a, const std::string& b) { return a + b; });
    server_->bind("mirror", [](Point p) { return Point{p.y, p.x}; });
    server_->bind("count", [this] { return ++count_; });
    server_->bind("reset", [this](int value) { count_ = value; });
    server_->bind("fail", []() -> int { throw std::out_of_range("index 7 of 3"); });
    server_->bind("throw_int", []() -> int { throw 42; });
    server_->bind("enter_then_sleep_ms", [this](int ms) {
      entered_.count_down();
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return ms;
    });
    server_->bind("big", [](int bytes) { return std::string(static_cast<std::size_t>(bytes), 'b'); });
    server_->bind("sleep_ms", [](int ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return ms;
    });
    server_->start();
  }

  std::shared_ptr<Connection> connect(ClientOptions options = {}) {
    if (options.call_timeout == ClientOptions{}.call_timeout) options.call_timeout = test::kPatience;
    return std::make_shared<Connection>(server_->endpoint(), options);
  }

  // A good call on a fresh connection: the server is alive and serving.
  void expect_serving() {
    SCOPED_TRACE("a good call after the attack");
    EXPECT_EQ(call<int>(*connect(), "add", 2, 3), 5);
  }

  test::LogCollector log_;
  std::atomic<int> count_{0};
  std::latch entered_{1};
  std::unique_ptr<FunctionServer> server_;
};

using FunctionServerPolicy = FunctionServerTest;

}  // namespace

TEST_F(FunctionServerTest, RemoteFunctionCallsLikeALocalFunction) {
  RemoteFunction<int(int, int)> add(connect(), "add");
  EXPECT_EQ(add(100, 222), 322);
  EXPECT_EQ(add.signature(), "int(int, int)");
}

TEST_F(FunctionServerTest, QuickCallTakesTheSignatureFromTheArguments) {
  auto server = connect();
  EXPECT_EQ(call<int>(*server, "add", 1, 2), 3);
  EXPECT_EQ(call<std::string>(*server, "add", "String1", "String2"), "String1String2");
}

TEST_F(FunctionServerTest, VoidFunctionsAndStateOnTheServer) {
  auto server = connect();
  call<void>(*server, "reset", 10);
  EXPECT_EQ(call<int>(*server, "count"), 11);
  EXPECT_EQ(call<int>(*server, "count"), 12);
}

TEST_F(FunctionServerTest, UserTypesTravelByValue) {
  RemoteFunction<Point(Point)> mirror(connect(), "mirror");
  const Point p = mirror(Point{1, 2});
  EXPECT_EQ(p.x, 2);
  EXPECT_EQ(p.y, 1);
}

TEST_F(FunctionServerTest, ManyCallsShareOneConnection) {
  RemoteFunction<int(int, int)> add(connect(), "add");
  for (int i = 0; i < 200; ++i) ASSERT_EQ(add(i, i), 2 * i);
}

TEST_F(FunctionServerTest, UnknownNameIsLoggedAndTheCallerToldClearly) {
  try {
    call<int>(*connect(), "divide", 1, 2);
    FAIL() << "an unbound name must not return";
  } catch (const ConnectionError& e) {
    EXPECT_THAT(e.what(), HasSubstr("call 'divide int(int, int)' to " + server_->endpoint().to_string()));
    EXPECT_THAT(e.what(), HasSubstr("closed the connection without replying"));
  }
  EXPECT_THAT(log_.wait_for("divide"), HasSubstr("no function named 'divide'"));
  expect_serving();
}

TEST_F(FunctionServerTest, WrongSignatureIsLoggedNamingBothSignatures) {
  EXPECT_THROW(call<double>(*connect(), "add", 1.5, 2.5), ConnectionError);
  const std::string line = log_.wait_for("double(double, double)");
  EXPECT_THAT(line, HasSubstr("int(int, int)"));
  EXPECT_THAT(line, HasSubstr("std::string(std::string, std::string)"));
  expect_serving();
}

TEST_F(FunctionServerTest, ExceptionInAFunctionIsLoggedWithItsTypeAndTheServerSurvives) {
  EXPECT_THROW(call<int>(*connect(), "fail"), ConnectionError);
  EXPECT_THAT(log_.wait_for("fail"), HasSubstr("std::out_of_range: index 7 of 3"));
  EXPECT_THROW(call<int>(*connect(), "throw_int"), ConnectionError);
  EXPECT_THAT(log_.wait_for("throw_int"), HasSubstr("not a std::exception"));
  expect_serving();
}

TEST_F(FunctionServerTest, ConnectionIsReplacedAfterAFailedCall) {
  auto server = connect();
  EXPECT_THROW(call<int>(*server, "fail"), ConnectionError);
  EXPECT_EQ(call<int>(*server, "add", 20, 22), 42) << "the same Connection object connects again";
}

TEST_F(FunctionServerTest, GarbageAndBadFramesCloseOnlyThatConnection) {
  const std::vector<std::string> attacks = {
      "GET / HTTP/1.1\r\n\r\n",
      std::string("RMIT\x07\x01\x00\x00\x00\x00\x00\x00", 12),      // wrong version
      test::frame_bytes(static_cast<MessageKind>(99), "whatever"),  // unknown kind
      test::frame_bytes(MessageKind::Call, ""),                     // empty call
      test::frame_bytes(MessageKind::Call, "not an archive at all"),
      test::frame_bytes(MessageKind::Call, "abcdef").substr(0, 14),  // payload cut short
      std::string("RMI"),                                            // header cut short
  };
  for (const std::string& attack : attacks) {
    SCOPED_TRACE("attack: " + attack.substr(0, 12));
    Socket raw = test::raw_connect(server_->endpoint());
    test::send_raw(raw, attack);
    ::shutdown(raw.fd(), SHUT_WR);  // and send nothing more
    EXPECT_TRUE(test::closed_by_peer(raw)) << "the server kept a broken connection open";
  }
  expect_serving();
}

TEST_F(FunctionServerTest, AllocationBombsInAValidCallAreRefusedCheaply) {
  // A well-formed call of add(std::string, std::string) whose first string claims 2 GB.
  OutFrame call_frame(MessageKind::Call);
  {
    OutArchive out(call_frame);
    out << std::string("add") << std::string("std::string(std::string, std::string)");
    out << std::string("12345");
  }
  std::string bytes(call_frame.seal().begin(), call_frame.seal().end());
  const std::string five("\x05\0\0\0\0\0\0\0", 8), huge("\0\0\0\x80\0\0\0\0", 8);
  bytes.replace(bytes.rfind(five), 8, huge);

  test::AllocationProbe probe;
  Socket raw = test::raw_connect(server_->endpoint());
  test::send_raw(raw, bytes);
  EXPECT_TRUE(test::closed_by_peer(raw));
  EXPECT_THAT(log_.wait_for("string of 2147483648 bytes"), HasSubstr("add"));
  EXPECT_LT(probe.largest(), 1u << 20) << "the server allocated what the bomb claimed";
  expect_serving();
}

TEST_F(FunctionServerTest, EightClientsAtOnceEachGetTheirOwnAnswers) {
  std::vector<std::future<bool>> clients;
  for (int c = 0; c < 8; ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      RemoteFunction<int(int, int)> add(connect(), "add");
      for (int i = 0; i < 200; ++i) {
        if (add(c * 1000, i) != c * 1000 + i) return false;
      }
      return true;
    }));
  }
  for (auto& client : clients) EXPECT_TRUE(client.get());
}

TEST_F(FunctionServerTest, CallTimesOutOnASlowFunction) {
  ClientOptions options;
  options.call_timeout = 100ms;
  auto server = connect(options);
  try {
    call<int>(*server, "sleep_ms", 400);
    FAIL() << "the call should have timed out";
  } catch (const Timeout& e) {
    EXPECT_THAT(e.what(), HasSubstr("sleep_ms int(int)"));
    EXPECT_THAT(e.what(), HasSubstr("100 ms"));
  }
  EXPECT_EQ(call<int>(*server, "sleep_ms", 1), 1) << "the next call gets its own, fresh reply";
}

TEST_F(FunctionServerTest, ClientReconnectsAfterTheServerRestarts) {
  auto server = connect();
  EXPECT_EQ(call<int>(*server, "add", 1, 1), 2);
  const Endpoint address = server_->endpoint();
  server_.reset();  // stopped: the kept connection is now closed at the far end
  ServerOptions options;
  options.address = address;  // the same port again
  start(ConnectionPolicy::Persistent, options);
  EXPECT_EQ(call<int>(*server, "add", 2, 2), 4);
}

TEST_F(FunctionServerTest, StopEndsIdleConnectionsAndReturnsPromptly) {
  auto server = connect();
  EXPECT_EQ(call<int>(*server, "add", 1, 1), 2);  // leaves a connection open, idle
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_THROW(call<int>(*server, "add", 1, 1), ConnectionError);
}

TEST_F(FunctionServerTest, StopLetsTheCallInProgressFinish) {
  auto result = std::async(std::launch::async, [this] {
    return call<int>(*connect(), "enter_then_sleep_ms", 300);
  });
  entered_.wait();  // the call is now running inside the server
  server_->stop();
  EXPECT_EQ(result.get(), 300) << "stop() cut off a call in progress";
}

TEST_F(FunctionServerTest, ConnectionsBeyondTheLimitAreRefusedOthersServed) {
  ServerOptions options;
  options.max_connections = 4;
  server_.reset();
  start(ConnectionPolicy::Persistent, options);
  std::vector<std::shared_ptr<Connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(connect());
    EXPECT_EQ(call<int>(*held.back(), "add", i, 0), i);  // each now holds a connection
  }
  EXPECT_THROW(call<int>(*connect(), "add", 1, 1), ConnectionError);
  EXPECT_THAT(log_.wait_for("refused a connection"), HasSubstr("4 connections"));
  EXPECT_EQ(call<int>(*held[0], "add", 5, 5), 10) << "the connections already open still work";
}

TEST_F(FunctionServerTest, SilentConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 100ms;
  server_.reset();
  start(ConnectionPolicy::Persistent, options);
  Socket raw = test::raw_connect(server_->endpoint());
  test::send_raw(raw, "RMIT");  // half a header, then silence
  EXPECT_TRUE(test::closed_by_peer(raw)) << "a silent client held its thread forever";
  expect_serving();
}

TEST_F(FunctionServerTest, BindingAfterStartIsRefused) {
  EXPECT_THROW(server_->bind("late", [] { return 1; }), Error);
}

TEST_F(FunctionServerPolicy, LectureLoopServesOneCallPerConnection) {
  server_.reset();
  start(ConnectionPolicy::OneCallPerConnection);
  ClientOptions options;
  options.connect_per_call = true;
  RemoteFunction<int(int, int)> add(connect(options), "add");
  for (int i = 0; i < 20; ++i) EXPECT_EQ(add(i, 1), i + 1);
}

TEST_F(FunctionServerTest, TricklingAFrameDoesNotHoldTheConnection) {
  ServerOptions options;
  options.idle_timeout = 200ms;
  server_.reset();
  start(ConnectionPolicy::Persistent, options);
  Socket raw = test::raw_connect(server_->endpoint());
  const std::string frame = test::frame_bytes(MessageKind::Call, std::string(100, 'x'));
  // One byte every 50 ms: each wait is short, but the frame never completes.
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  for (std::size_t i = 0; i < frame.size() && !closed; ++i) {
    closed = ::send(raw.fd(), &frame[i], 1, MSG_NOSIGNAL) != 1;
    std::this_thread::sleep_for(50ms);  // pacing the attack, not synchronising
    if (i > 8) closed = closed || test::closed_by_peer_now(raw);
  }
  EXPECT_TRUE(closed) << "a trickled frame kept its connection";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  expect_serving();
}

TEST_F(FunctionServerTest, NamesThatAreNotPlainTextAreRefusedAndNotEchoed) {
  EXPECT_THROW(call<int>(*connect(), "forged\n[server] line", 1, 2), ConnectionError);
  const std::string line = log_.wait_for("forged");
  EXPECT_THAT(line, HasSubstr("forged\\x0a[server] line"));
  EXPECT_THROW(call<int>(*connect(), std::string(100'000, 'n'), 1, 2), ConnectionError);
  EXPECT_LT(log_.wait_for("nnnn").size(), 1000u) << "a long name was copied into the log";
  expect_serving();
}

TEST_F(FunctionServerTest, LargeFramesInFlightShareABudget) {
  ServerOptions options;
  options.max_payload_bytes_in_flight = 1u << 20;
  server_.reset();
  start(ConnectionPolicy::Persistent, options);
  // Two senders each announce 800 KiB and send only the start: whichever the server reads
  // second does not fit, and only that one is closed.
  const std::string start_of_frame =
      test::frame_bytes(MessageKind::Call, std::string(800u << 10, 'x')).substr(0, 100);
  Socket first = test::raw_connect(server_->endpoint());
  Socket second = test::raw_connect(server_->endpoint());
  test::send_raw(first, start_of_frame);
  test::send_raw(second, start_of_frame);
  pollfd either[2] = {{first.fd(), POLLIN, 0}, {second.fd(), POLLIN, 0}};
  ASSERT_EQ(::poll(either, 2, static_cast<int>(test::kPatience.count())), 1)
      << "exactly one of the two should have been closed";
  EXPECT_NE(test::closed_by_peer_now(first), test::closed_by_peer_now(second));
  EXPECT_THAT(log_.wait_for("refused"), HasSubstr("already receives"));
  expect_serving();  // small frames need no budget
}

TEST_F(FunctionServerTest, StopCutsOffAReplyNobodyReads) {
  ServerOptions options;
  options.stop_grace = 200ms;
  options.idle_timeout = 30s;
  server_.reset();
  start(ConnectionPolicy::Persistent, options);
  Socket raw = test::raw_connect(server_->endpoint());
  OutFrame request(MessageKind::Call);
  {
    OutArchive out(request);
    out << std::string("big") << std::string("std::string(int)") << (12 << 20);
  }
  test::send_raw(raw, std::string(request.seal().begin(), request.seal().end()));
  // Take the first MiB, so the server is surely sending, then read no more: the rest of the
  // 12 MiB reply fills the socket buffers and the server's send blocks.
  std::string first_part(1u << 20, '\0');
  ASSERT_EQ(read_exact(raw, first_part), first_part.size());
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "stop() waited for the blocked reply";
}

TEST(ClientDeadline, AReplyTrickledByTheServerTimesOut) {
  Listener fake({"127.0.0.1", 0});
  std::jthread server([&fake] {
    auto client = fake.accept();
    if (!client) return;
    client->set_receive_timeout(test::kPatience);
    read_frame(*client, {});
    const std::string reply = test::frame_bytes(MessageKind::Reply, std::string(100, 'r'));
    for (char byte : reply) {  // one byte every 50 ms, for as long as the client listens
      if (::send(client->fd(), &byte, 1, MSG_NOSIGNAL) != 1) return;
      std::this_thread::sleep_for(50ms);
    }
  });
  ClientOptions options;
  options.call_timeout = 300ms;
  Connection connection(fake.endpoint(), options);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(call<int>(connection, "slow"), Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
}
