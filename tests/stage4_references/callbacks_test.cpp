// Callbacks: a server calls its callers back while their calls are in progress. The test process
// joins chat_server's room with listeners of its own; while a listener hears a message it may
// call the room again, whose call reaches it again: chains that complete without a timeout,
// because a thread that waits for a reply holds no object's turn (lectures/4-references.md#
// threads). A listener that died or hangs costs the room its patience, no more. And across three
// network-namespace hosts, as on a lab's machines.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage4_references/demo/chat.hpp"
#include "tests/stage4_references/reference_programs.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/test_network.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;

namespace {

// Writes down what it hears. While it hears "ping N" with N > 0, it says "ping N-1" in the room
// first: a call from inside a callback, which the room answers with a callback to it again.
class Ear : public demo::Listener {
 public:
  explicit Ear(std::string name) : name_(std::move(name)) {}
  void set_room(Proxy room) { room_ = std::move(room); }

  void hear(const std::string& from, const std::string& text) override {
    if (text.rfind("ping ", 0) == 0 && from == name_ && room_) {
      const int left = std::stoi(text.substr(5));
      if (left > 0) room_->call(&demo::Room::say, name_, "ping " + std::to_string(left - 1));
    }
    std::scoped_lock lock(mutex_);
    heard_.push_back(from + ": " + text);
  }
  std::vector<std::string> heard() {
    std::scoped_lock lock(mutex_);
    return heard_;
  }

 private:
  const std::string name_;
  std::optional<Proxy> room_;
  std::mutex mutex_;
  std::vector<std::string> heard_;
};

class Callbacks : public testing::Test {
 protected:
  void SetUp() override {
    programs_.start("chat_server");
    room_.emplace(LookupClient(parse_endpoint(programs_.where())).lookup("demo.chat"));
  }

  rmi::test::DemoPrograms programs_;
  std::optional<Proxy> room_;
};

}  // namespace

TEST_F(Callbacks, EveryListenerHearsEveryMessageFromTheServer) {
  const auto ann = std::make_shared<Ear>("ann"), ben = std::make_shared<Ear>("ben");
  room_->call(&demo::Room::join, "ann", ann);
  EXPECT_EQ(room_->call(&demo::Room::join, "ben", ben), (std::vector<std::string>{"ann", "ben"}));
  EXPECT_EQ(room_->call(&demo::Room::say, "ann", "hello"), 2);
  EXPECT_EQ(ann->heard(), std::vector<std::string>{"ann: hello"});
  EXPECT_EQ(ben->heard(), std::vector<std::string>{"ann: hello"});
}

// The room tells its listeners 32 at a time (chat.hpp's kAtOnce): 40 of them are a full group, a
// part and the speaker last. Each hears the message once. (Not many more: the room keeps 4 of a
// group's connections, and those it closes may still count against this process's 64 per host
// while the next group connects.)
TEST_F(Callbacks, MoreListenersThanOneGroupEachHearAMessageOnce) {
  std::vector<std::shared_ptr<Ear>> ears;
  for (int i = 0; i < 40; ++i) {
    ears.push_back(std::make_shared<Ear>("ear" + std::to_string(i)));
    room_->call(&demo::Room::join, "ear" + std::to_string(i), ears.back());
  }
  EXPECT_EQ(room_->with_timeout(10s).call(&demo::Room::say, "ear35", "to all"), 40);
  for (const auto& ear : ears)
    EXPECT_EQ(ear->heard(), std::vector<std::string>{"ear35: to all"});
}

TEST_F(Callbacks, AChainOfCallsBackAndForthCompletesWithoutATimeout) {
  const auto ann = std::make_shared<Ear>("ann");
  ann->set_room(room_->with_timeout(5s));
  room_->call(&demo::Room::join, "ann", ann);
  const auto start = std::chrono::steady_clock::now();
  // test -> room.say -> ann.hear -> room.say -> ann.hear ... six deep, each hear running while
  // the one before it waits in its call to the room.
  room_->with_timeout(5s).call(&demo::Room::say, "ann", "ping 5");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(ann->heard().size(), 6u);
}

TEST_F(Callbacks, AListenerWhoseProcessDiedIsDroppedAndTheRoomGoesOn) {
  const auto ann = std::make_shared<Ear>("ann");
  room_->call(&demo::Room::join, "ann", ann);
  ChildProcess bob(rmi::test::program("stage4_references/chat_client"),
                   {"--as", "bob", "--stay", "--lookup", programs_.where()},
                   {"RMI_LOOKUP_BROADCAST=0"});
  bob.wait_ready(10s);
  EXPECT_EQ(room_->call(&demo::Room::say, "ann", "one"), 2);
  bob.send_signal(SIGKILL);
  bob.wait_exit(5s);
  EXPECT_EQ(room_->call(&demo::Room::say, "ann", "two"), 1) << "bob could not hear it";
  EXPECT_EQ(room_->call(&demo::Room::say, "ann", "three"), 1);
  EXPECT_EQ(ann->heard(), (std::vector<std::string>{"ann: one", "ann: two", "ann: three"}));
}

TEST_F(Callbacks, AListenerThatHangsHoldsUpTheRoomForItsPatienceOnly) {
  const auto ann = std::make_shared<Ear>("ann");
  room_->call(&demo::Room::join, "ann", ann);
  ChildProcess bob(rmi::test::program("stage4_references/chat_client"),
                   {"--as", "bob", "--stay", "--lookup", programs_.where()},
                   {"RMI_LOOKUP_BROADCAST=0"});
  bob.wait_ready(10s);
  bob.suspend(10s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(room_->call(&demo::Room::say, "ann", "anyone?"), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s) << "the room's patience is 2 s";
  EXPECT_EQ(ann->heard(), std::vector<std::string>{"ann: anyone?"});
}

TEST_F(Callbacks, ThreeListenersThatHangHoldUpAMessageForOnePatienceInAll) {
  const auto ann = std::make_shared<Ear>("ann");
  room_->call(&demo::Room::join, "ann", ann);
  std::vector<std::unique_ptr<ChildProcess>> hung;
  for (const char* name : {"bob", "cid", "dan"}) {
    hung.push_back(std::make_unique<ChildProcess>(
        rmi::test::program("stage4_references/chat_client"),
        std::vector<std::string>{"--as", name, "--stay", "--lookup", programs_.where()},
        std::vector<std::string>{"RMI_LOOKUP_BROADCAST=0"}));
    hung.back()->wait_ready(10s);
  }
  for (const auto& listener : hung)
    listener->suspend(10s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(room_->call(&demo::Room::say, "ann", "anyone?"), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s) << "one patience of 2 s, not three";
  EXPECT_EQ(ann->heard(), std::vector<std::string>{"ann: anyone?"}) << "and ann heard it last";
}

// chat_server and the lookup service on host 1, alice listening on host 2, carol on host 3: the
// room calls each back on its own host, at the address it advertises.
TEST(CallbacksAcrossHosts, ClientsOnTwoOtherHostsHearEachOther) {
  rmi::test::TestNetwork network;
  if (!network.available()) GTEST_SKIP() << "no test network: " << network.reason();
  const auto start = [&](int host, const std::string& program, std::vector<std::string> args) {
    std::vector<std::string> command = network.on(host, rmi::test::program(program));
    command.insert(command.end(), args.begin(), args.end());
    return std::make_unique<ChildProcess>(
        command.front(), std::vector<std::string>(command.begin() + 1, command.end()),
        std::vector<std::string>{"RMI_LOOKUP=", "RMI_LOOKUP_BROADCAST="});
  };
  auto lookup = start(1, "stage3_lookup/lookup_server", {"--host", "0.0.0.0", "--port", "0"});
  const std::string service =
      network.address(1) + ":" + std::to_string(lookup->wait_ready(10s).port);
  auto server =
      start(1, "stage4_references/chat_server",
            {"--host", "0.0.0.0", "--advertise", network.address(1), "--lookup", service});
  server->wait_ready(10s);
  auto alice = start(2, "stage4_references/chat_client",
                     {"--as", "alice", "--stay", "--host", "0.0.0.0", "--advertise",
                      network.address(2), "--lookup", service});
  const Endpoint alice_at = alice->wait_ready(10s);
  auto carol = start(3, "stage4_references/chat_client",
                     {"--as", "carol", "--say", "hello from host 3", "--host", "0.0.0.0",
                      "--advertise", network.address(3), "--lookup", service});
  EXPECT_EQ(carol->wait_exit(20s), 0) << carol->stderr_text();
  EXPECT_TRUE(contains(carol->read_rest(1s), "[carol hears] carol: hello from host 3"));
  EXPECT_TRUE(contains(alice->read_line(5s).value_or(""), "[alice hears] carol: hello from host 3"))
      << alice->stderr_text();
  EXPECT_GT(alice_at.port, 0);
}
