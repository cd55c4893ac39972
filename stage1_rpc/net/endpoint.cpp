#include "stage1_rpc/net/endpoint.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <charconv>
#include <cstring>

#include "stage1_rpc/core/error.hpp"

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

sockaddr_in resolve(const Endpoint& endpoint) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int status = ::getaddrinfo(endpoint.host.c_str(), nullptr, &hints, &found);
  if (status != 0 || found == nullptr) {
    throw ConnectionError("cannot resolve host '" + endpoint.host + "': " + ::gai_strerror(status));
  }
  sockaddr_in address{};
  std::memcpy(&address, found->ai_addr, sizeof address);
  ::freeaddrinfo(found);
  address.sin_port = htons(endpoint.port);
  return address;
}

Endpoint to_endpoint(const sockaddr_in& address) {
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &address.sin_addr, text, sizeof text);
  return Endpoint{text, ntohs(address.sin_port)};
}

}  // namespace rmi
