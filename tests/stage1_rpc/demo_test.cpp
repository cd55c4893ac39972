// The stage 1 demo as a user runs it: calc_server and calc_client as separate processes on a
// real TCP port, the client's output checked line by line against the lecture and Pyro.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "stage1_rpc/rpc/remote_function.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"

using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;
using rmi::test::program_path;

namespace {

const std::string kServer = program_path("stage1_rpc/calc_server");
const std::string kClient = program_path("stage1_rpc/calc_client");

std::string run_client(const rmi::Endpoint& server, std::vector<std::string> extra = {},
                       std::vector<std::string> environment = {}) {
  std::vector<std::string> args{"--host", server.host, "--port", std::to_string(server.port)};
  args.insert(args.end(), extra.begin(), extra.end());
  ChildProcess client(kClient, args, environment);
  std::string output = client.read_rest(10s);
  EXPECT_EQ(client.wait_exit(5s), 0) << "client stderr: " << client.stderr_text();
  return output;
}

const char* const kExpected =
    "f() = x\n"
    "g(\"bar\") = 42\n"
    "mul(111, 9) = 999\n"
    "add(100, 222) = 322\n"
    "sub(222, 100) = 122\n"
    "div(2.0, 9.0) = 0.222222222222\n"
    "mul(\".\", 10) = ..........\n"
    "add(\"String1\", \"String2\") = String1String2\n"
    "*** invoking a server function that crashes ***\n";

}  // namespace

TEST(Stage1Demo, ClientPrintsTheLecturesAndPyrosResults) {
  ChildProcess server(kServer, {"--port", "0"});
  const rmi::Endpoint address = server.wait_ready(10s);
  const std::string output = run_client(address);
  EXPECT_TRUE(contains(output, kExpected));
  EXPECT_TRUE(contains(output, "error() failed: call 'error void()' to " + address.to_string()));
  EXPECT_TRUE(contains(output, "the server survived: add(1, 2) = 3"));
}

TEST(Stage1Demo, ServerPrintsAtTheServerAndLogsTheCrash) {
  ChildProcess server(kServer, {"--port", "0"});
  const rmi::Endpoint address = server.wait_ready(10s);
  run_client(address);
  server.send_signal(SIGTERM);
  ASSERT_EQ(server.wait_exit(5s), 0) << "the server did not stop cleanly on SIGTERM";
  EXPECT_EQ(server.read_rest(2s), "f()\ng(bar)\nstopping on signal 15\n");
  EXPECT_TRUE(contains(server.stderr_text(),
                       "call 'error void()' failed: std::bad_any_cast: bad any_cast"));
}

TEST(Stage1Demo, LectureLoopAndConnectPerCallGiveTheSameResults) {
  ChildProcess server(kServer, {"--port", "0", "--one-call-per-connection"});
  const rmi::Endpoint address = server.wait_ready(10s);
  EXPECT_TRUE(contains(run_client(address, {"--connect-per-call"}), kExpected));
}

TEST(Stage1Demo, TraceShowsEveryFrameOnBothSides) {
  ChildProcess server(kServer, {"--port", "0"}, {"RMI_TRACE=1"});
  const rmi::Endpoint address = server.wait_ready(10s);
  ChildProcess client(kClient, {"--port", std::to_string(address.port)}, {"RMI_TRACE=1"});
  client.read_rest(10s);
  ASSERT_EQ(client.wait_exit(5s), 0);
  EXPECT_TRUE(contains(client.stderr_text(), "[trace client to 127.0.0.1:" + std::to_string(address.port) +
                                                        "] -> Call 40 B  mul int(int, int)"));
  EXPECT_TRUE(contains(client.stderr_text(), "] <- Reply 4 B  mul int(int, int): ok"));
  server.send_signal(SIGTERM);
  server.wait_exit(5s);
  const std::string server_trace = server.stderr_text();
  EXPECT_TRUE(contains(server_trace, "<- Call 40 B  mul int(int, int)"));
  EXPECT_TRUE(contains(server_trace, "-- failed: std::bad_any_cast"));
}

TEST(Stage1Demo, OverflowIsRefusedAndLoggedNotUndefined) {
  ChildProcess server(kServer, {"--port", "0"});
  rmi::Connection connection(server.wait_ready(10s));
  EXPECT_THROW(rmi::call<int>(connection, "mul", 65536, 65536), rmi::ConnectionError);
  EXPECT_THROW(rmi::call<std::string>(connection, "mul", "x", 1 << 30), rmi::ConnectionError);
  EXPECT_EQ(rmi::call<int>(connection, "add", 1, 2), 3) << "the server must survive both";
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(5s), 0);
  EXPECT_TRUE(contains(server.stderr_text(), "std::overflow_error: mul: the result does not fit"));
  EXPECT_TRUE(contains(server.stderr_text(), "std::length_error: mul: a text result is limited"));
}

TEST(Stage1Demo, ClientWithoutAServerSaysWhereItTried) {
  ChildProcess client(kClient, {"--port", "1"});
  EXPECT_EQ(client.wait_exit(10s), 1);
  EXPECT_TRUE(contains(client.stderr_text(), "connect to 127.0.0.1:1"));
}

TEST(Stage1Demo, MistypedOptionIsRefusedWithUsage) {
  ChildProcess server(kServer, {"--prot", "5000"});
  EXPECT_EQ(server.wait_exit(10s), 1);
  EXPECT_TRUE(contains(server.stderr_text(), "unknown option '--prot'"));
  EXPECT_TRUE(contains(server.stderr_text(), "usage: calc_server"));
}

TEST(Stage1Demo, ServerWhoseOutputPipeIsClosedKeepsServingAndStops) {
  ChildProcess server(kServer, {"--port", "0"});
  rmi::Connection connection(server.wait_ready(10s));
  server.close_stdout();  // `calc_server | head -1`, once head has its line and has gone
  EXPECT_EQ(rmi::call<std::string>(connection, "f"), "x") << "f() prints at the server: SIGPIPE";
  EXPECT_EQ(rmi::call<int>(connection, "add", 1, 2), 3);
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(5s), 0) << server.stderr_text();
}

TEST(Stage1Demo, PeerTextCannotForgeAReadyLine) {
  ChildProcess server(kServer, {"--port", "0"});
  rmi::Connection connection(server.wait_ready(10s));
  EXPECT_EQ(rmi::call<int>(connection, "g", "x\nREADY 1.2.3.4:5"), 42);
  server.send_signal(SIGTERM);
  ASSERT_EQ(server.wait_exit(5s), 0);
  const std::string output = server.read_rest(2s);
  EXPECT_FALSE(contains(output, "\nREADY")) << output;
  EXPECT_TRUE(contains(output, "g(x\\x0aREADY 1.2.3.4:5)\n")) << "shown, escaped";
}
