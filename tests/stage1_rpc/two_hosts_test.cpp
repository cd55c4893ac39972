// The stage 1 demo across two hosts: the server in one network namespace, the client in
// another, talking over a virtual Ethernet link, as on two machines.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/two_hosts.hpp"

using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;
using rmi::test::program_path;
using rmi::test::TwoHosts;

namespace {

// Starts `program args...` on a host given by TwoHosts::on_first/on_second.
ChildProcess start(std::vector<std::string> command, const std::vector<std::string>& args) {
  command.insert(command.end(), args.begin(), args.end());
  return ChildProcess(command.front(), {command.begin() + 1, command.end()});
}

}  // namespace

TEST(TwoHostsDemo, ClientOnOneHostCallsServerOnAnother) {
  TwoHosts hosts;
  if (!hosts.available()) GTEST_SKIP() << "no second host: " << hosts.reason();
  ChildProcess server = start(hosts.on_first(program_path("stage1_rpc/calc_server")),
                              {"--host", TwoHosts::kFirstAddress, "--port", "0"});
  const rmi::Endpoint address = server.wait_ready(10s);
  EXPECT_EQ(address.host, TwoHosts::kFirstAddress);
  ChildProcess client = start(hosts.on_second(program_path("stage1_rpc/calc_client")),
                              {"--host", address.host, "--port", std::to_string(address.port)});
  const std::string output = client.read_rest(10s);
  EXPECT_EQ(client.wait_exit(5s), 0) << client.stderr_text();
  EXPECT_TRUE(contains(output, "mul(111, 9) = 999"));
  EXPECT_TRUE(contains(output, "the server survived: add(1, 2) = 3"));
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(5s), 0);
  EXPECT_TRUE(contains(server.read_rest(2s), "g(bar)")) << "the server's output, on its own host";
}

TEST(TwoHostsDemo, ServerOnLoopbackIsOutOfReachOfOtherHosts) {
  TwoHosts hosts;
  if (!hosts.available()) GTEST_SKIP() << "no second host: " << hosts.reason();
  ChildProcess server =
      start(hosts.on_first(program_path("stage1_rpc/calc_server")), {"--port", "0"});
  const rmi::Endpoint address = server.wait_ready(10s);
  EXPECT_EQ(address.host, "127.0.0.1") << "servers bind loopback unless told otherwise";
  ChildProcess client =
      start(hosts.on_second(program_path("stage1_rpc/calc_client")),
            {"--host", TwoHosts::kFirstAddress, "--port", std::to_string(address.port)});
  EXPECT_EQ(client.wait_exit(10s), 1);
  EXPECT_TRUE(contains(client.stderr_text(), "connect to 10.77.0.1"));
}

TEST(TwoHostsDemo, AllowListServesTheNamedHostAndRefusesOthers) {
  TwoHosts hosts;
  if (!hosts.available()) GTEST_SKIP() << "no second host: " << hosts.reason();
  // First only the server's own host is allowed, then only the client's.
  for (const char* allowed : {TwoHosts::kFirstAddress, TwoHosts::kSecondAddress}) {
    SCOPED_TRACE(std::string("--allow ") + allowed);
    ChildProcess server =
        start(hosts.on_first(program_path("stage1_rpc/calc_server")),
              {"--host", TwoHosts::kFirstAddress, "--port", "0", "--allow", allowed});
    const rmi::Endpoint address = server.wait_ready(10s);
    ChildProcess client = start(hosts.on_second(program_path("stage1_rpc/calc_client")),
                                {"--host", address.host, "--port", std::to_string(address.port)});
    const std::string output = client.read_rest(10s);
    const auto exit_code = client.wait_exit(5s);
    server.send_signal(SIGTERM);
    EXPECT_EQ(server.wait_exit(5s), 0);
    if (std::string(allowed) == TwoHosts::kSecondAddress) {
      EXPECT_EQ(exit_code, 0) << client.stderr_text();
      EXPECT_TRUE(contains(output, "mul(111, 9) = 999"));
    } else {
      EXPECT_EQ(exit_code, 1);
      EXPECT_TRUE(contains(client.stderr_text(), "not on the server's list of allowed hosts"))
          << client.stderr_text();
      EXPECT_TRUE(contains(server.stderr_text(), "refused a connection from 10.77.0.2"))
          << server.stderr_text();
    }
  }
}

TEST(TwoHostsDemo, TokenLetsInOnlyTheClientThatKnowsIt) {
  TwoHosts hosts;
  if (!hosts.available()) GTEST_SKIP() << "no second host: " << hosts.reason();
  ChildProcess server =
      start(hosts.on_first(program_path("stage1_rpc/calc_server")),
            {"--host", TwoHosts::kFirstAddress, "--port", "0", "--token", "pyro-style-secret"});
  const rmi::Endpoint address = server.wait_ready(10s);
  const std::vector<std::string> where = {"--host", address.host, "--port",
                                          std::to_string(address.port)};
  for (const char* token : {"pyro-style-secret", "a-guess"}) {
    SCOPED_TRACE(std::string("--token ") + token);
    std::vector<std::string> args = where;
    args.insert(args.end(), {"--token", token});
    ChildProcess client = start(hosts.on_second(program_path("stage1_rpc/calc_client")), args);
    const std::string output = client.read_rest(10s);
    if (std::string(token) == "a-guess") {
      EXPECT_EQ(client.wait_exit(5s), 1);
      EXPECT_TRUE(contains(client.stderr_text(), "wrong handshake token")) << client.stderr_text();
    } else {
      EXPECT_EQ(client.wait_exit(5s), 0) << client.stderr_text();
      EXPECT_TRUE(contains(output, "the server survived: add(1, 2) = 3"));
    }
  }
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(5s), 0);
}
