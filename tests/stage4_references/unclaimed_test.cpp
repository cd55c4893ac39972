// References a peer is sent and never claims: each keeps its object at the exporter for a lease,
// so a peer calling a method that returns a new object, as fast as it can, would grow the
// exporter by an object a call. Exports bounds the references in transit, to each host and in
// all (exports.hpp); a refusal arrives as TooManyReferences, and exports nothing.
#include <gtest/gtest.h>

#include <boost/serialization/level.hpp>
#include <boost/serialization/split_member.hpp>
#include <boost/serialization/tracking.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/call_context.hpp"
#include "stage2_rmi/rmi/exposed.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage4_references/refs/home.hpp"
#include "tests/stage4_references/homes.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using rmi::test::contains;

namespace {

// A new Item, sent by reference from `home` (an rmi::Remote is always sent from Home::here(),
// and the test needs a Home of its own); it arrives as the bare reference a stranger reads, tag
// and RemoteRef, and nobody claims it.
struct NewItem {
  Home* home = nullptr;
  std::shared_ptr<demo::Item> item;
  RemoteRef ref;  // as it arrived

  void save(OutArchive& out, unsigned) const {
    home->write_object(out, item, [this] { return home->export_object<demo::Item>(item); });
  }
  void load(InArchive& in, unsigned) {
    std::uint8_t tag = 0;
    in >> tag >> ref;
  }
  BOOST_SERIALIZATION_SPLIT_MEMBER()
};

class ItemMaker {
 public:
  explicit ItemMaker(Home& home) : home_(home) {}
  NewItem make(int number) { return NewItem{&home_, std::make_shared<demo::Item>(number), {}}; }

 private:
  Home& home_;
};

// What `home`'s server says it serves, a line an object (rmi.inspect on object 0).
std::size_t lines_of_inspect(Home& home) {
  const Proxy functions(RemoteRef{home.server().endpoint(), kFunctions, kAnyRun, {}, {}});
  return functions.call<std::vector<std::string>>("rmi.inspect").size();
}

// Sends the reference `ref` once more, as if in a reply to a call from `host`.
bool send_again(Home& home, const RemoteRef& ref, const std::string& host) {
  const CallContext from{{host, 40000}};
  const CallContextScope scope(from);
  return home.exports().sent(ref.object);
}

// Exports a new Item from `home`, sent as if in a reply to a call from `host`.
RemoteRef export_for(Home& home, const std::string& host) {
  const CallContext from{{host, 40000}};
  const CallContextScope scope(from);
  return test::export_by_hand(home, std::make_shared<demo::Item>(1));
}

}  // namespace

BOOST_CLASS_IMPLEMENTATION(NewItem, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(NewItem, boost::serialization::track_never)

template <>
struct rmi::Exposed<ItemMaker> {
  static void members(Members<ItemMaker>& expose) { expose.method("make", &ItemMaker::make); }
};

TEST(ReferenceAttacks, AHostThatNeverClaimsWhatItIsSentIsRefusedMoreAndOthersAreNot) {
  Home victim(test::home_options(std::chrono::hours(1)));  // nothing lapses during the test
  const Proxy maker(
      victim.server().ref(victim.server().add<ItemMaker>(std::make_shared<ItemMaker>(victim))));
  const RemoteRef item = maker.call<NewItem>("make", 7).ref;  // from loopback, as the next calls
  EXPECT_EQ(Proxy(item).call(&demo::Item::number), 7);

  // Straight into the table: that many calls would only make the test slow.
  std::vector<RemoteRef> unclaimed;
  while (unclaimed.size() + 1 < Exports::kMaxInTransitPerHost)
    unclaimed.push_back(export_for(victim, "127.0.0.1"));
  const std::size_t objects = lines_of_inspect(victim);
  try {
    maker.call<NewItem>("make", 8);
    FAIL() << "a new object was sent past the caller's share of objects in transit";
  } catch (const TooManyReferences& e) {
    EXPECT_TRUE(contains(e.what(), "sent to 127.0.0.1: 10000 objects")) << e.what();
  }
  EXPECT_EQ(lines_of_inspect(victim), objects) << "the refused object stays unexported";
  EXPECT_THROW(export_for(victim, "127.0.0.1"), TooManyReferences) << "nor one exported by hand";
  const RemoteRef elsewhere = export_for(victim, "10.0.0.7");  // another host is still sent some

  // An object exported already is sent whatever the count: a callback passed in every call.
  for (std::size_t i = 0; i < 2 * Exports::kMaxInTransitPerHost; ++i) {
    ASSERT_TRUE(send_again(victim, item, "127.0.0.1"));
    ASSERT_TRUE(send_again(victim, elsewhere, "127.0.0.1"));
  }

  // A claim ends one reference's transit; the last of an object's makes room for a new object.
  victim.exports().hold("claimer", {item.object}, "127.0.0.1");
  EXPECT_THROW(export_for(victim, "127.0.0.1"), TooManyReferences) << "item is still in transit";
  victim.exports().hold("claimer", {unclaimed.front().object}, "127.0.0.1");
  const RemoteRef eight = maker.call<NewItem>("make", 8).ref;
  EXPECT_EQ(Proxy(eight).call(&demo::Item::number), 8);
  EXPECT_TRUE(send_again(victim, unclaimed.front(), "127.0.0.1")) << "held, and sent again";

  // Other hosts fill what is left; then even a host that was sent nothing gets no new object.
  for (int host = 0; host < 40'000; ++host)
    send_again(victim, elsewhere,
               "10.1." + std::to_string(host / 200) + "." + std::to_string(host % 200));
  try {
    export_for(victim, "10.0.0.70");
    FAIL() << "a new object was sent past the bound of all";
  } catch (const TooManyReferences& e) {
    EXPECT_TRUE(contains(e.what(), "sent to 10.0.0.70: 0 objects")) << e.what();
  }

  // A lease later every transit has lapsed, and each is counted out.
  victim.exports().released(Exports::Clock::now() + std::chrono::hours(2));
  EXPECT_NO_THROW(export_for(victim, "127.0.0.1")) << "lapsed transits still counted";
}
