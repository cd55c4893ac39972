// Exercise RMI.7*: export from one's own host. An Exporter publishes objects of this process in
// a lookup service, keeps them there while it lives, and withdraws them; a reference no other
// host could use is refused before anyone sees it.
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "tests/stage3_lookup/lookup_fixture.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/instead_of.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;

namespace rmi7test {
class Tally {
 public:
  int add(int n) { return total_ += n; }

 private:
  int total_ = 0;
};
}  // namespace rmi7test

template <>
struct rmi::Exposed<rmi7test::Tally> {
  static void members(Members<rmi7test::Tally>& expose) {
    expose.method("add", &rmi7test::Tally::add);
  }
};

namespace {

ServerOptions quiet(test::LogCollector& log) {
  ServerOptions options;
  options.log = log.logger();
  return options;
}

// An address of this machine that is not loopback (packets to it never leave the machine), if
// it has one.
std::optional<std::string> this_hosts_address() {
  ifaddrs* all = nullptr;
  if (::getifaddrs(&all) != 0) return std::nullopt;
  std::optional<std::string> found;
  for (const ifaddrs* one = all; one != nullptr && !found; one = one->ifa_next) {
    if (one->ifa_addr == nullptr || one->ifa_addr->sa_family != AF_INET) continue;
    if ((one->ifa_flags & IFF_UP) == 0 || (one->ifa_flags & IFF_LOOPBACK) != 0) continue;
    found = to_endpoint(*reinterpret_cast<const sockaddr_in*>(one->ifa_addr)).host;
  }
  ::freeifaddrs(all);
  return found;
}

}  // namespace

class RMI7 : public rmi::test::LookupServiceTest {};

TEST_F(RMI7, APublishedObjectIsFoundAndCalledOnItsOwnHost) {
  Exporter exporter(client(), quiet(log_));
  const RemoteRef published = exporter.publish("tally", std::make_shared<rmi7test::Tally>());
  EXPECT_EQ(published.endpoint, exporter.server().advertised_endpoint());
  EXPECT_EQ(published.class_name, "rmi7test::Tally");
  const RemoteRef found = client().lookup("tally");
  EXPECT_EQ(found, published);
  EXPECT_NE(found.endpoint, service()) << "the object is called where it lives, not via lookup";
  EXPECT_EQ(Proxy(found).call<int>("add", 5), 5);
  EXPECT_EQ(Proxy(found).call<int>("add", 2), 7);
}

TEST_F(RMI7, APublishedNameOutlivesItsLeaseWhileTheExporterLives) {
  start(300ms);
  Exporter exporter(client(), quiet(log_));
  exporter.publish("tally", std::make_shared<rmi7test::Tally>());
  const auto three_leases = std::chrono::steady_clock::now() + 900ms;
  while (std::chrono::steady_clock::now() < three_leases) {
    ASSERT_NO_THROW(client().lookup("tally")) << "the name lapsed: it was not renewed";
    std::this_thread::sleep_for(50ms);  // looking again and again over three leases
  }
}

TEST_F(RMI7, WithdrawingANameUnregistersAndUnexportsIt) {
  Exporter exporter(client(), quiet(log_));
  const RemoteRef ref = exporter.publish("tally", std::make_shared<rmi7test::Tally>());
  exporter.withdraw("tally");
  EXPECT_THROW(client().lookup("tally"), NoSuchName);
  EXPECT_EQ(exporter.server().objects().find(ref.object), nullptr) << "still exported";
  EXPECT_THROW(exporter.withdraw("tally"), NoSuchName) << "it is not published any more";
  EXPECT_THROW(exporter.withdraw("never"), NoSuchName);
}

TEST_F(RMI7, AWithdrawalTheServiceCannotHearStillUnexportsAndSaysSo) {
  Exporter exporter(client(), quiet(log_));
  const RemoteRef ref = exporter.publish("tally", std::make_shared<rmi7test::Tally>());
  stop();  // the lookup service is gone: the name will lapse there with its lease
  EXPECT_THROW(exporter.withdraw("tally"), Error) << "the service was not told: say so";
  EXPECT_EQ(exporter.server().objects().find(ref.object), nullptr) << "still exported";
  EXPECT_THROW(exporter.withdraw("tally"), NoSuchName) << "it is not published any more";
}

TEST_F(RMI7, AFailedPublicationLeavesNothingBehind) {
  client().bind("tally", test::reference("demo::Other"), "someone else");
  Exporter exporter(client(), quiet(log_));
  EXPECT_THROW(exporter.publish("tally", std::make_shared<rmi7test::Tally>()), NameTaken);
  EXPECT_EQ(exporter.server().objects().list_ids(), "0") << "the object stayed exported";
  EXPECT_EQ(client().lookup("tally").class_name, "demo::Other");
}

TEST_F(RMI7, TheExportersNamesGoWithIt) {
  {
    Exporter exporter(client(), quiet(log_));
    exporter.publish("tally.one", std::make_shared<rmi7test::Tally>());
    exporter.publish("tally.two", std::make_shared<rmi7test::Tally>());
    EXPECT_EQ(client().list("tally").size(), 2u);
  }
  EXPECT_TRUE(client().list("tally").empty()) << "a clean stop withdraws what it published";
}

// The most common failure of RMI set-ups: a server on loopback publishing a reference that means
// "this machine" to a lookup service that other machines use. Refused before anyone sees it.
TEST_F(RMI7, ALoopbackReferenceIsRefusedWhenTheServiceIsOnAnotherHost) {
  const std::optional<std::string> address = this_hosts_address();
  if (!address) GTEST_SKIP() << "this machine has no address but loopback";
  // A lookup service reached by this machine's network address, as other hosts would reach it.
  stop();
  start(10s, "", "0.0.0.0");
  Exporter exporter(LookupClient({*address, service().port}), quiet(log_));
  try {
    exporter.publish("tally", std::make_shared<rmi7test::Tally>());
    FAIL() << "a loopback reference was published for other hosts";
  } catch (const UnreachableReference& e) {
    EXPECT_TRUE(contains(e.what(), "is of no use on " + *address)) << e.what();
    EXPECT_TRUE(contains(e.what(), "--advertise")) << "says how to fix it: " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<UnreachableReference>(e);
  }
  EXPECT_EQ(exporter.server().objects().list_ids(), "0") << "the object stayed exported";
  EXPECT_TRUE(client().list().empty());
}
