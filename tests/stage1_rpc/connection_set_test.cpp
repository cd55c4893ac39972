// The connections a server serves, each on a thread of its own: how many it lets in at once.
#include "stage1_rpc/rpc/connection_set.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace rmi;

namespace {

// One end of a new socket pair, named as if it came from `host`.
Socket socket_from(const std::string& host) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error("socketpair failed");
  }
  ::close(fds[1]);
  return Socket(fds[0], {host, 0});
}

// `count` threads, released together, each offering `set` a connection from hosts[i % size];
// every connection it starts is served until `release` is ready. Returns how many it started.
int offer_at_once(ConnectionSet& set, int count, const std::vector<std::string>& hosts,
                  const ConnectionSet::Limits& limits, std::shared_future<void> release) {
  std::atomic<int> started{0};
  std::latch ready(count);
  {
    std::vector<std::jthread> offers;
    for (int i = 0; i < count; ++i) {
      offers.emplace_back([&, i] {
        Socket socket = socket_from(hosts[static_cast<std::size_t>(i) % hosts.size()]);
        ready.arrive_and_wait();
        const auto result =
            set.start_thread(socket, limits, [release](Socket&) { release.wait(); });
        if (result == ConnectionSet::Start::Started) ++started;
      });
    }
  }
  return started;
}

// Waits for the connections' threads, as a server's stop() does.
void finish(ConnectionSet& set) {
  set.close_all();
  EXPECT_EQ(set.finish(std::chrono::steady_clock::now() + std::chrono::seconds(10)), 0u);
}

}  // namespace

// Outside testing: the limits were checked before a connection was added, outside the set's
// lock, so threads letting connections in at once could each take the last slot.
TEST(ConnectionSet, ThreadsLettingConnectionsInAtOnceNeverPassTheLimit) {
  for (int round = 0; round < 20; ++round) {
    std::promise<void> release;
    ConnectionSet set;
    EXPECT_EQ(offer_at_once(set, 16, {"10.0.0.1"}, {.connections = 3, .per_host = 3},
                            release.get_future().share()),
              3);
    EXPECT_EQ(set.serving(), 3u);
    release.set_value();
    finish(set);
  }
}

TEST(ConnectionSet, NoHostPassesItsOwnLimit) {
  for (int round = 0; round < 20; ++round) {
    std::promise<void> release;
    ConnectionSet set;
    EXPECT_EQ(offer_at_once(set, 16, {"10.0.0.1", "10.0.0.2"}, {.connections = 10, .per_host = 2},
                            release.get_future().share()),
              4);
    EXPECT_EQ(set.open_from("10.0.0.1"), 2u);
    EXPECT_EQ(set.open_from("10.0.0.2"), 2u);
    release.set_value();
    finish(set);
  }
}

TEST(ConnectionSet, AClosedSetStartsNothing) {
  ConnectionSet set;
  set.close_all();
  Socket socket = socket_from("10.0.0.1");
  EXPECT_EQ(set.start_thread(socket, {.connections = 3, .per_host = 3}, [](Socket&) {}),
            ConnectionSet::Start::Closed);
  EXPECT_TRUE(socket.is_open()) << "a connection not started is left to the caller";
}
