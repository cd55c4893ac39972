#pragma once
// A TCP address as people write it: a host (name or IPv4 address) and a port.
// The toolkit speaks IPv4 only, to keep addresses short and readable.
#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "stage1_rpc/net/deadline.hpp"

namespace rmi {

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;

  std::string to_string() const { return host + ":" + std::to_string(port); }
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;

  // Endpoints travel in later stages (remote references carry one).
  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    archive& host& port;
  }
};

// "host:port" -> Endpoint; throws rmi::Error naming the text if it is not of that form.
Endpoint parse_endpoint(std::string_view text);

// The socket address of `endpoint`. A numeric address ("10.0.0.5") is used as it is; a name is
// looked up (DNS, /etc/hosts), and the lookup gives up when the deadline passes. Throws
// ConnectionError if the name cannot be resolved, Timeout if the answer is too slow.
sockaddr_in resolve(const Endpoint& endpoint, const Deadline& deadline);

// The numeric form of a socket address, e.g. {"127.0.0.1", 43512}.
Endpoint to_endpoint(const sockaddr_in& address);

}  // namespace rmi
