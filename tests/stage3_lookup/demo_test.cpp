// The stage 3 demos as a user runs them: the lookup service, the exporters and the clients each a
// separate process on real TCP ports, their output checked against the lecture's and Pyro's
// examples; and lookup_tool's output and exit codes, as a script would see them.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

#include "tests/stage3_lookup/lookup_programs.hpp"
#include "tests/support/contains.hpp"

using namespace std::chrono_literals;
using rmi::test::ClosedPort;
using rmi::test::contains;
using rmi::test::LookupServerProcess;
using rmi::test::run_program;
using rmi::test::run_tool;
using rmi::test::start_exporter;

namespace {

// lookup_tool's exit codes (its header comment).
enum ToolStatus {
  kDone = 0,
  kNotFound = 1,
  kUsage = 2,
  kNoService = 3,
  kRefused = 4,
  kNoServer = 5
};

// Pyro's cluster example, t=0.0 to t=2.0: remote results beside the client's own.
const char* const kClusterLines =
    "t=0.0  remote [0 0 0 0 0 0 0]  local [0 0 0 0 0 0 0]\n"
    "t=0.5  remote [1.5 4 6.5 9 11.5 14 16.5]  local [1.5 4 6.5 9 11.5 14 16.5]\n"
    "t=1.0  remote [3 8 13 18 23 28 33]  local [3 8 13 18 23 28 33]\n"
    "t=1.5  remote [4.5 12 19.5 27 34.5 42 49.5]  local [4.5 12 19.5 27 34.5 42 49.5]\n"
    "t=2.0  remote [6 16 26 36 46 56 66]  local [6 16 26 36 46 56 66]\n";

// "demo::Thing object 3 at 127.0.0.1:5000", as the tool prints a reference.
std::string shown(const std::string& class_name, int object, const rmi::Endpoint& at) {
  return class_name + " object " + std::to_string(object) + " at " + at.to_string();
}

}  // namespace

TEST(Stage3Demo, ByClassClientFindsTheSubclassByItsBasesNameAndShowsBothErrors) {
  LookupServerProcess lookup;
  auto server = start_exporter("subclass_server", lookup.address());
  const auto run = run_program("by_class_client", {"--lookup", lookup.where()});
  EXPECT_EQ(run.status, 0) << run.errors;
  EXPECT_TRUE(contains(run.output,
                       "a demo::Calculator: demo::ScientificCalculator object 1\n"
                       "add(100, 222) = 322\n"
                       "power(2, 10) = 1024\n"
                       "instances of demo::Calculator: 1\n"));
  EXPECT_TRUE(contains(run.output,
                       "caught rmi::NoSuchClass: no exporter has declared the class demo::Abacus"));
  EXPECT_TRUE(contains(run.output,
                       "caught rmi::MalformedClassName: 'demo::' is not a class name: a class is "
                       "named as C++ spells it"));

  SCOPED_TRACE("after Ctrl-C at subclass_server, which withdraws its name");
  server.process->send_signal(SIGINT);
  EXPECT_EQ(server.process->wait_exit(10s), 0) << server.process->stderr_text();
  const auto after = run_program("by_class_client", {"--lookup", lookup.where()});
  EXPECT_EQ(after.status, 1);
  EXPECT_EQ(after.output, "no demo::Calculator is registered\n");
}

TEST(Stage3Demo, PyrosClusterOnTwoNodeProcessesPrintsRemoteBesideLocal) {
  LookupServerProcess lookup;
  auto node1 = start_exporter("cluster_node", lookup.address(), {"--node", "node1"});
  auto node2 = start_exporter("cluster_node", lookup.address(), {"--node", "node2"});
  const auto run = run_program("cluster_client", {"--lookup", lookup.where()});
  EXPECT_EQ(run.status, 0) << run.errors;
  EXPECT_EQ(run.output, kClusterLines) << "no line may say DIFFERENT";
}

TEST(Stage3Demo, PyrosClusterOnOneNodeGivesTheSameNumbers) {
  LookupServerProcess lookup;
  auto node1 = start_exporter("cluster_node", lookup.address(), {"--node", "node1"});
  const auto run = run_program("cluster_client", {"--nodes", "node1", "--lookup", lookup.where()});
  EXPECT_EQ(run.status, 0) << run.errors;
  EXPECT_EQ(run.output, kClusterLines);
  const auto missing = run_program("cluster_client", {"--lookup", lookup.where()});
  EXPECT_NE(missing.status, 0) << "node2 is not running: " << missing.output;
  EXPECT_TRUE(contains(missing.errors, "no object is registered as 'calculator_node2'"));
}

TEST(Stage3Demo, AClientExportsANotebookThatAnotherClientFindsAndWritesIn) {
  LookupServerProcess lookup;
  auto exporter = start_exporter("export_client", lookup.address());
  const auto found = run_program("find_client", {"--lookup", lookup.where()});
  EXPECT_EQ(found.status, 0) << found.errors;
  EXPECT_TRUE(contains(found.output,
                       "demo.notebook is " + shown("demo::Notebook", 1, exporter.address) + "\n"))
      << "find_client calls the exporter where it listens, not the lookup service";
  EXPECT_TRUE(contains(found.output, "notes now: 1\n  hello from find_client\n"));

  SCOPED_TRACE("after Ctrl-C at export_client");
  exporter.process->send_signal(SIGINT);
  EXPECT_EQ(exporter.process->wait_exit(10s), 0) << exporter.process->stderr_text();
  EXPECT_TRUE(contains(exporter.process->read_rest(2s), "note: hello from find_client\n"));
  const auto gone = run_tool(lookup.address(), {"lookup", "demo.notebook"});
  EXPECT_EQ(gone.status, kNotFound) << "it withdrew its name as it stopped: " << gone.output;
  EXPECT_TRUE(contains(gone.errors, "no object is registered as 'demo.notebook'"));
}

TEST(Stage3Demo, ToolPingListLookupAndClassPrintOneLinePerAnswer) {
  LookupServerProcess lookup;
  auto node = start_exporter("cluster_node", lookup.address(), {"--node", "node1"});
  const std::string object = shown("demo::ArrayCalculator", 1, node.address);

  const auto ping = run_tool(lookup.address(), {"ping"});
  EXPECT_EQ(ping.status, kDone) << ping.errors;
  EXPECT_EQ(ping.output, "lookup service: 1 name, leases of 10000 ms at " + lookup.where() + "\n");
  const auto list = run_tool(lookup.address(), {"list"});
  EXPECT_EQ(list.status, kDone) << list.errors;
  EXPECT_EQ(list.output, "calculator_node1  " + object + "\n");
  const auto under = run_tool(lookup.address(), {"list", "calculator_node1"});
  EXPECT_EQ(under.status, kDone) << under.errors;
  EXPECT_EQ(under.output, "calculator_node1  " + object + "\n");
  const auto nothing_under = run_tool(lookup.address(), {"list", "demo"});
  EXPECT_EQ(nothing_under.status, kDone) << "an empty list is an answer";
  EXPECT_EQ(nothing_under.output, "");
  const auto by_name = run_tool(lookup.address(), {"lookup", "calculator_node1"});
  EXPECT_EQ(by_name.status, kDone) << by_name.errors;
  EXPECT_EQ(by_name.output, object + "\n");
  const auto by_class = run_tool(lookup.address(), {"class", "demo::ArrayCalculator"});
  EXPECT_EQ(by_class.status, kDone) << by_class.errors;
  EXPECT_EQ(by_class.output, object + "\n");
  const auto every = run_tool(lookup.address(), {"class", "demo::ArrayCalculator", "--all"});
  EXPECT_EQ(every.status, kDone) << every.errors;
  EXPECT_EQ(every.output, object + "\n");
}

TEST(Stage3Demo, ToolRegisterPrintsARemoveCommandThatWorks) {
  LookupServerProcess lookup;
  const rmi::Endpoint somewhere{"127.0.0.1", 5000};
  const auto registered = run_tool(lookup.address(), {"register", "demo.thing", "127.0.0.1:5000",
                                                      "3", "demo::Thing,demo::Base"});
  ASSERT_EQ(registered.status, kDone) << registered.errors;
  const std::string said = "registered demo.thing for 10000 ms; remove it with: ";
  ASSERT_TRUE(contains(registered.output, said + "lookup_tool remove demo.thing --key "));
  const std::string key =
      registered.output.substr(registered.output.rfind(' ') + 1,
                               registered.output.size() - registered.output.rfind(' ') - 2);
  EXPECT_GE(key.size(), 16u) << "a key nobody guesses: " << registered.output;

  const auto by_name = run_tool(lookup.address(), {"lookup", "demo.thing"});
  EXPECT_EQ(by_name.status, kDone) << by_name.errors;
  EXPECT_EQ(by_name.output, shown("demo::Thing", 3, somewhere) + "\n");
  const auto by_base = run_tool(lookup.address(), {"class", "demo::Base"});
  EXPECT_EQ(by_base.status, kDone) << "the bases given after the class count: " << by_base.errors;
  EXPECT_EQ(by_base.output, shown("demo::Thing", 3, somewhere) + "\n");

  const auto removed = run_tool(lookup.address(), {"remove", "demo.thing", "--key", key});
  EXPECT_EQ(removed.status, kDone)
      << "the printed command: " << registered.output << removed.errors;
  EXPECT_EQ(removed.output, "removed demo.thing\n");
  EXPECT_EQ(run_tool(lookup.address(), {"lookup", "demo.thing"}).status, kNotFound);

  const auto chosen = run_tool(lookup.address(), {"register", "demo.mine", "127.0.0.1:5000", "4",
                                                  "demo::Thing", "--key", "my-own-key"});
  EXPECT_EQ(chosen.status, kDone) << chosen.errors;
  EXPECT_TRUE(contains(chosen.output, "lookup_tool remove demo.mine --key my-own-key\n"));
}

TEST(Stage3Demo, ToolExitsOneForAnUnknownNameAnUnknownClassAndAClassWithNoInstance) {
  LookupServerProcess lookup;
  const auto name = run_tool(lookup.address(), {"lookup", "calculator_node9"});
  EXPECT_EQ(name.status, kNotFound);
  EXPECT_EQ(name.output, "");
  EXPECT_TRUE(contains(name.errors, "no object is registered as 'calculator_node9'"));
  const auto unknown = run_tool(lookup.address(), {"class", "demo::Abacus"});
  EXPECT_EQ(unknown.status, kNotFound);
  EXPECT_TRUE(contains(unknown.errors, "no exporter has declared the class demo::Abacus"));

  SCOPED_TRACE("a class declared by a registration that is gone again");
  const auto registered = run_tool(lookup.address(), {"register", "demo.lonely", "127.0.0.1:5000",
                                                      "1", "demo::Lonely", "--key", "lonely-key"});
  ASSERT_EQ(registered.status, kDone) << registered.errors;
  ASSERT_EQ(run_tool(lookup.address(), {"remove", "demo.lonely", "--key", "lonely-key"}).status,
            kDone);
  const auto none = run_tool(lookup.address(), {"class", "demo::Lonely"});
  EXPECT_EQ(none.status, kNotFound) << none.errors;
  EXPECT_EQ(none.output, "none\n");
  const auto none_at_all = run_tool(lookup.address(), {"class", "demo::Lonely", "--all"});
  EXPECT_EQ(none_at_all.status, kNotFound) << none_at_all.errors;
  EXPECT_EQ(none_at_all.output, "none\n");
}

TEST(Stage3Demo, ToolExitsTwoForAWrongCommandLineBeforeAskingAnyService) {
  const ClosedPort nobody;  // a usage error is found before any service is asked
  const std::vector<std::vector<std::string>> wrong{
      {},
      {"bogus"},
      {"lookup"},
      {"lookup", "a", "b"},
      {"list", "a", "b"},
      {"ping", "extra"},
      {"register", "demo.x", "127.0.0.1:5000", "1"},
      {"register", "demo.x", "nowhere", "1", "demo::X"},
      {"register", "demo.x", "127.0.0.1:5000", "one", "demo::X"},
      {"register", "demo.x", "127.0.0.1:5000", "-1", "demo::X"},
      {"register", "demo.x", "127.0.0.1:5000", "3abc", "demo::X"},
      {"ping", "--frobnicate"},
  };
  for (const auto& arguments : wrong) {
    std::string line;
    for (const std::string& word : arguments)
      line += " " + word;
    SCOPED_TRACE("lookup_tool" + line);
    const auto run = run_tool(nobody.address(), arguments);
    EXPECT_EQ(run.status, kUsage) << run.errors;
    EXPECT_TRUE(contains(run.errors, "usage: lookup_tool COMMAND"));
    EXPECT_FALSE(contains(run.errors, "no lookup service found"));
  }
  const auto object =
      run_tool(nobody.address(), {"register", "demo.x", "127.0.0.1:5000", "one", "demo::X"});
  EXPECT_TRUE(contains(object.errors, "lookup_tool: 'one' is not an object ID"));
}

TEST(Stage3Demo, ToolExitsThreeWithNoLookupService) {
  const ClosedPort nobody;
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"ping"}, {"list"}, {"lookup", "calculator_node1"}}) {
    SCOPED_TRACE("lookup_tool " + arguments[0] + " against a closed port");
    const auto run = run_tool(nobody.address(), arguments);
    EXPECT_EQ(run.status, kNoService) << run.errors;
    EXPECT_EQ(run.output, "");
    EXPECT_TRUE(contains(
        run.errors, "no lookup service found; tried:\n  " + nobody.address().to_string() + ": "));
    EXPECT_TRUE(contains(run.errors, "start one with lookup_server"));
  }
}

TEST(Stage3Demo, ToolExitsFiveWhenTheServerToInspectDoesNotAnswer) {
  LookupServerProcess lookup;
  const ClosedPort nobody;
  const auto run = run_tool(lookup.address(), {"inspect", nobody.address().to_string()});
  EXPECT_EQ(run.status, kNoServer) << run.errors;
  EXPECT_EQ(run.output, "");
  EXPECT_TRUE(contains(run.errors, nobody.address().to_string())) << run.errors;
  EXPECT_FALSE(contains(run.errors, "no lookup service")) << run.errors;
}

TEST(Stage3Demo, ToolExitsFourWhenTheServiceRefuses) {
  LookupServerProcess lookup;
  auto node = start_exporter("cluster_node", lookup.address(), {"--node", "node1"});

  const auto malformed = run_tool(lookup.address(), {"class", "demo::"});
  EXPECT_EQ(malformed.status, kRefused) << malformed.errors;
  EXPECT_TRUE(contains(malformed.errors, "'demo::' is not a class name"));
  const auto taken = run_tool(lookup.address(), {"register", "calculator_node1", "127.0.0.1:5000",
                                                 "1", "demo::ArrayCalculator"});
  EXPECT_EQ(taken.status, kRefused) << taken.errors;
  EXPECT_TRUE(contains(taken.errors, "'calculator_node1' is taken: it stands for " +
                                         shown("demo::ArrayCalculator", 1, node.address) +
                                         ", registered by another process"));
  const auto not_yours =
      run_tool(lookup.address(), {"remove", "calculator_node1", "--key", "a-wrong-key"});
  EXPECT_EQ(not_yours.status, kRefused) << not_yours.errors;
  EXPECT_TRUE(contains(not_yours.errors,
                       "only the process that registered 'calculator_node1' (or a holder of the "
                       "lookup service's token) may remove it"));
  const auto still = run_tool(lookup.address(), {"lookup", "calculator_node1"});
  EXPECT_EQ(still.status, kDone) << "refused means nothing changed: " << still.errors;
  EXPECT_EQ(still.output, shown("demo::ArrayCalculator", 1, node.address) + "\n");
}

TEST(Stage3Demo, ToolWithTheServicesTokenRemovesAnyNameAndWithoutItIsTurnedAway) {
  LookupServerProcess lookup({"--token", "sesame"});
  const auto registered = run_tool(lookup.address(), {"register", "demo.thing", "127.0.0.1:5000",
                                                      "3", "demo::Thing", "--token", "sesame"});
  ASSERT_EQ(registered.status, kDone) << registered.errors;
  const auto removed = run_tool(lookup.address(), {"remove", "demo.thing", "--token", "sesame"});
  EXPECT_EQ(removed.status, kDone) << "the token is every owner's key: " << removed.errors;
  EXPECT_EQ(removed.output, "removed demo.thing\n");

  const auto without = run_tool(lookup.address(), {"ping"});
  EXPECT_EQ(without.status, kNoService) << without.errors;
  EXPECT_TRUE(contains(without.errors, "this server wants a handshake token"));
}
