// Hostile and broken peers: garbage, cut-short and trickled frames, allocation bombs, forged
// names, too many connections, large frames in flight. After each, the server still serves.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/net/listener.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"
#include "tests/support/allocation_probe.hpp"
#include "tests/support/contains.hpp"

#include "tests/stage1_rpc/function_server_fixture.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::FunctionServerTest;
using rmi::test::Point;

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
    Socket raw = test::raw_connect(server_endpoint());
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
  Socket raw = test::raw_connect(server_endpoint());
  test::send_raw(raw, bytes);
  EXPECT_TRUE(test::closed_by_peer(raw));
  EXPECT_TRUE(test::contains(log_.wait_for("string of 2147483648 bytes"), "add"));
  EXPECT_LT(probe.largest(), 1u << 20) << "the server allocated what the bomb claimed";
  expect_serving();
}

TEST_F(FunctionServerTest, NamesThatAreNotPlainTextAreRefusedAndNotEchoed) {
  EXPECT_THROW(call<int>(*connect(), "forged\n[server] line", 1, 2), ConnectionError);
  const std::string line = log_.wait_for("forged");
  EXPECT_TRUE(test::contains(line, "forged\\x0a[server] line"));
  EXPECT_THROW(call<int>(*connect(), std::string(100'000, 'n'), 1, 2), ConnectionError);
  EXPECT_LT(log_.wait_for("nnnn").size(), 1000u) << "a long name was copied into the log";
  expect_serving();
}

TEST_F(FunctionServerTest, TricklingAFrameDoesNotHoldTheConnection) {
  ServerOptions options;
  options.idle_timeout = 200ms;
  restart(ConnectionPolicy::Persistent, options);
  Socket raw = test::raw_connect(server_endpoint());
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

TEST_F(FunctionServerTest, SilentConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 100ms;
  restart(ConnectionPolicy::Persistent, options);
  Socket raw = test::raw_connect(server_endpoint());
  test::send_raw(raw, "RMIT");  // half a header, then silence
  EXPECT_TRUE(test::closed_by_peer(raw)) << "a silent client held its thread forever";
  expect_serving();
}

TEST_F(FunctionServerTest, LargeFramesInFlightShareABudget) {
  ServerOptions options;
  options.max_payload_bytes_held = 1u << 20;
  restart(ConnectionPolicy::Persistent, options);
  // Two senders each announce 800 KiB and send only the start: whichever the server reads
  // second does not fit, and only that one is closed.
  const std::string start_of_frame =
      test::frame_bytes(MessageKind::Call, std::string(800u << 10, 'x')).substr(0, 100);
  Socket first = test::raw_connect(server_endpoint());
  Socket second = test::raw_connect(server_endpoint());
  test::send_raw(first, start_of_frame);
  test::send_raw(second, start_of_frame);
  pollfd either[2] = {{first.fd(), POLLIN, 0}, {second.fd(), POLLIN, 0}};
  ASSERT_EQ(::poll(either, 2, static_cast<int>(test::kPatience.count())), 1)
      << "exactly one of the two should have been closed";
  EXPECT_NE(test::closed_by_peer_now(first), test::closed_by_peer_now(second));
  EXPECT_TRUE(test::contains(log_.wait_for("refused"), "already holds"));
  expect_serving();  // small frames need no budget
}

TEST_F(FunctionServerTest, ConnectionsBeyondTheLimitAreRefusedOthersServed) {
  ServerOptions options;
  options.max_connections = 4;
  restart(ConnectionPolicy::Persistent, options);
  std::vector<std::shared_ptr<Connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(connect());
    EXPECT_EQ(call<int>(*held.back(), "add", i, 0), i);  // each now holds a connection
  }
  try {
    call<int>(*connect(), "add", 1, 1);
    ADD_FAILURE() << "a fifth connection was served";
  } catch (const AccessDenied& e) {
    EXPECT_TRUE(test::contains(e.what(), "the server is busy: already 4 connections open"))
        << e.what();
  }
  EXPECT_TRUE(test::contains(log_.wait_for("refused a connection"), "4 connections"));
  EXPECT_EQ(call<int>(*held[0], "add", 5, 5), 10) << "the connections already open still work";
}

// While every slot is taken, the threads serving calls answer knocks too (server_door.cpp):
// whoever takes a knock in, it hears "busy" at once, and is served once a slot is free again.
TEST_F(FunctionServerTest, KnocksOnAFullServerBusyWithCallsAreAnsweredThenServedWhenASlotFrees) {
  ServerOptions options;
  options.max_connections = 2;
  restart(ConnectionPolicy::Persistent, options);
  auto busy = connect();
  auto idle = connect();
  ASSERT_EQ(call<int>(*busy, "add", 1, 0), 1);
  ASSERT_EQ(call<int>(*idle, "add", 2, 0), 2);
  std::atomic<bool> stop{false};
  std::jthread caller([&busy, &stop] {
    while (!stop)
      call<int>(*busy, "add", 1, 1);
  });
  for (int knock = 0; knock < 10; ++knock) {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(call<int>(*connect(), "add", 1, 1), AccessDenied) << "knock " << knock;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "knock " << knock;
  }
  idle.reset();  // its connection closes, and its slot frees
  int answer = 0;
  const auto patience = std::chrono::steady_clock::now() + test::kPatience;
  while (answer == 0 && std::chrono::steady_clock::now() < patience) {
    try {
      answer = call<int>(*connect(), "add", 2, 3);
    } catch (const AccessDenied&) {
      std::this_thread::sleep_for(5ms);  // the slot is still being given back
    }
  }
  EXPECT_EQ(answer, 5) << "the free slot was not given to the next knock";
  stop = true;
}

TEST(ClientDeadline, AReplyTrickledByTheServerTimesOut) {
  Listener fake({"127.0.0.1", 0});
  auto server = std::async(std::launch::async, [&fake] {
    auto client = fake.accept();
    if (!client) return;
    test::receive_frame(*client);
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

// Outside testing found calls that took ten times their timeout: connecting used the connect
// timeout whatever the call allowed, and sending an argument to a server that never reads was
// bounded by a socket timeout set once per connection. One deadline bounds the whole call.
TEST(ClientDeadline, ACallToAServerWhoseQueueIsFullEndsWithinItsOwnTimeout) {
  Listener full({"127.0.0.1", 0}, 0);  // a backlog of one, and nobody ever accepts
  std::vector<Socket> queued;
  for (int i = 0; i < 8; ++i) {  // fill the queue: further handshakes go unanswered
    try {
      queued.push_back(connect_to(full.endpoint(), Deadline::after(100ms)));
    } catch (const Timeout&) {
      break;
    }
  }
  ClientOptions options;
  options.call_timeout = 300ms;  // the connect timeout stays at its 5 s
  Connection connection(full.endpoint(), options);
  const auto started = std::chrono::steady_clock::now();
  try {
    call<int>(connection, "add", 1, 2);
    ADD_FAILURE() << "a call to a server that never accepts returned";
  } catch (const Timeout& e) {
    EXPECT_TRUE(test::contains(e.what(), "within 300 ms")) << "names the real limit: " << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST(ClientDeadline, SendingALargeArgumentToAServerThatNeverReadsEndsWithinTheTimeout) {
  Listener deaf({"127.0.0.1", 0});
  std::optional<Socket> accepted;
  std::jthread acceptor([&deaf, &accepted] { accepted = deaf.accept(); });  // and never reads
  ClientOptions options;
  options.call_timeout = 300ms;
  Connection connection(deaf.endpoint(), options);
  const auto started = std::chrono::steady_clock::now();
  try {
    call<int>(connection, "size", std::string(8u << 20, 's'));
    ADD_FAILURE() << "a call whose argument was never read returned";
  } catch (const Timeout& e) {
    EXPECT_TRUE(test::contains(e.what(), "within 300 ms")) << e.what();
    EXPECT_TRUE(test::contains(e.what(), "not reading")) << e.what();
  }
  // Marshalling the 8 MiB comes first and takes half a second under ThreadSanitizer, more when
  // the machine is loaded; a send not bounded by the call's deadline would wait for ever.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
}

TEST(ClientDeadline, ATimeoutOfZeroIsRefusedNotForEver) {
  ClientOptions options;
  options.call_timeout = 0ms;
  EXPECT_THROW(Connection({"127.0.0.1", 1}, options), Error);
  options.call_timeout = 1s;
  options.connect_timeout = 0ms;
  EXPECT_THROW(Connection({"127.0.0.1", 1}, options), Error);
}

// Stage 2 builds a call's target for the call ("object 3", from MethodCall::target()): the
// options must keep their own copy, or the error message reads memory already freed.
TEST(ClientDeadline, CallOptionsKeepTheTargetMadeForTheCall) {
  Endpoint closed;
  {
    Listener listener({"127.0.0.1", 0});
    closed = listener.endpoint();
  }  // nobody listens there any more
  const CallOptions options{.reply_kind = MessageKind::Reply,
                            .timeout = 2s,
                            .target = std::string("object 4242, named longer than a small string")};
  Connection connection(closed);
  OutFrame request(MessageKind::Call);
  try {
    connection.call(request, "f", "void()", options);
    FAIL() << "a call to a closed port must fail";
  } catch (const ConnectionError& e) {
    EXPECT_TRUE(test::contains(e.what(), "on object 4242, named longer than a small string"));
  }
}
