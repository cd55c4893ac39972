#include "stage1_rpc/net/endpoint.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/resolver.hpp"

namespace rmi {

Endpoint parse_endpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  unsigned port = 0;
  if (colon != std::string_view::npos && colon > 0) {
    const auto digits = text.substr(colon + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error == std::errc{} && end == digits.data() + digits.size() && !digits.empty() &&
        port <= 65535) {
      return Endpoint{std::string(text.substr(0, colon)), static_cast<std::uint16_t>(port)};
    }
  }
  throw Error("'" + std::string(text) + "' is not an endpoint of the form host:port");
}

sockaddr_in resolve(const Endpoint& endpoint, const Deadline& deadline) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(endpoint.port);
  // A numeric address needs no lookup, and so no waiting.
  if (::inet_pton(AF_INET, endpoint.host.c_str(), &address.sin_addr) == 1) return address;
  address.sin_addr = look_up_host(endpoint.host, deadline);
  return address;
}

Endpoint to_endpoint(const sockaddr_in& address) {
  // Written out here rather than by inet_ntop(), which formats with sprintf(): that was 1,800
  // instructions for every connection a server accepts, a sixth of all the user-space work of
  // the lecture's loop (lectures/1-rpc.md#cost).
  unsigned char octets[4];  // in network order: the first octet first
  std::memcpy(octets, &address.sin_addr.s_addr, sizeof octets);
  char text[INET_ADDRSTRLEN];
  char* end = text;
  for (const unsigned char octet : octets) {
    if (end != text) *end++ = '.';
    end = std::to_chars(end, text + sizeof text, octet).ptr;
  }
  return Endpoint{std::string(text, end), ntohs(address.sin_port)};
}

}  // namespace rmi
