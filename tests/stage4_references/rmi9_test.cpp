// Exercise RMI.9: the tag class and the protocol. An object passed by reference is exported once
// by its own process and a reference to it travels in its place: the tag, then the reference;
// every reference that leaves counts until it is claimed.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage4_references/homes.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;
using rmi::test::home_options;

namespace {

// Sends `item` from `home` (RMI.9) and counts the exports it asked for.
struct Sender {
  Home& home;
  std::chrono::milliseconds export_takes{0};
  std::atomic<int> exports{0};

  RemoteRef send(const std::shared_ptr<demo::Item>& item, std::string* bytes = nullptr) {
    RemoteRef ref;
    const std::string payload = rmi::test::written([&](OutArchive& out) {
      ref = home.send_local(out, item, [&] {
        ++exports;
        std::this_thread::sleep_for(export_takes);
        return home.export_object<demo::Item>(item);
      });
    });
    if (bytes) *bytes = payload;
    return ref;
  }
};

// The "in transit" count that `home` describes for its export of `id`.
std::string described(Home& home, ObjectId id) {
  for (const std::string& line : home.exports().describe())
    if (line.rfind("object " + std::to_string(id) + " ", 0) == 0) return line;
  return "";
}

}  // namespace

TEST(RMI9, WritesTheTagThenTheReferenceItsServerMakes) {
  Home home(home_options());
  Sender sender{home};
  const auto item = std::make_shared<demo::Item>(7);
  std::string bytes;
  const RemoteRef ref = sender.send(item, &bytes);

  InArchive in(bytes);
  std::uint8_t tag = 0;
  RemoteRef written;
  in >> tag >> written;
  in.expect_end("the tag and a reference");
  EXPECT_EQ(tag, kReferenceTag);
  EXPECT_EQ(written, ref);
  EXPECT_EQ(ref, home.server().ref(ref.object));
  EXPECT_TRUE(ref.is_a("demo::Item"));
  EXPECT_EQ(Proxy(ref).call(&demo::Item::number), 7) << "the object stays, callable there";
}

TEST(RMI9, OneObjectIsExportedOnceHoweverOftenItIsSent) {
  Home home(home_options());
  Sender sender{home};
  const auto item = std::make_shared<demo::Item>(7);
  const RemoteRef first = sender.send(item);
  EXPECT_EQ(sender.send(item), first);
  EXPECT_EQ(sender.send(item), first);
  EXPECT_EQ(sender.exports, 1);
  EXPECT_EQ(home.exports().size(), 1u);
  EXPECT_TRUE(contains(described(home, first.object), "3 in transit"))
      << "every reference that left counts";

  const RemoteRef other = sender.send(std::make_shared<demo::Item>(8));
  EXPECT_NE(other.object, first.object) << "another object, another ID";
  EXPECT_EQ(sender.exports, 2);
}

TEST(RMI9, SentFromManyThreadsAtOnceAnObjectIsStillExportedOnce) {
  Home home(home_options());
  // An export that takes a moment, as one on a busy server may: threads that each find no ID
  // and export would then both get there.
  Sender sender{home, 1ms};
  constexpr int kObjects = 10, kThreads = 8, kSends = 10;
  for (int object = 0; object < kObjects; ++object) {
    const auto item = std::make_shared<demo::Item>(object);
    std::vector<RemoteRef> refs(kThreads);
    std::vector<std::exception_ptr> failures(kThreads);  // rethrown here, not in a thread
    {
      std::latch start(kThreads);  // all at once, not each thread as soon as it is made
      std::vector<std::jthread> threads;
      for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
          start.arrive_and_wait();
          try {
            for (int i = 0; i < kSends; ++i)
              refs[t] = sender.send(item);
          } catch (...) {
            failures[t] = std::current_exception();
          }
        });
      }
    }
    for (const std::exception_ptr& failure : failures)
      if (failure) std::rethrow_exception(failure);
    const int exports = sender.exports - object;
    if (exports != 1) {
      FAIL() << kThreads << " threads that sent one new object at once exported it " << exports
             << " times, not once";
    }
    for (const RemoteRef& ref : refs)
      EXPECT_EQ(ref, refs.front());
    EXPECT_TRUE(contains(described(home, refs.front().object),
                         std::to_string(kThreads * kSends) + " in transit"));
  }
}

TEST(RMI9, AReferenceNobodyClaimedIsReleasedAfterOneLeaseAndSentAgainAsANewExport) {
  Home home(home_options(200ms));
  Sender sender{home};
  const auto item = std::make_shared<demo::Item>(7);
  const RemoteRef first = sender.send(item);
  EXPECT_TRUE(rmi::test::eventually([&] { return home.exports().size() == 0; }, 2s))
      << "nobody claimed it within a lease";
  EXPECT_THROW(Proxy(first).call(&demo::Item::number), NoSuchObject);

  const RemoteRef again = sender.send(item);
  EXPECT_NE(again.object, first.object) << "a dead ID must not travel";
  EXPECT_EQ(sender.exports, 2);
  EXPECT_EQ(Proxy(again).call(&demo::Item::number), 7);
}

TEST(RMI9, AClaimedReferenceKeepsItsObjectWhileOthersAreStillInTransit) {
  Home home(home_options());
  Sender sender{home};
  const auto item = std::make_shared<demo::Item>(7);
  const RemoteRef ref = sender.send(item);
  sender.send(item);
  home.exports().hold("first holder", {ref.object});
  home.exports().let_go("first holder", {ref.object});
  home.keep_now();
  EXPECT_EQ(home.exports().size(), 1u) << "the second reference is still on its way";
  EXPECT_EQ(Proxy(ref).call(&demo::Item::number), 7);
}
