// Exercise RMI.10*: references as parameters, and proxies sent on. A proxy travels as the
// reference to its object, never as one to itself, and keeps its object alive until the receiver
// has claimed it; a reference that comes back to its own process is the object itself.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage4_references/homes.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/instead_of.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;
using rmi::test::export_by_hand;
using rmi::test::home_options;
using rmi::test::receive_bytes;
using rmi::test::reference_bytes;

namespace {

std::string sent_on(Home& home, const Home::Received& received) {
  return rmi::test::written(
      [&](OutArchive& out) { home.send_remote(out, received.ref, received.holding); });
}

}  // namespace

TEST(RMI10, AProxySentOnIsTheReferenceToItsObjectNeverToTheProxy) {
  Home exporter(home_options()), middle(home_options());
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  const Home::Received received = receive_bytes(middle, reference_bytes(ref));

  EXPECT_EQ(sent_on(middle, received), reference_bytes(ref)) << "the original, byte for byte";
  EXPECT_EQ(middle.exports().size(), 0u) << "the middle exports nothing of its own";
  EXPECT_THROW(middle.server().ref(1), NoSuchObject) << "nor does its server";
}

TEST(RMI10, AProxySentOnKeepsItsObjectAliveForOneLeaseAfterItsOwnerDropsIt) {
  Home exporter(home_options()), middle(home_options(300ms));
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  Home::Received received = receive_bytes(middle, reference_bytes(ref));
  middle.keep_now();  // claimed at the exporter
  sent_on(middle, received);
  received.holding.reset();  // the sender drops its proxy at once
  middle.keep_now();
  EXPECT_EQ(exporter.exports().size(), 1u) << "released before its receiver could claim it";
  EXPECT_EQ(middle.holdings().size(), 1u);

  EXPECT_TRUE(rmi::test::eventually(
      [&] {
        middle.keep_now();
        return exporter.exports().size() == 0;
      },
      3s))
      << "kept for one lease of the sender's, then let go";
}

TEST(RMI10, AProxyWithoutAHoldingIsSentAsItsReference) {
  Home exporter(home_options()), middle(home_options());
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  const std::string bytes =
      rmi::test::written([&](OutArchive& out) { middle.send_remote(out, ref, nullptr); });
  EXPECT_EQ(bytes, reference_bytes(ref));
}

TEST(RMI10, AReferenceThatComesHomeIsTheObjectItself) {
  Home home(home_options());
  const auto item = std::make_shared<demo::Item>(7);
  const RemoteRef ref = export_by_hand(home, item);
  EXPECT_EQ(home.home_object(ref), item);

  const Home::Received received = receive_bytes(home, reference_bytes(ref));
  EXPECT_EQ(received.local, item) << "not a proxy: no network hop to itself";
  EXPECT_EQ(received.holding, nullptr);
  EXPECT_EQ(home.holdings().size(), 0u);
}

TEST(RMI10, AReferenceToNoObjectOfThisProcessIsNoSuchObjectNamingIt) {
  Home home(home_options());
  const RemoteRef ref = export_by_hand(home, std::make_shared<demo::Item>(7));

  RemoteRef unknown = ref;
  unknown.object = ref.object + 100;
  try {
    home.home_object(unknown);
    FAIL() << "an object never exported was found";
  } catch (const NoSuchObject& e) {
    EXPECT_TRUE(contains(e.what(), "object " + std::to_string(unknown.object)));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchObject>(e);
  }
  RemoteRef earlier_run = ref;
  earlier_run.server_run = ref.server_run + 1;
  EXPECT_THROW(home.home_object(earlier_run), NoSuchObject);
  RemoteRef any_run = ref;
  any_run.server_run = kAnyRun;
  EXPECT_THROW(home.home_object(any_run), NoSuchObject) << "only this run's references name one";
  RemoteRef elsewhere = ref;
  elsewhere.endpoint.port = static_cast<std::uint16_t>(ref.endpoint.port + 1);
  EXPECT_THROW(home.home_object(elsewhere), NoSuchObject) << "another server's object 1";
  RemoteRef functions = ref;
  functions.object = kFunctions;
  EXPECT_THROW(home.home_object(functions), NoSuchObject) << "object 0 is no object by reference";
}

TEST(RMI10, AReleasedObjectThatComesHomeIsNoSuchObject) {
  Home home(home_options(200ms));
  const RemoteRef ref = export_by_hand(home, std::make_shared<demo::Item>(7));
  EXPECT_TRUE(rmi::test::eventually([&] { return home.exports().size() == 0; }, 2s));
  EXPECT_THROW(receive_bytes(home, reference_bytes(ref)), NoSuchObject);
}
