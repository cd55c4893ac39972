#pragma once
// A network of "hosts" on one machine, for tests of what crosses a network: Linux network
// namespaces on one Ethernet segment. Each host has a virtual Ethernet cable (veth) whose other
// end is a port of one bridge, the segment's switch; the bridge lives in a namespace of its own,
// so that every host is alike and none has more than its cable:
//
//     host 1 (eth0 10.78.0.1) ──┐
//     host 2 (eth0 10.78.0.2) ──┤ bridge, in the switch's namespace
//     host 3 (eth0 10.78.0.3) ──┘
//
// Host n has address SUBNET.n/24 with broadcast SUBNET.255, and its own loopback: a server bound
// to 127.0.0.1 on one host is out of reach of the others, as on real machines, and a broadcast
// reaches every host of the segment and nothing else. There is no default route: nothing sent
// from a host can leave the test network. Needs root and iproute2; available() says whether
// this machine allows it, reason() why not. Everything is removed when the object goes, and
// what a killed test program left behind is removed by the next one.
#include <functional>
#include <string>
#include <vector>

namespace rmi::test {

class TestNetwork {
 public:
  // `hosts` hosts, numbered from 1 as their addresses are: "10.78.0" gives 10.78.0.1, .2, ...
  explicit TestNetwork(int hosts = 3, std::string subnet = "10.78.0");
  ~TestNetwork();
  TestNetwork(const TestNetwork&) = delete;
  TestNetwork& operator=(const TestNetwork&) = delete;

  bool available() const { return reason_.empty(); }
  const std::string& reason() const { return reason_; }

  std::string address(int host) const { return subnet_ + "." + std::to_string(host); }
  std::string broadcast_address() const { return subnet_ + ".255"; }

  // A command line that runs `program` on `host` (for ChildProcess; see start() in the tests).
  std::vector<std::string> on(int host, const std::string& program) const;

  // Programs run on `host` ask `nameserver` (and only it) for host names: ip netns exec mounts
  // /etc/netns/NAMESPACE/resolv.conf, which this writes, over /etc/resolv.conf.
  void use_nameserver(int host, const std::string& nameserver);

  // Runs `work` on a thread of its own inside `host`'s namespace, and waits for it: sockets it
  // opens belong to that host (and stay there when the thread ends).
  void run_on(int host, const std::function<void()>& work) const;

 private:
  std::string subnet_, reason_;
  std::vector<std::string> namespaces_;  // [0] the switch, [n] host n
};

}  // namespace rmi::test
