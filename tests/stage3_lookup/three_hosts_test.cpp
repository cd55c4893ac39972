// Stage 3 across three hosts: the lookup service, exporters and clients as real processes on
// three Linux network namespaces of one Ethernet segment (tests/support/test_network.hpp),
// 10.78.0.1, .2 and .3, as on three machines of a lab network. Each test skips, with the reason,
// where namespaces cannot be made (not root, no iproute2).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "stage1_rpc/net/socket.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/test_network.hpp"

using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;
using rmi::test::program_path;
using rmi::test::TestNetwork;

namespace {

const std::string kLookupServer = "stage3_lookup/lookup_server";
const std::string kLookupTool = "stage3_lookup/lookup_tool";

// The line of `text` that starts with `start`, or "" if none does.
std::string line_starting(const std::string& text, const std::string& start) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(start, 0) == 0) return line;
  return "";
}

class ThreeHosts : public testing::Test {
 protected:
  void SetUp() override {
    if (!network_.available()) GTEST_SKIP() << "no test network: " << network_.reason();
  }

  // Starts `program` (as built, e.g. "stage3_lookup/lookup_server") on `host`. Programs find
  // the lookup service only as each test says: never through the environment of whoever runs
  // the tests (an empty RMI_LOOKUP counts as unset).
  ChildProcess start(int host, const std::string& program, const std::vector<std::string>& args,
                     std::vector<std::string> environment = {}) {
    std::vector<std::string> command = network_.on(host, program_path(program));
    command.insert(command.end(), args.begin(), args.end());
    environment.insert(environment.end(), {"RMI_LOOKUP=", "RMI_LOOKUP_BROADCAST="});
    return ChildProcess(command.front(), {command.begin() + 1, command.end()}, environment);
  }

  // A lookup server on host 1, on every interface: "10.78.0.1:PORT".
  std::string start_lookup_server(ChildProcess& server) {
    return network_.address(1) + ":" + std::to_string(server.wait_ready(10s).port);
  }

  TestNetwork network_;
};

}  // namespace

// Pyro's cluster on three machines: the lookup service on one, a calculator node on each of the
// others, and the client beside the lookup service, which calls the nodes on their own hosts.
TEST_F(ThreeHosts, TheClusterComputesOnNodesOfTwoOtherHosts) {
  ChildProcess lookup = start(1, kLookupServer, {"--host", "0.0.0.0", "--port", "0"});
  const std::string service = start_lookup_server(lookup);
  ChildProcess node1 = start(2, "stage3_lookup/cluster_node",
                             {"--node", "node1", "--host", "0.0.0.0", "--advertise",
                              network_.address(2), "--lookup", service},
                             {"RMI_TRACE=1"});
  ChildProcess node2 = start(3, "stage3_lookup/cluster_node",
                             {"--node", "node2", "--host", "0.0.0.0", "--advertise",
                              network_.address(3), "--lookup", service},
                             {"RMI_TRACE=1"});
  const std::uint16_t port1 = node1.wait_ready(10s).port, port2 = node2.wait_ready(10s).port;

  ChildProcess client = start(1, "stage3_lookup/cluster_client", {"--lookup", service});
  const std::string output = client.read_rest(20s);
  EXPECT_EQ(client.wait_exit(5s), 0) << client.stderr_text();
  for (const char* line : {
           "t=0.0  remote [0 0 0 0 0 0 0]  local [0 0 0 0 0 0 0]\n",
           "t=0.5  remote [1.5 4 6.5 9 11.5 14 16.5]  local [1.5 4 6.5 9 11.5 14 16.5]\n",
           "t=1.0  remote [3 8 13 18 23 28 33]  local [3 8 13 18 23 28 33]\n",
           "t=1.5  remote [4.5 12 19.5 27 34.5 42 49.5]  local [4.5 12 19.5 27 34.5 42 49.5]\n",
           "t=2.0  remote [6 16 26 36 46 56 66]  local [6 16 26 36 46 56 66]\n",
       }) {
    EXPECT_TRUE(contains(output, line));
  }
  // The nodes computed, each on its own host (their trace shows the calls arriving there).
  for (ChildProcess* node : {&node1, &node2}) {
    const std::string trace = node->stderr_text();
    EXPECT_TRUE(contains(trace, "<- ObjectCall")) << "no call reached the node on its own host";
    EXPECT_TRUE(contains(trace, "B  calculate std::vector<double>("));
  }

  // The lookup service holds references that name each node's own host, where it listens.
  ChildProcess list = start(1, kLookupTool, {"list", "--lookup", service});
  const std::string names = list.read_rest(10s);
  EXPECT_EQ(list.wait_exit(5s), 0) << list.stderr_text();
  const std::string one = line_starting(names, "calculator_node1  ");
  const std::string two = line_starting(names, "calculator_node2  ");
  EXPECT_TRUE(contains(one, " at 10.78.0.2:" + std::to_string(port1))) << names;
  EXPECT_TRUE(contains(two, " at 10.78.0.3:" + std::to_string(port2))) << names;
}

// Nobody names the lookup service: the exporter on host 2 and the client on host 3 ask the
// segment, and the service on host 1 answers on the well-known port's UDP twin.
TEST_F(ThreeHosts, ProgramsOnOtherHostsFindTheLookupServiceByBroadcast) {
  ChildProcess lookup = start(1, kLookupServer, {"--host", "0.0.0.0"});
  ASSERT_EQ(lookup.wait_ready(10s).port, 50100) << "the well-known port";
  ChildProcess exporter =
      start(2, "stage3_lookup/export_client",
            {"--broadcast", "--host", "0.0.0.0", "--advertise", network_.address(2)});
  const std::uint16_t notebook_port = exporter.wait_ready(10s).port;

  ChildProcess finder =
      start(3, "stage3_lookup/find_client", {"--broadcast", "--note", "from the third host"});
  const std::string found = finder.read_rest(10s);
  EXPECT_EQ(finder.wait_exit(5s), 0) << finder.stderr_text();
  EXPECT_TRUE(contains(line_starting(found, "demo.notebook is "),
                       " at 10.78.0.2:" + std::to_string(notebook_port)));
  EXPECT_TRUE(contains(found, "notes now: 1\n"));
  EXPECT_TRUE(contains(found, "\n  from the third host\n"));

  ChildProcess ping = start(3, kLookupTool, {"ping", "--broadcast"});
  const std::string answer = ping.read_rest(10s);
  EXPECT_EQ(ping.wait_exit(5s), 0) << ping.stderr_text();
  EXPECT_TRUE(contains(answer, " at 10.78.0.1:50100\n"));

  exporter.send_signal(SIGTERM);
  EXPECT_EQ(exporter.wait_exit(5s), 0) << exporter.stderr_text();
  EXPECT_TRUE(contains(exporter.read_rest(2s), "note: from the third host\n"))
      << "the note is written on the exporter's host";
  lookup.send_signal(SIGTERM);
  EXPECT_EQ(lookup.wait_exit(5s), 0);
  const std::string told = lookup.stderr_text();
  EXPECT_TRUE(contains(told, "told 10.78.0.2:")) << "host 2 did not find it by broadcast";
  EXPECT_TRUE(contains(told, "told 10.78.0.3:")) << "host 3 did not find it by broadcast";
}

// The most common failure of RMI set-ups, on a real segment: a server on loopback at host 2
// would give the lookup service a reference that means "this host" wherever it is used.
TEST_F(ThreeHosts, ALoopbackReferenceIsRefusedByTheExporterAndByTheService) {
  ChildProcess lookup = start(1, kLookupServer, {"--host", "0.0.0.0", "--port", "0"});
  const std::string service = start_lookup_server(lookup);

  ChildProcess exporter = start(2, "stage3_lookup/export_client", {"--lookup", service});
  EXPECT_EQ(exporter.wait_exit(10s), 1);
  const std::string refused = exporter.stderr_text();
  EXPECT_TRUE(contains(refused, "a reference to 127.0.0.1:"));
  EXPECT_TRUE(contains(refused, "is of no use on 10.78.0.1"));
  EXPECT_TRUE(contains(refused, "--advertise")) << "says how to fix it";

  // Sent by hand, the service refuses it itself.
  ChildProcess by_hand =
      start(2, kLookupTool,
            {"register", "demo.thing", "127.0.0.1:4000", "1", "demo::Thing", "--lookup", service});
  EXPECT_EQ(by_hand.wait_exit(10s), 4) << "4: refused. " << by_hand.stderr_text();
  EXPECT_TRUE(contains(by_hand.stderr_text(),
                       "a reference to 127.0.0.1:4000 is of no use on any host but 10.78.0.2"));

  ChildProcess list = start(1, kLookupTool, {"list", "--lookup", service});
  EXPECT_EQ(list.read_rest(10s), "") << "a refused reference was registered";
  EXPECT_EQ(list.wait_exit(5s), 0) << list.stderr_text();
}

// No lookup service anywhere on the segment: the broadcast goes unanswered for its 2000 ms, and
// the error lists each place asked and how to start or name a service.
TEST_F(ThreeHosts, WithoutALookupServiceTheBroadcastSaysWhatWasTriedAndWhatToDo) {
  const auto started = std::chrono::steady_clock::now();
  ChildProcess finder = start(3, "stage3_lookup/find_client", {"--broadcast"});
  EXPECT_EQ(finder.wait_exit(10s), 1);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 2s) << "gave up before the broadcast's 2000 ms";
  EXPECT_LT(took, 5s) << "waited well past the broadcast's 2000 ms";
  const std::string message = finder.stderr_text();
  EXPECT_TRUE(contains(message, "find_client: no lookup service found; tried:\n"));
  EXPECT_TRUE(contains(message, "\n  127.0.0.1:50100: "));
  EXPECT_TRUE(contains(message,
                       "\n  a broadcast to 255.255.255.255, 10.78.0.255 (port 50100): no answer "
                       "within 2000 ms\n"));
  EXPECT_TRUE(contains(message, "start one with lookup_server"));
  EXPECT_TRUE(contains(message, "--lookup HOST:PORT"));
}

// Issue 10's "host-name resolution has no time limit": with a DNS server that never answers,
// getaddrinfo() waits 5 s per attempt (the host's resolv.conf says so); a call with a 300 ms
// timeout gives up after 300 ms.
TEST_F(ThreeHosts, ResolvingAHostNameEndsAtTheCallsTimeoutWhenNoNameserverAnswers) {
  // The nameserver: a UDP socket on host 1's port 53 that nobody reads.
  rmi::Socket nameserver;
  network_.run_on(1, [&] {
    nameserver = rmi::Socket(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), {});
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(53);
    ::inet_pton(AF_INET, network_.address(1).c_str(), &address.sin_addr);
    ASSERT_EQ(::bind(nameserver.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  });
  network_.use_nameserver(3, network_.address(1));

  const auto started = std::chrono::steady_clock::now();
  ChildProcess client =
      start(3, "stage1_rpc/calc_client", {"--host", "calc.example.invalid", "--timeout-ms", "300"});
  EXPECT_EQ(client.wait_exit(10s), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "the resolver's own 5 s and more";
  EXPECT_TRUE(contains(client.stderr_text(),
                       "resolving host 'calc.example.invalid' took more than 300 ms"));
  pollfd question{nameserver.fd(), POLLIN, 0};
  EXPECT_EQ(::poll(&question, 1, 2000), 1) << "no DNS question reached the nameserver";
}
