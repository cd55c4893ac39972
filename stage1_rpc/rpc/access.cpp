#include "stage1_rpc/rpc/access.hpp"

#include <algorithm>

namespace rmi {

bool AccessPolicy::allows_host(const std::string& host) const {
  return allowed_hosts.empty() ||
         std::find(allowed_hosts.begin(), allowed_hosts.end(), host) != allowed_hosts.end();
}

// Looks at every byte whatever it finds, so the time taken does not tell a guesser how many
// leading bytes were right.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const char wanted = expected.empty() ? '\0' : expected[i % expected.size()];
    difference |= static_cast<unsigned char>(given[i] ^ wanted);
  }
  return difference == 0;
}

ConnectionValidator require_token(std::string token) {
  return [token = std::move(token)](const Endpoint&,
                                    std::string_view given) -> std::optional<std::string> {
    if (given.empty()) return "this server wants a handshake token (ClientOptions::token)";
    if (!same_secret(given, token)) return "wrong handshake token";
    return std::nullopt;
  };
}

}  // namespace rmi
