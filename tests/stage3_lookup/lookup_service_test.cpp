// The lookup service's own behaviour, beyond the exercises: leases that lapse and renewals
// that keep and restore names, listing by prefix, bounds on what strangers can register, and a
// check against references no other host could use.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>

#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage2_rmi/rmi/call_context.hpp"
#include "stage2_rmi/rmi/message_kinds.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"
#include "stage3_lookup/lookup/name_table.hpp"
#include "stage3_lookup/lookup/names.hpp"
#include "tests/stage3_lookup/lookup_fixture.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;
using rmi::test::LookupServiceTest;
using rmi::test::reference;
using rmi::test::registered;

namespace lookuptest {
struct Echo {
  std::string echo(const std::string& text) { return text; }
};
}  // namespace lookuptest

template <>
struct rmi::Exposed<lookuptest::Echo> {
  static void members(Members<lookuptest::Echo>& expose) {
    expose.method("echo", &lookuptest::Echo::echo);
  }
};

namespace {

// Polls `holds` until it is true or `limit` passes: for what happens when a lease runs out.
template <class Condition>
bool within(std::chrono::milliseconds limit, Condition holds) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!holds()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// A lookup service's options, its log lines going to `log`: for a service called in the test
// process, without a server. Its lease no test outlives: a slow machine (ThreadSanitizer, five
// test programs at once) may take longer than 10 s to fill a table, and names that lapsed would
// make room in it.
LookupOptions logging_to(rmi::test::LogCollector& log) {
  LookupOptions options;
  options.log = log.logger();
  options.lease = std::chrono::hours(1);
  return options;
}

}  // namespace

TEST_F(LookupServiceTest, ARegistrationNobodyRenewsLapsesAfterItsLease) {
  start(200ms);
  const auto registered_at = std::chrono::steady_clock::now();
  client().bind("calc", reference("demo::Calculator"), "owner");
  EXPECT_TRUE(registered(client(), "calc"));
  EXPECT_TRUE(within(1s, [&] { return !registered(client(), "calc"); }));
  EXPECT_GE(std::chrono::steady_clock::now() - registered_at, 200ms) << "gone before its lease";
  EXPECT_TRUE(contains(log_.wait_for("lease of 'calc' ran out"), "forgotten"));
}

TEST_F(LookupServiceTest, ARenewalKeepsANameAndRestoresOneTheServiceLost) {
  start(300ms);
  const LookupClient lookup = client();
  lookup.bind("calc", reference("demo::Calculator"), "owner");
  EXPECT_TRUE(lookup.renew("owner", {{"calc", reference("demo::Calculator")}}).empty());
  stop();
  start(300ms);  // a new service, on the same port, that knows nothing
  EXPECT_FALSE(registered(client(), "calc"));
  EXPECT_TRUE(client().renew("owner", {{"calc", reference("demo::Calculator")}}).empty());
  EXPECT_TRUE(registered(client(), "calc")) << "the renewal registered it again";
  EXPECT_TRUE(contains(log_.wait_for("registered 'calc' again"), "renewed by"));
}

TEST_F(LookupServiceTest, ARenewalCannotTakeANameSomeoneElseHolds) {
  client().bind("calc", reference("demo::Calculator", {}, 1), "alice");
  const auto lost = client().renew("mallory", {{"calc", reference("demo::Calculator", {}, 9)}});
  EXPECT_EQ(lost, std::vector<std::string>{"calc"});
  EXPECT_EQ(client().lookup("calc").object, 1u);
}

TEST_F(LookupServiceTest, ARestartedServiceIsFilledAgainByTheExportersStillAlive) {
  start(300ms);
  test::LogCollector exporter_log;
  ServerOptions options;
  options.log = exporter_log.logger();
  Exporter exporter(client(), options);
  const RemoteRef ref = exporter.publish("echo", std::make_shared<lookuptest::Echo>());
  stop();
  start(300ms);
  EXPECT_TRUE(within(2s, [&] { return registered(client(), "echo"); }))
      << "the exporter's renewals did not register its name again";
  EXPECT_EQ(client().lookup("echo"), ref);
  EXPECT_EQ(Proxy(client().lookup("echo")).call<std::string>("echo", "back"), "back");
}

TEST_F(LookupServiceTest, ListingByPrefixTakesWholeParts) {
  const LookupClient lookup = client();
  for (const char* name : {"demo.cluster", "demo.cluster.node1", "demo.clusters", "other"})
    lookup.bind(name, reference("demo::Thing"), "owner");
  const auto listed = lookup.list("demo.cluster");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_TRUE(listed.contains("demo.cluster"));
  EXPECT_TRUE(listed.contains("demo.cluster.node1"));
  EXPECT_EQ(lookup.list().size(), 4u);
  EXPECT_THROW(lookup.list("not a prefix"), BadName);
}

TEST_F(LookupServiceTest, WhatAStrangerRegistersIsCheckedAndBounded) {
  const LookupClient lookup = client();
  const RemoteRef good = reference("demo::Thing");
  EXPECT_THROW(lookup.bind(std::string(kMaxNameLength + 1, 'n'), good, "owner"), BadName);
  EXPECT_THROW(lookup.bind("a b", good, "owner"), BadName);
  EXPECT_THROW(lookup.bind("calc", good, ""), BadName) << "no owner key";
  EXPECT_THROW(lookup.bind("calc", good, std::string(kMaxOwnerKeyLength + 1, 'k')), BadName);
  RemoteRef many_classes = good;
  for (std::size_t i = 0; i <= kMaxClassesPerRef; ++i)
    many_classes.classes.push_back("demo::Base" + std::to_string(i));
  EXPECT_THROW(lookup.bind("calc", many_classes, "owner"), BadName);
  RemoteRef bad_class = good;
  bad_class.classes.push_back("not a class");
  EXPECT_THROW(lookup.bind("calc", bad_class, "owner"), MalformedClassName);
  RemoteRef long_classes = good;
  for (int i = 0; i < 3; ++i)  // three of the longest class names: more than a reference's share
    long_classes.classes.push_back("demo::" + std::string(kMaxClassNameLength - 7, 'C') +
                                   std::to_string(i));
  EXPECT_THROW(lookup.bind("calc", long_classes, "owner"), BadName);
  RemoteRef no_port = good;
  no_port.endpoint.port = 0;
  EXPECT_THROW(lookup.bind("calc", no_port, "owner"), BadName);
  EXPECT_TRUE(lookup.list().empty()) << "nothing of it was registered";
  EXPECT_THROW(lookup.unbind(std::string(kMaxNameLength + 1, 'n'), "owner"), BadName)
      << "checked like any name, not sent back in a NoSuchName";
}

TEST_F(LookupServiceTest, OneProcessCannotFillTheService) {
  const LookupClient lookup = client();
  std::map<std::string, RemoteRef> too_many;
  for (std::size_t i = 0; i <= kMaxNamesPerOwner; ++i)
    too_many.emplace("n" + std::to_string(i), reference("demo::Thing"));
  try {
    lookup.renew("greedy", too_many);
    FAIL() << "one process registered more than its share";
  } catch (const BadName& e) {
    EXPECT_TRUE(contains(e.what(), "at most " + std::to_string(kMaxNamesPerOwner))) << e.what();
  }
}

TEST_F(LookupServiceTest, RenewalsCannotTakeOneProcessPastItsShare) {
  LookupService service(logging_to(log_));
  const auto batch = [](int number) {
    std::map<std::string, RemoteRef> names;
    for (std::size_t i = 0; i < kMaxNamesPerOwner; ++i)
      names.emplace("b" + std::to_string(number) + ".n" + std::to_string(i), reference("demo::T"));
    return names;
  };
  EXPECT_TRUE(service.renew("greedy", batch(0)).empty());
  EXPECT_EQ(service.renew("greedy", batch(1)).size(), kMaxNamesPerOwner)
      << "each name of the second batch would take the process past its share";
  EXPECT_EQ(service.list("").size(), kMaxNamesPerOwner);
}

// The bounds together (names.hpp): the most names the service holds, each as long as a stranger
// may make it, are listed in one reply that fits a frame.
TEST_F(LookupServiceTest, AListOfAllTheServiceCanHoldFitsInOneReply) {
  LookupService service(logging_to(log_));
  const std::string class_name = "demo::" + std::string(kMaxClassNameLength - 6, 'C');
  const std::string base =
      "demo::" + std::string(kMaxClassBytesPerRef - class_name.size() - 6, 'B');
  const std::size_t hosts = kMaxNames / kMaxNamesPerHost;
  for (std::size_t host = 0; host < hosts; ++host) {
    const CallContext from{{"10.0.0." + std::to_string(host + 1), 40000}};
    const CallContextScope scope(from);
    for (std::size_t owner = 0; owner * kMaxNamesPerOwner < kMaxNamesPerHost; ++owner) {
      std::map<std::string, RemoteRef> names;
      for (std::size_t i = owner * kMaxNamesPerOwner;
           i < std::min(kMaxNamesPerHost, (owner + 1) * kMaxNamesPerOwner); ++i) {
        const std::string name = "h" + std::to_string(host) + ".n" + std::to_string(i) + ".";
        RemoteRef ref = reference(class_name, {base});
        ref.endpoint.host = std::string(255, 'h');
        names.emplace(name + std::string(kMaxNameLength - name.size(), 'x'), ref);
      }
      const auto lost =
          service.renew("h" + std::to_string(host) + "o" + std::to_string(owner), names);
      ASSERT_TRUE(lost.empty()) << lost.size() << " lost, the first " << lost.front();
    }
  }
  const auto all = service.list("");
  ASSERT_EQ(all.size(), kMaxNames);
  OutFrame reply(kTaggedReply);
  OutArchive out(reply);
  EXPECT_NO_THROW(out << all) << "the reply's payload must fit a frame";
}

TEST_F(LookupServiceTest, OneHostCannotFillTheServiceWhateverOwnerKeysItMakesUp) {
  LookupService service(logging_to(log_));
  const auto names_of = [](int owner) {
    std::map<std::string, RemoteRef> names;
    for (std::size_t i = 0; i < kMaxNamesPerOwner; ++i) {
      RemoteRef ref = reference("demo::Thing");
      ref.endpoint.host = "10.0.0.66";
      names.emplace("o" + std::to_string(owner) + ".n" + std::to_string(i), ref);
    }
    return names;
  };
  std::size_t lost = 0;
  {
    const CallContext one_host{{"10.0.0.66", 40000}};
    const CallContextScope from_one_host(one_host);
    for (int owner = 0; owner < 3; ++owner)  // 3,000 names, each owner within its own bound
      lost += service.renew("owner" + std::to_string(owner), names_of(owner)).size();
    EXPECT_THROW(service.bind("one.more", names_of(9).begin()->second, "owner9", false), BadName);
  }
  EXPECT_EQ(lost, 3 * kMaxNamesPerOwner - kMaxNamesPerHost);
  EXPECT_EQ(service.list("").size(), kMaxNamesPerHost);

  const CallContext another_host{{"10.0.0.7", 40000}};
  const CallContextScope from_another_host(another_host);
  RemoteRef honest = reference("demo::Thing");
  honest.endpoint.host = "10.0.0.7";
  EXPECT_NO_THROW(service.bind("honest", honest, "honest-owner", false)) << "room for others";
  std::size_t about_the_one_host = 0;
  for (const std::string& line : log_.lines())
    about_the_one_host += contains(line, "renewed by 10.0.0.66") ? 1 : 0;
  EXPECT_LE(about_the_one_host, 5u) << "thousands of registrations, as many lines in the log";
}

TEST_F(LookupServiceTest, AClassOfALiveRegistrationIsFoundHoweverManyClassesCameBefore) {
  NameTable table;
  const auto until = NameTable::Clock::now() + 1h;
  for (std::size_t junk = 0; junk * kMaxClassesPerRef <= kMaxKnownClasses; ++junk) {
    std::vector<std::string> classes;
    for (std::size_t i = 0; i + 1 < kMaxClassesPerRef; ++i)
      classes.push_back("junk::C" + std::to_string(junk) + "_" + std::to_string(i));
    table.put("junk" + std::to_string(junk),
              {reference("junk::H" + std::to_string(junk), classes), "junk", until});
  }
  table.put("fresh", {reference("demo::Fresh", {"demo::FreshBase"}), "honest", until});
  EXPECT_EQ(table.find_class("demo::FreshBase", 10).size(), 1u)
      << "the remembered classes were full, but this one's registration is there now";
}

TEST_F(LookupServiceTest, PingSaysWhatTheServiceHolds) {
  client().bind("calc", reference("demo::Thing"), "owner");
  EXPECT_EQ(client().ping(), "lookup service: 1 name, leases of 10000 ms");
}
