// No lock is held across a call to another process: a method that calls out lets go of its
// object's turn while it waits, so a call back into the same object is served instead of
// waiting for a turn that cannot come (lectures/2-rmi.md#concurrency).
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using namespace std::chrono_literals;

namespace reentrant {

// ping(n) calls the other side's ping(n - 1) through a proxy, until n is 0: a chain that goes
// back and forth between two objects, each of which takes turns (neither is thread_safe).
class Player {
 public:
  void meet(RemoteRef other) { other_.emplace(std::move(other)); }
  std::string ping(int n) {
    ++balls_;
    if (n == 0) return "caught";
    return Proxy(*other_).call<std::string>("ping", n - 1);
  }
  int balls() const { return balls_; }

 private:
  std::optional<RemoteRef> other_;
  int balls_ = 0;
};

}  // namespace reentrant

template <>
struct rmi::Exposed<reentrant::Player> {
  static void members(Members<reentrant::Player>& expose) {
    expose.method("meet", &reentrant::Player::meet)
        .method("ping", &reentrant::Player::ping)
        .method("balls", &reentrant::Player::balls);
  }
};

namespace {

ServerOptions quiet() {
  ServerOptions options;
  options.log = [](std::string_view) {};
  return options;
}

}  // namespace

TEST(Reentrancy, AChainThatComesBackToACallingObjectCompletes) {
  ObjectServer server(quiet());
  auto a = std::make_shared<reentrant::Player>(), b = std::make_shared<reentrant::Player>();
  const ObjectId id_a = server.add(a), id_b = server.add(b);
  server.start();
  a->meet(server.ref(id_b));
  b->meet(server.ref(id_a));
  const auto started = std::chrono::steady_clock::now();
  const Proxy to_a = Proxy(server.ref(id_a)).with_timeout(test::kPatience);
  EXPECT_EQ(to_a.call<std::string>("ping", 5), "caught") << "A -> B -> A -> B -> A -> B";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "it waited for a turn";
  EXPECT_EQ(a->balls() + b->balls(), 6);
}

TEST(Reentrancy, TwoServersCallingEachOtherAtOnceBothComplete) {
  ObjectServer left(quiet()), right(quiet());
  auto a = std::make_shared<reentrant::Player>(), b = std::make_shared<reentrant::Player>();
  const ObjectId id_a = left.add(a), id_b = right.add(b);
  left.start();
  right.start();
  a->meet(right.ref(id_b));
  b->meet(left.ref(id_a));
  auto from_a =
      Proxy(left.ref(id_a)).with_timeout(test::kPatience).call_async<std::string>("ping", 7);
  auto from_b =
      Proxy(right.ref(id_b)).with_timeout(test::kPatience).call_async<std::string>("ping", 7);
  EXPECT_EQ(from_a.get(), "caught");
  EXPECT_EQ(from_b.get(), "caught");
  EXPECT_EQ(a->balls() + b->balls(), 16);
}
