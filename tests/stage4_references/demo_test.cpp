// The stage 4 demos as a user runs them (make demo STAGE=4): the lookup service, the servers and
// the clients each a separate process, their output checked against the lecture's example of a
// value and a reference, the chat room's callbacks, and the store's collection.
#include <gtest/gtest.h>
#include <signal.h>

#include <optional>
#include <string>

#include "tests/stage4_references/reference_programs.hpp"
#include "tests/support/contains.hpp"

using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;
using rmi::test::DemoPrograms;

TEST(Stage4Demo, TheValueSaysHelloInTheClientAndTheReferenceInTheServer) {
  DemoPrograms programs;
  ChildProcess& server = programs.start("hello_server");
  const auto client = programs.run("hello_client");
  ASSERT_EQ(client.status, 0) << client.errors;
  EXPECT_TRUE(contains(client.output,
                       "val.hello():\n"
                       "here I am, in hello_client\n"
                       "ref.hello(): (look in hello_server's output)\n"
                       "ref is demo::AsReference object "));
  EXPECT_EQ(server.read_line(5s).value_or(""), "here I am, in hello_server");
}

TEST(Stage4Demo, TheChatRoomCallsEveryoneBackAndGoesOnWhenOneDies) {
  DemoPrograms programs;
  ChildProcess& server = programs.start("chat_server");
  ChildProcess& alice = programs.start("chat_client", {"--as", "alice", "--stay"});
  ChildProcess& bob = programs.start("chat_client", {"--as", "bob", "--stay"});
  const auto carol = programs.run("chat_client", {"--as", "carol", "--say", "hello, room"});
  ASSERT_EQ(carol.status, 0) << carol.errors;
  EXPECT_EQ(carol.output, "[carol hears] carol: hello, room\n");
  EXPECT_EQ(alice.read_line(5s).value_or(""), "[alice hears] carol: hello, room");
  EXPECT_EQ(bob.read_line(5s).value_or(""), "[bob hears] carol: hello, room");

  bob.send_signal(SIGKILL);
  bob.wait_exit(5s);
  const auto dave = programs.run("chat_client", {"--as", "dave", "--say", "is anyone there?"});
  ASSERT_EQ(dave.status, 0) << dave.errors;
  EXPECT_EQ(alice.read_line(5s).value_or(""), "[alice hears] dave: is anyone there?");
  for (std::optional<std::string> line;
       (line = server.read_line(5s)) && !contains(*line, "bob is gone");)
    ASSERT_TRUE(line);
}

TEST(Stage4Demo, TheStoresItemsAreReleasedOnceTheClientDropsThem) {
  DemoPrograms programs;
  programs.start("store_server");
  const auto client = programs.run("gc_client", {"--count", "1000"});
  ASSERT_EQ(client.status, 0) << client.errors;
  EXPECT_TRUE(contains(client.output,
                       "the store's server exports 0 objects by reference\n"
                       "holding 1000 items, numbered 1 to 1000 (sum 500500)"));
  EXPECT_TRUE(contains(client.output,
                       "the store's server exports 1000 objects by reference\n"
                       "dropped them; "));
  EXPECT_TRUE(
      contains(client.output, "ms later the store's server exports 0 objects by reference"));
}

TEST(Stage4Demo, LookupToolInspectShowsWhatAServerExportsAndWhoHoldsIt) {
  DemoPrograms programs;
  programs.start("store_server");
  ChildProcess holder(rmi::test::program("stage4_references/gc_client"),
                      {"--count", "3", "--hold", "--lookup", programs.where()},
                      {"RMI_LOOKUP_BROADCAST=0"});
  for (std::optional<std::string> line; (line = holder.read_line(20s)) != "HOLDING";)
    ASSERT_TRUE(line) << "gc_client ended: " << holder.stderr_text();

  // The holder claims its items on its keeper's thread, a moment after it has them.
  rmi::test::ProgramRun shown;
  EXPECT_TRUE(rmi::test::eventually(
      [&] {
        shown = rmi::test::run_to_end(rmi::test::program("stage3_lookup/lookup_tool"),
                                      {"inspect", "demo.store", "--lookup", programs.where()},
                                      {"RMI_LOOKUP_BROADCAST=0"});
        return contains(shown.output, "held by 1; ");
      },
      5s))
      << shown.output << shown.errors;
  ASSERT_EQ(shown.status, 0) << shown.errors;
  EXPECT_TRUE(contains(shown.output, "object 1 (demo::Store, thread-safe)\n"));
  EXPECT_TRUE(contains(shown.output, "references: this process is holder "));
  EXPECT_TRUE(contains(shown.output, "exports object 1 (demo::Item), by reference: 0 in transit, "
                                     "held by 1; "));
  EXPECT_TRUE(contains(shown.output, "exports object 3 (demo::Item)"));
  EXPECT_TRUE(contains(shown.output, " until +"));
}
