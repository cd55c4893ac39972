#pragma once
// Who may use a server. Two checks, both off by default, both on the server's side:
//   allowed_hosts  the peer addresses that may connect at all ("127.0.0.1", "10.0.0.7");
//                  anyone else is refused as soon as it connects, before a byte is read.
//   validator      Pyro's connection validator: a function that sees the peer's address and
//                  the token the client sent in its handshake (ClientOptions::token) and lets
//                  it in or says why not.
// A refused client receives a Refused frame with the reason, which its call throws as
// rmi::AccessDenied; the server logs the refusal.             See lectures/1-rpc.md#access
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

// Returns why `peer` is refused, or nothing to let it in. The token is empty when the client
// sent none. It runs on the connection's own thread, before the first call is served.
using ConnectionValidator =
    std::function<std::optional<std::string>(const Endpoint& peer, std::string_view token)>;

struct AccessPolicy {
  std::vector<std::string> allowed_hosts{};  // numeric addresses; empty: any host
  ConnectionValidator validator{};           // none: no handshake needed

  bool allows_host(const std::string& host) const;
};

// True if `given` is `expected`, found in the same time whatever bytes `given` gets right.
bool same_secret(std::string_view given, std::string_view expected);

// A validator that lets in exactly the clients that send this token (a shared secret).
// The comparison takes as long for a near miss as for a wild guess.
ConnectionValidator require_token(std::string token);

}  // namespace rmi
