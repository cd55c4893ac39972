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
