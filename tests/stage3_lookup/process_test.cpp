// The lookup service's promises kept between real processes: leases that run out when an
// exporter is killed, a restarted service filled again by the renewals, a stale reference refused
// after its exporter restarted, names that another process can neither take nor remove, and
// many clients at once, against lookup_server as its own program.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "tests/stage3_lookup/lookup_fixture.hpp"
#include "tests/stage3_lookup/lookup_programs.hpp"
#include "tests/support/contains.hpp"

using namespace std::chrono_literals;
using rmi::test::contains;
using rmi::test::eventually;
using rmi::test::LookupServerProcess;
using rmi::test::reference;
using rmi::test::registered;
using rmi::test::run_tool;
using rmi::test::start_exporter;

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// Runs `call`, which must throw `E` with a message containing `part`.
template <class E, class Call>
void expect_refused(Call call, const std::string& part, const std::string& what) {
  SCOPED_TRACE(what);
  try {
    call();
    ADD_FAILURE() << "accepted, but should have been refused with " << part;
  } catch (const E& e) {
    EXPECT_TRUE(contains(e.what(), part));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "refused, but not as expected: " << e.what();
  }
}

}  // namespace

TEST(LookupProcesses, AnExporterKilledWithSigkillDisappearsWithinOneLease) {
  LookupServerProcess service({"--lease-ms", "300", "--no-discovery"});
  const auto started = Clock::now();
  auto node1 = start_exporter("cluster_node", service.address(), {"--node", "node1"});
  auto node2 = start_exporter("cluster_node", service.address(), {"--node", "node2"});
  const rmi::LookupClient lookup(service.address());
  ASSERT_TRUE(registered(lookup, "calculator_node2")) << "there right before the kill";

  node2.process->send_signal(SIGKILL);  // no withdrawal, no last words: only the lease ends it
  const auto killed = Clock::now();
  EXPECT_EQ(node2.process->wait_exit(5s), 128 + SIGKILL);
  EXPECT_TRUE(eventually([&] { return !registered(lookup, "calculator_node2"); }, 1500ms))
      << "still registered " << since(killed).count() << " ms after kill -9 (lease 300 ms)";
  EXPECT_TRUE(contains(service.process().stderr_text(),
                       "the lease of 'calculator_node2' ran out: forgotten"));

  SCOPED_TRACE("the node still alive renews its name: it stays, lease after lease");
  EXPECT_FALSE(eventually([&] { return !registered(lookup, "calculator_node1"); },
                          std::max(0ms, 1000ms - since(started))))
      << "calculator_node1 was lost although its process lives";
}

TEST(LookupProcesses, ARestartedLookupServiceIsRefilledByTheRenewals) {
  auto first = std::make_unique<LookupServerProcess>(
      std::vector<std::string>{"--lease-ms", "300", "--no-discovery"});
  const std::uint16_t port = first->address().port;
  auto node = start_exporter("cluster_node", first->address(), {"--node", "node1"});
  auto notebook = start_exporter("export_client", first->address());
  const auto before = rmi::LookupClient(first->address()).list();
  ASSERT_EQ(before.size(), 2u);

  first->process().send_signal(SIGKILL);  // it crashes: whatever it held is gone with it
  ASSERT_EQ(first->process().wait_exit(5s), 128 + SIGKILL);
  first.reset();
  LookupServerProcess second({"--lease-ms", "300", "--no-discovery"}, port);
  ASSERT_EQ(second.address().port, port) << "restarted where the exporters look for it";
  const rmi::LookupClient lookup(second.address());
  const auto restarted = Clock::now();
  EXPECT_TRUE(eventually([&] { return lookup.list().size() == 2; }, 1500ms))
      << "after " << since(restarted).count() << " ms the new service holds "
      << lookup.list().size() << " names; the exporters renew each 100 ms";
  EXPECT_EQ(lookup.list(), before) << "the same references, registered again by their exporters";
  EXPECT_TRUE(contains(second.process().stderr_text(), "registered 'calculator_node1' again"));

  SCOPED_TRACE("and what is found there works");
  const rmi::Proxy found(lookup.lookup("demo.notebook"));
  EXPECT_EQ(found.call<int>("write", std::string("after the restart")), 1);
}

TEST(LookupProcesses, AStaleReferenceAfterAnExporterRestartIsRefusedClearly) {
  LookupServerProcess service({"--no-discovery"});
  auto exporter = start_exporter("export_client", service.address());
  const std::string port = std::to_string(exporter.address.port);
  const rmi::LookupClient lookup(service.address());
  const rmi::RemoteRef old_ref = lookup.lookup("demo.notebook");
  const rmi::Proxy old_notebook(old_ref);
  ASSERT_EQ(old_notebook.call<int>("write", std::string("first")), 1);

  exporter.process->send_signal(SIGINT);
  ASSERT_EQ(exporter.process->wait_exit(10s), 0) << exporter.process->stderr_text();
  auto again = start_exporter("export_client", service.address(), {"--port", port});
  ASSERT_EQ(again.address, exporter.address) << "the same host and port, a new run";

  try {
    old_notebook.call<int>("write", std::string("through the old reference"));
    ADD_FAILURE() << "a reference from before the restart reached the new notebook";
  } catch (const rmi::NoSuchObject& e) {
    EXPECT_TRUE(contains(e.what(), "its server has restarted")) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "refused, but not as NoSuchObject: " << e.what();
  }

  const rmi::RemoteRef fresh = lookup.lookup("demo.notebook");
  EXPECT_NE(fresh.server_run, old_ref.server_run);
  EXPECT_EQ(fresh.endpoint, old_ref.endpoint);
  EXPECT_EQ(rmi::Proxy(fresh).call<int>("write", std::string("second")), 1)
      << "a fresh lookup reaches the new notebook, which holds only this note";
}

TEST(LookupProcesses, AnotherProcessCanNeitherTakeNorRemoveAName) {
  LookupServerProcess service({"--no-discovery"});
  auto owner = start_exporter("export_client", service.address());

  rmi::test::ChildProcess rival(rmi::test::stage3_program("export_client"),
                                {"--lookup", service.where()});
  const auto rival_status = rival.wait_exit(10s);
  ASSERT_TRUE(rival_status.has_value()) << "a second exporter of the name must give up";
  EXPECT_NE(*rival_status, 0);
  EXPECT_TRUE(contains(rival.stderr_text(),
                       "export_client: 'demo.notebook' is taken: it stands for demo::Notebook "
                       "object 1 at " +
                           owner.address.to_string() + ", registered by another process"));
  EXPECT_FALSE(contains(rival.read_rest(1s), "READY")) << "it never served";

  const auto removed = run_tool(service.address(), {"remove", "demo.notebook", "--key", "guess"});
  EXPECT_EQ(removed.status, 4) << removed.errors;
  EXPECT_TRUE(contains(removed.errors, "only the process that registered 'demo.notebook'"));
  const auto taken = run_tool(
      service.address(), {"register", "demo.notebook", "127.0.0.1:5000", "1", "demo::Notebook"});
  EXPECT_EQ(taken.status, 4) << taken.errors;

  const rmi::LookupClient lookup(service.address());
  EXPECT_EQ(lookup.lookup("demo.notebook").endpoint, owner.address) << "still the owner's";
  expect_refused<rmi::NotOwner>([&] { lookup.unbind("demo.notebook", "another-key"); },
                                "may remove it", "unbind with another key");
  expect_refused<rmi::NameTaken>(
      [&] { lookup.bind("demo.notebook", reference("demo::Notebook"), "another-key", true); },
      "registered by another process", "bind with replace, by another key");
  EXPECT_EQ(lookup.lookup("demo.notebook").endpoint, owner.address) << "still the owner's";
}

TEST(LookupProcesses, ThirtyTwoClientsRegisteringAndLookingUpAtOnceStayCorrect) {
  constexpr int kClients = 32, kNamesEach = 20;
  LookupServerProcess service({"--no-discovery"});
  std::latch start(kClients);
  std::atomic<int> wrong{0};
  std::vector<std::string> failures(kClients);
  std::vector<std::jthread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      try {
        const rmi::LookupClient lookup(service.address());
        const std::string owner = "owner-key-" + std::to_string(c);
        const std::string prefix = "load.client" + std::to_string(c);
        std::map<std::string, rmi::RemoteRef> mine;
        start.arrive_and_wait();
        for (int n = 0; n < kNamesEach; ++n) {
          const std::string name = prefix + ".name" + std::to_string(n);
          const rmi::RemoteRef ref =
              reference("demo::Thing", {"demo::Base"}, static_cast<rmi::ObjectId>(n + 1),
                        static_cast<std::uint16_t>(40000 + c));
          lookup.bind(name, ref, owner);
          mine[name] = ref;
          if (lookup.lookup(name) != ref) ++wrong;
        }
        for (const auto& [name, ref] : mine)
          if (lookup.lookup(name) != ref) ++wrong;
        if (lookup.list(prefix) != mine) ++wrong;
      } catch (const std::exception& e) {
        failures[c] = e.what();
      }
    });
  }
  clients.clear();  // joins them all
  for (int c = 0; c < kClients; ++c)
    EXPECT_EQ(failures[c], "") << "client " << c;
  EXPECT_EQ(wrong.load(), 0) << "answers that were not exactly what was registered";
  const rmi::LookupClient lookup(service.address());
  EXPECT_EQ(lookup.list("load").size(), static_cast<std::size_t>(kClients * kNamesEach));
  EXPECT_EQ(lookup.find_all("demo::Base").size(), static_cast<std::size_t>(kClients * kNamesEach));
}

TEST(LookupProcesses, HostileRegistrationsGetErrorsThatSayWhatIsAccepted) {
  LookupServerProcess service({"--no-discovery"});
  const rmi::LookupClient lookup(service.address());
  const rmi::RemoteRef ref = reference("demo::Thing");
  const std::string a_name =
      "is not a name: a name is dotted parts of letters, digits, '_' and "
      "'-', such as demo.cluster.node1, of at most 200 characters";

  expect_refused<rmi::BadName>([&] { lookup.bind(std::string(201, 'a'), ref, "key"); }, a_name,
                               "a name of 201 characters");
  for (const std::string name : {"a b", "", "x..y", ".x", "x.", "x/y", "calc\nREADY"}) {
    expect_refused<rmi::BadName>([&] { lookup.bind(name, ref, "key"); }, a_name,
                                 "the name '" + name + "'");
  }
  expect_refused<rmi::BadName>([&] { lookup.lookup("a b"); }, a_name, "looking up 'a b'");

  rmi::RemoteRef many = ref;
  for (int i = 1; i <= 32; ++i)
    many.classes.push_back("demo::Base" + std::to_string(i));
  expect_refused<rmi::BadName>([&] { lookup.bind("demo.many", many, "key"); },
                               "must list its own class among at most 32 classes",
                               "a reference with 33 classes");
  rmi::RemoteRef malformed = ref;
  malformed.classes.push_back("demo::");
  expect_refused<rmi::MalformedClassName>(
      [&] { lookup.bind("demo.malformed", malformed, "key"); },
      "'demo::' is not a class name: a class is named as C++ spells it, identifiers joined by "
      "'::', such as demo::Calculator",
      "a reference declaring the base 'demo::'");
  expect_refused<rmi::BadName>([&] { lookup.bind("demo.keyless", ref, ""); },
                               "an owner key must be printable text of 1 to 128 characters",
                               "an empty owner key");
  expect_refused<rmi::BadName>([&] { lookup.bind("demo.longkey", ref, std::string(129, 'k')); },
                               "an owner key must be printable text of 1 to 128 characters",
                               "an owner key of 129 characters");
  EXPECT_TRUE(lookup.list().empty()) << "nothing refused was registered";

  SCOPED_TRACE("right at the bounds, accepted");
  many.classes.pop_back();
  EXPECT_NO_THROW(lookup.bind(std::string(200, 'a'), ref, "key"));
  EXPECT_NO_THROW(lookup.bind("demo.many", many, std::string(128, 'k')));
  EXPECT_EQ(lookup.list().size(), 2u);
}
