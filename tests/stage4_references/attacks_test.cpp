// A home server under attack, from its documented functions (rmi.hold, rmi.let_go on object 0)
// and from hostile references: every refusal is an error of its own, nothing a peer sends makes
// the exporter hold more than a bound, and the exporter goes on serving everyone else.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage4_references/refs/remote.hpp"
#include "tests/stage4_references/homes.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using rmi::test::contains;
using rmi::test::export_by_hand;
using rmi::test::home_options;

namespace {

// A lease no test outlives: a slow machine (ThreadSanitizer, five test programs at once) may take
// longer than the default 10 s to fill a table, and claims that lapse would make room in it.
HomeOptions victim_options() {
  return home_options(std::chrono::hours(1));
}

using HoldAnswer = std::pair<std::int64_t, std::vector<ObjectId>>;

// Object 0 of `home`'s server, as a stranger calls it.
Proxy functions_of(Home& home) {
  return Proxy(RemoteRef{home.server().endpoint(), kFunctions, kAnyRun, {}, {}});
}

}  // namespace

TEST(ReferenceAttacks, AHolderIDOfAHundredKilobytesIsRefused) {
  Home victim(victim_options());
  const RemoteRef ref = export_by_hand(victim, std::make_shared<demo::Item>(7));
  EXPECT_THROW(functions_of(victim).call<HoldAnswer>("rmi.hold", std::string(100'000, 'h'),
                                                     std::vector<ObjectId>{ref.object}),
               BadArguments);
  EXPECT_THROW(functions_of(victim).call<void>("rmi.let_go", std::string(),
                                               std::vector<ObjectId>{ref.object}),
               BadArguments);
  EXPECT_EQ(Proxy(ref).call(&demo::Item::number), 7) << "the exporter serves on";
}

TEST(ReferenceAttacks, InventedHoldersOfOneObjectAreCappedAtItsLimit) {
  Home victim(victim_options());
  const RemoteRef ref = export_by_hand(victim, std::make_shared<demo::Item>(7));
  // Straight into the table: ten thousand calls would only make the test slow.
  for (std::size_t i = 0; i < Exports::kMaxHolders; ++i)
    victim.exports().hold("holder " + std::to_string(i), {ref.object});
  try {
    functions_of(victim).call<HoldAnswer>("rmi.hold", std::string("one too many"),
                                          std::vector<ObjectId>{ref.object});
    FAIL() << "a holder past the limit was taken";
  } catch (const BadArguments& e) {
    EXPECT_TRUE(contains(e.what(), "holders already"));
  }
  const auto renewed = functions_of(victim).call<HoldAnswer>("rmi.hold", std::string("holder 5"),
                                                             std::vector<ObjectId>{ref.object});
  EXPECT_TRUE(renewed.second.empty()) << "a holder it has may still renew";
}

// An outside test called a store's make 200 times and claimed each object for 10,000 made-up
// holders: the store grew from 5 MB to over 300, and its rmi.inspect no longer fit in a reply.
TEST(ReferenceAttacks, OneHostsClaimsAreCappedAndOthersStillClaim) {
  Home victim(victim_options());
  std::vector<ObjectId> objects;
  for (int i = 0; i < 40; ++i)  // enough that no object meets kMaxHolders before the table fills
    objects.push_back(export_by_hand(victim, std::make_shared<demo::Item>(i)).object);
  // Straight into the table, as if from one host: that many calls would only make the test slow.
  const std::size_t holders = Exports::kMaxClaimsPerHost / objects.size();
  for (std::size_t i = 0; i < holders; ++i)
    victim.exports().hold("holder " + std::to_string(i), objects, "10.0.0.66");
  try {
    victim.exports().hold("one too many", {objects.front()}, "10.0.0.66");
    FAIL() << "a claim past the host's share was taken";
  } catch (const BadArguments& e) {
    EXPECT_TRUE(contains(e.what(), "from 10.0.0.66")) << e.what();
  }
  victim.exports().hold("holder 7", objects, "10.0.0.66");  // a renewal is no new claim
  const auto answer = functions_of(victim).call<HoldAnswer>("rmi.hold", std::string("honest"),
                                                            std::vector<ObjectId>{objects[3]});
  EXPECT_TRUE(answer.second.empty()) << "another host still claims";

  // Three more hosts fill what is left of the table; then even a host with no claims is refused.
  // (The honest claim above takes the room of the very last one.)
  EXPECT_THROW(
      {
        for (const std::string host : {"10.0.0.67", "10.0.0.68", "10.0.0.69"}) {
          for (std::size_t i = 0; i < holders; ++i)
            victim.exports().hold(host + " holder " + std::to_string(i), objects, host);
        }
      },
      BadArguments);
  try {
    victim.exports().hold("newcomer", {objects.front()}, "10.0.0.70");
    FAIL() << "a claim past the table's bound was taken";
  } catch (const BadArguments& e) {
    EXPECT_TRUE(contains(e.what(), "0 of them from 10.0.0.70")) << e.what();
  }

  const std::vector<std::string> lines = victim.inspect();
  std::size_t bytes = 0;
  for (const std::string& line : lines)
    bytes += line.size();
  EXPECT_LT(bytes, 10'000u) << "a few holders an object are described, not all "
                            << Exports::kMaxClaimsPerHost / objects.size();
}

TEST(ReferenceAttacks, ClaimingObjectsThatDoNotExistCostsNothing) {
  Home victim(victim_options());
  std::vector<ObjectId> invented(100'000);
  for (std::size_t i = 0; i < invented.size(); ++i)
    invented[i] = 1'000'000 + i;
  const auto answer =
      functions_of(victim).call<HoldAnswer>("rmi.hold", std::string("stranger"), invented);
  EXPECT_EQ(answer.second.size(), invented.size()) << "each is reported gone";
  EXPECT_EQ(victim.exports().size(), 0u);
}

TEST(ReferenceAttacks, LettingGoOfWhatOneNeverHeldChangesNothing) {
  Home victim(victim_options());
  const RemoteRef ref = export_by_hand(victim, std::make_shared<demo::Item>(7));
  functions_of(victim).call<void>("rmi.let_go", std::string("stranger"),
                                  std::vector<ObjectId>{ref.object});
  victim.keep_now();
  EXPECT_EQ(victim.exports().size(), 1u) << "its reference is still in transit";
  EXPECT_EQ(Proxy(ref).call(&demo::Item::number), 7);
}

TEST(ReferenceAttacks, AReferenceWithAHostileClassNameIsRefusedAndShownSafely) {
  Home victim(victim_options());
  const RemoteRef real = export_by_hand(victim, std::make_shared<demo::Item>(7));
  RemoteRef forged = real;
  forged.class_name = "\x1b[2J\nREADY 6.6.6.6:1" + std::string(10'000, 'x');
  forged.classes = {forged.class_name};
  const std::string bytes = rmi::test::reference_bytes(forged);
  InArchive in(bytes);
  Remote<demo::Item> item;
  try {
    in >> item;
    FAIL() << "a reference to another class was taken for a demo::Item";
  } catch (const BadArguments& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\x1b'), std::string::npos) << "a terminal escape reached the message";
    EXPECT_EQ(what.find('\n'), std::string::npos);
    EXPECT_LT(what.size(), 1000u);
  }
}
