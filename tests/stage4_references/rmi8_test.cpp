// Exercise RMI.8: recognise a reference and wrap it. What RMI.9 and RMI.10 write in place of an
// object passed by reference is read as a reference to it, held at its exporter while the
// receiver keeps it; anything else there is refused. The exporter here is a second Home in the
// test process, which exports by hand: these tests need no other exercise of stage 4.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/listener.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage4_references/homes.hpp"
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

// The lines of `exporter`'s exports that name `holder`.
bool holds(Home& exporter, const Home& holder) {
  for (const std::string& line : exporter.exports().describe())
    if (line.find(holder.holder_id().substr(0, 8)) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(RMI8, AReferenceBecomesAProxyThatCallsTheObjectWhereItLives) {
  Home exporter(home_options()), receiver(home_options());
  const auto item = std::make_shared<demo::Item>(7);
  const RemoteRef ref = export_by_hand(exporter, item);

  const Home::Received received = receive_bytes(receiver, reference_bytes(ref));
  EXPECT_EQ(received.local, nullptr) << "the object lives in another process";
  EXPECT_EQ(received.ref, ref);
  ASSERT_NE(received.holding, nullptr);
  EXPECT_EQ(Proxy(received.ref).call(&demo::Item::number), 7);
}

TEST(RMI8, TheReceiverHoldsTheObjectAtItsExporterUntilItDropsIt) {
  Home exporter(home_options()), receiver(home_options());
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  Home::Received received = receive_bytes(receiver, reference_bytes(ref));
  EXPECT_EQ(receiver.holdings().size(), 1u);

  receiver.keep_now();  // what the keeper does at once, on its own thread
  EXPECT_TRUE(holds(exporter, receiver)) << testing::PrintToString(exporter.exports().describe());

  received.holding.reset();
  EXPECT_EQ(receiver.holdings().size(), 0u);
  receiver.keep_now();
  EXPECT_EQ(exporter.exports().size(), 0u) << "nobody holds it: released";
  EXPECT_THROW(Proxy(ref).call(&demo::Item::number), NoSuchObject);
}

TEST(RMI8, TheSameObjectReceivedTwiceIsHeldOnceUntilBothAreDropped) {
  Home exporter(home_options()), receiver(home_options());
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  Home::Received first = receive_bytes(receiver, reference_bytes(ref));
  Home::Received second = receive_bytes(receiver, reference_bytes(ref));
  EXPECT_EQ(receiver.holdings().size(), 1u);
  receiver.keep_now();
  first.holding.reset();
  receiver.keep_now();
  EXPECT_EQ(exporter.exports().size(), 1u) << "the second is still held";
  second.holding.reset();
  receiver.keep_now();
  EXPECT_EQ(exporter.exports().size(), 0u);
}

TEST(RMI8, AnythingButAReferenceIsAProtocolErrorThatNamesBothTags) {
  Home exporter(home_options()), receiver(home_options());
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  try {
    receive_bytes(receiver, reference_bytes(ref, 7));
    FAIL() << "tag 7 was taken for a reference";
  } catch (const ProtocolError& e) {
    EXPECT_TRUE(contains(e.what(), "7"));
    EXPECT_TRUE(contains(e.what(), std::to_string(kReferenceTag)));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<ProtocolError>(e);
  }
  // A plain value where a reference was due: an int, whose first byte is no tag.
  EXPECT_THROW(receive_bytes(receiver, rmi::test::written([](OutArchive& out) { out << 1000; })),
               ProtocolError);
  EXPECT_EQ(receiver.holdings().size(), 0u) << "nothing refused is held";
}

TEST(RMI8, AReferenceThatNamesNoServerIsAProtocolError) {
  Home receiver(home_options());
  RemoteRef no_port{{"127.0.0.1", 0}, 3, 1, "demo::Item", {"demo::Item"}};
  EXPECT_THROW(receive_bytes(receiver, reference_bytes(no_port)), ProtocolError);
  RemoteRef no_host{{"", 4000}, 3, 1, "demo::Item", {"demo::Item"}};
  EXPECT_THROW(receive_bytes(receiver, reference_bytes(no_host)), ProtocolError);
  EXPECT_EQ(receiver.holdings().size(), 0u);
}

// Which object of this process a reference to its own home server names is RMI.10's to say
// (home_object); RMI.8's part is to ask, and never to hold this process's object as if it were
// another's. The object named here is on the home server but was never exported by reference, so
// the answer is a refusal whether RMI.10 is written yet or not.
TEST(RMI8, AReferenceToThisProcessIsNeverHeldHere) {
  Home home(home_options());
  const RemoteRef own = home.server().ref(home.export_object(std::make_shared<demo::Item>(7)));
  try {
    const Home::Received received = receive_bytes(home, reference_bytes(own));
    ADD_FAILURE() << "a reference to this home server was received as "
                  << (received.local ? "an object it never exported by reference"
                                     : "another process's, to hold");
  } catch (const NoSuchObject&) {      // RMI.10's answer: no such object here
  } catch (const NotImplemented& e) {  // RMI.10, not written yet, was asked: as it should be
    if (!contains(e.what(), "RMI.10")) throw;
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchObject>(e);
  }
  EXPECT_EQ(home.holdings().size(), 0u) << "its own object is never held by this process";
}

TEST(RMI8, ReadsExactlyTheReference) {
  Home exporter(home_options()), receiver(home_options());
  const RemoteRef ref = export_by_hand(exporter, std::make_shared<demo::Item>(7));
  const std::string bytes = rmi::test::written(
      [&](OutArchive& out) { out << kReferenceTag << ref << std::string("what follows"); });
  InArchive in(bytes);
  receiver.receive(in);
  std::string next;
  in >> next;
  EXPECT_EQ(next, "what follows");
}

TEST(RMI8, ReceivingNeverWaitsForAnotherProcess) {
  Home receiver(home_options());
  // A "server" that never answers: its kernel completes connections, nobody ever reads them.
  // A call to it would wait for its whole timeout (30 s); reading a reference to it must not.
  Listener silent(Endpoint{"127.0.0.1", 0});
  const RemoteRef ref{silent.endpoint(), 3, 1, "demo::Item", {"demo::Item"}};
  const auto start = std::chrono::steady_clock::now();
  Home::Received received = receive_bytes(receiver, reference_bytes(ref));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_NE(received.holding, nullptr);
}
