#pragma once
// Two "hosts" on one machine, for tests of what crosses a network: a TestNetwork
// (test_network.hpp) of two Linux network namespaces on one Ethernet segment, 10.77.0.1 and
// 10.77.0.2. Each has its own interfaces and its own loopback, so a server bound to 127.0.0.1
// on one is out of reach of the other, as on real machines. Needs root and iproute2;
// available() says whether this machine allows it. Everything is removed again when the
// object goes.
#include <string>
#include <vector>

#include "tests/support/test_network.hpp"

namespace rmi::test {

class TwoHosts {
 public:
  // False (with the reason) when namespaces cannot be made here.
  bool available() const { return network_.available(); }
  const std::string& reason() const { return network_.reason(); }

  static constexpr const char* kFirstAddress = "10.77.0.1";
  static constexpr const char* kSecondAddress = "10.77.0.2";

  // A command line that runs `program` on the first or second host (for ChildProcess).
  std::vector<std::string> on_first(const std::string& program) const {
    return network_.on(1, program);
  }
  std::vector<std::string> on_second(const std::string& program) const {
    return network_.on(2, program);
  }

 private:
  TestNetwork network_{2, "10.77.0"};
};

}  // namespace rmi::test
