// The socket layer: RAII sockets, short reads and writes, SIGPIPE, port 0, connect timeouts.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/net/listener.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::patience;
using rmi::test::socket_pair;

TEST(SocketIo, ReadExactGathersPiecesSentSeparately) {
  auto [reader, writer] = socket_pair();
  auto sender = std::async(std::launch::async, [&writer = writer] {
    for (const char* piece : {"he", "ll", "o ", "wor", "ld"}) {
      write_all(writer, std::string_view(piece), patience());
    }
  });
  std::string text(11, '\0');
  Deadline deadline = patience();
  EXPECT_EQ(read_exact(reader, text, deadline), 11u);
  EXPECT_EQ(text, "hello world");
}

TEST(SocketIo, ReadExactReportsHowMuchCameBeforeTheEnd) {
  auto [reader, writer] = socket_pair();
  write_all(writer, std::string_view("abc"), patience());
  writer.close();
  std::string buffer(10, '\0');
  Deadline deadline = patience();
  EXPECT_EQ(read_exact(reader, buffer, deadline), 3u) << "end of stream after 3 bytes";
  EXPECT_EQ(read_exact(reader, buffer, deadline), 0u) << "nothing more at all";
}

TEST(SocketIo, WriteAllSendsMoreThanTheSocketBufferHolds) {
  auto [reader, writer] = socket_pair();
  const std::string big(8 << 20, 'z');  // far beyond one send()'s capacity
  auto sender = std::async(std::launch::async,
                           [&writer = writer, &big] { write_all(writer, big, patience()); });
  std::string received(big.size(), '\0');
  Deadline deadline = patience();
  ASSERT_EQ(read_exact(reader, received, deadline), big.size());
  EXPECT_EQ(received, big);
}

TEST(SocketIo, ReadTimesOutWithATimeoutErrorNamingTheLimit) {
  auto [reader, writer] = socket_pair();
  std::string buffer(4, '\0');
  Deadline deadline = Deadline::after(50ms);
  try {
    read_exact(reader, buffer, deadline);
    FAIL() << "nothing was sent: the read must time out";
  } catch (const Timeout& e) {
    EXPECT_NE(std::string(e.what()).find("within 50 ms"), std::string::npos) << e.what();
  }
}

// The deadline bounds the whole transfer, however the peer paces it: here a byte every 20 ms
// keeps every single wait short, but the 12 bytes cannot take 240 ms when 100 ms are allowed.
TEST(SocketIo, ATrickledTransferEndsAtItsDeadlineNotAtItsLastByte) {
  auto [reader, writer] = socket_pair();
  std::atomic<bool> done{false};
  std::jthread trickler([&writer = writer, &done] {
    for (int i = 0; i < 12 && !done; ++i) {
      write_all(writer, std::string_view("x"), patience());
      std::this_thread::sleep_for(20ms);  // the attack itself is a pace, not a synchronisation
    }
  });
  std::string buffer(12, '\0');
  Deadline deadline = Deadline::within(100ms);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(read_exact(reader, buffer, deadline), Timeout);
  done = true;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 200ms);
}

TEST(SocketIo, SendingToAPeerThatDoesNotReadTimesOut) {
  auto [reader, writer] = socket_pair();
  const std::string big(8 << 20, 'z');  // far more than the socket buffers hold
  const auto started = std::chrono::steady_clock::now();
  try {
    write_all(writer, big, Deadline::after(100ms));
    FAIL() << "nobody reads: the send must time out";
  } catch (const Timeout& e) {
    EXPECT_NE(std::string(e.what()).find("not reading"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST(SocketIo, ThereIsNoWaitingForEver) {
  EXPECT_THROW(Deadline::after(0ms), Error);
  EXPECT_THROW(Deadline::within(-5ms), Error);
}

TEST(SocketIo, WritingToAClosedPeerIsAnErrorNotSigpipe) {
  auto [reader, writer] = socket_pair();
  reader.close();
  // Without MSG_NOSIGNAL this would kill the test program with SIGPIPE.
  EXPECT_THROW(
      {
        for (int i = 0; i < 100; ++i)
          write_all(writer, std::string(4096, 'x'), patience());
      },
      ConnectionError);
}

TEST(SocketIo, SocketsMoveButAreClosedOnce) {
  auto [a, b] = socket_pair();
  const int fd = a.fd();
  Socket moved = std::move(a);
  EXPECT_FALSE(a.is_open());
  EXPECT_EQ(moved.fd(), fd);
  moved.close();
  EXPECT_FALSE(moved.is_open());
}

// The receive timeout a recv() waits under, as the kernel holds it: in its timer's ticks.
std::chrono::microseconds receive_timeout_in_kernel(const Socket& socket) {
  timeval value{};
  socklen_t length = sizeof value;
  ::getsockopt(socket.fd(), SOL_SOCKET, SO_RCVTIMEO, &value, &length);
  return std::chrono::seconds(value.tv_sec) + std::chrono::microseconds(value.tv_usec);
}

// Each call's deadline has a little less left at its recv() than the last one's: the timeout is
// set once for them all, and set again only when it would outlast a deadline or end far too soon.
TEST(SocketIo, TheReceiveTimeoutIsSetOnlyWhenItMustChange) {
  auto [socket, peer] = socket_pair();
  socket.limit_receive_wait(30s - 10us);
  EXPECT_EQ(socket.receive_limit(), 29'999ms);
  socket.limit_receive_wait(30s - 700us);  // within a millisecond above it: kept
  EXPECT_EQ(socket.receive_limit(), 29'999ms);
  socket.limit_receive_wait(29'998'500us);  // it would outlast this: shortened
  EXPECT_EQ(socket.receive_limit(), 29'998ms);
  socket.limit_receive_wait(60s);  // far too short for this: lengthened
  EXPECT_EQ(socket.receive_limit(), 60s);
  socket.limit_receive_wait(300us);  // under a millisecond: exact
  EXPECT_EQ(socket.receive_limit(), 300us);
  socket.limit_receive_wait(2s);
  const auto in_kernel = receive_timeout_in_kernel(socket);
  EXPECT_GE(in_kernel, 2s);
  EXPECT_LE(in_kernel, 2s + 10ms);  // rounded up to the kernel's tick
}

TEST(ListenerTest, PortZeroReportsTheRealPort) {
  Listener listener({"127.0.0.1", 0});
  EXPECT_NE(listener.endpoint().port, 0);
  EXPECT_EQ(listener.endpoint().host, "127.0.0.1");
  Socket client = connect_to(listener.endpoint(), patience());
  auto accepted = listener.accept();
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->peer().host, "127.0.0.1");
}

// Two system calls per connection saved (listener.hpp), if the kernel does what it should: gives
// the accepted socket the listening socket's options. If it did not, a recv() on the accepted
// socket could wait for ever while the toolkit believed it bounded.
TEST(ListenerTest, AcceptedConnectionsStartWithTheListenersOptions) {
  Listener listener({"127.0.0.1", 0});
  listener.limit_receive_wait(5s);
  Socket client = connect_to(listener.endpoint(), patience());
  auto accepted = listener.accept();
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->receive_limit(), 5s);
  const auto in_kernel = receive_timeout_in_kernel(*accepted);
  EXPECT_GE(in_kernel, 5s);
  EXPECT_LE(in_kernel, 5s + 10ms);
  int no_delay = 0;
  socklen_t length = sizeof no_delay;
  ::getsockopt(accepted->fd(), IPPROTO_TCP, TCP_NODELAY, &no_delay, &length);
  EXPECT_NE(no_delay, 0) << "Nagle's algorithm is on for an accepted connection";
}

TEST(ListenerTest, InterruptStopsAWaitingAccept) {
  Listener listener({"127.0.0.1", 0});
  std::optional<Socket> result{Socket()};
  std::jthread waiter([&] { result = listener.accept(); });
  listener.interrupt();
  waiter.join();
  EXPECT_FALSE(result.has_value());
}

// The lecture's loop waits in accept() itself; interrupt() must still end the wait, whether it
// comes while accept() waits in the kernel or before.
TEST(ListenerTest, AnAcceptWaitingInTheKernelIsInterruptedToo) {
  Listener listener({"127.0.0.1", 0}, SOMAXCONN, Listener::Waiting::InAccept);
  Socket client = connect_to(listener.endpoint(), patience());
  ASSERT_TRUE(listener.accept().has_value());
  EXPECT_FALSE(listener.try_accept().has_value()) << "try_accept() would have waited";
  std::promise<bool> accepted;
  std::jthread waiter([&] { accepted.set_value(listener.accept().has_value()); });
  auto result = accepted.get_future();
  EXPECT_EQ(result.wait_for(50ms), std::future_status::timeout) << "accept() did not wait";
  listener.interrupt();
  ASSERT_EQ(result.wait_for(patience().limit()), std::future_status::ready);
  EXPECT_FALSE(result.get());
  EXPECT_FALSE(listener.accept().has_value()) << "an accept() after interrupt() waited";
}

TEST(ConnectTest, RefusedConnectionNamesTheServer) {
  Endpoint closed;
  {
    Listener listener({"127.0.0.1", 0});
    closed = listener.endpoint();
  }  // nobody listens there any more
  try {
    connect_to(closed, patience());
    FAIL() << "connecting to a closed port should fail";
  } catch (const ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("connect to " + closed.to_string()), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  }
}

TEST(ConnectTest, ConnectingGivesUpAfterTheTimeout) {
  // A listener whose backlog is full and which never accepts: the kernel drops further SYNs,
  // so a connect() would wait for minutes. Ours must give up when told to.
  Listener listener({"127.0.0.1", 0}, 0);
  std::vector<Socket> queued;
  const auto started = std::chrono::steady_clock::now();
  bool timed_out = false;
  for (int i = 0; i < 64 && !timed_out; ++i) {
    try {
      queued.push_back(connect_to(listener.endpoint(), Deadline::after(200ms)));
    } catch (const Timeout& e) {
      timed_out = true;
      EXPECT_NE(std::string(e.what()).find("within 200 ms"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(timed_out) << "the backlog never filled up";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(EndpointTest, ParsesHostAndPort) {
  EXPECT_EQ(parse_endpoint("example.org:50000"), (Endpoint{"example.org", 50000}));
  EXPECT_EQ(parse_endpoint("10.0.0.5:0"), (Endpoint{"10.0.0.5", 0}));
  EXPECT_THROW(parse_endpoint("no-port"), Error);
  EXPECT_THROW(parse_endpoint("host:70000"), Error);
  EXPECT_THROW(parse_endpoint(":80"), Error);
}

TEST(EndpointTest, ANumericAddressNeedsNoLookup) {
  // Not even a millisecond is needed: no resolver is asked.
  const sockaddr_in address = resolve({"10.1.2.3", 7}, Deadline::after(1ms));
  EXPECT_EQ(to_endpoint(address), (Endpoint{"10.1.2.3", 7}));
}

TEST(EndpointTest, AnAddressIsWrittenInDottedDecimal) {
  for (const char* host : {"0.0.0.0", "127.0.0.1", "10.0.255.7", "255.255.255.255"}) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(65535);
    ASSERT_EQ(::inet_pton(AF_INET, host, &address.sin_addr), 1);
    EXPECT_EQ(to_endpoint(address), (Endpoint{host, 65535}));
  }
}

TEST(EndpointTest, UnknownHostIsAClearError) {
  try {
    resolve({"no-such-host.invalid", 80}, patience());
    FAIL() << "resolving a .invalid name should fail";
  } catch (const ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-host.invalid"), std::string::npos) << e.what();
  }
}
