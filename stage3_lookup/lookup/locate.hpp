#pragma once
// Finding the lookup service without configuring anything — the bootstrapping problem. Tried in
// this order, each bounded by `timeout`:
//   1. the address given (a program's --lookup HOST:PORT);
//   2. the environment: RMI_LOOKUP=HOST:PORT;
//   3. this machine: 127.0.0.1 on the well-known port;
//   4. only when asked (broadcast, or RMI_LOOKUP_BROADCAST=1): a broadcast on the local network
//      (discovery.hpp).
// Each candidate must answer a ping. If none does, LookupServiceNotFound says what was tried and
// how to start or name a service.                          See lectures/3-lookup.md#finding
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "stage1_rpc/net/endpoint.hpp"
#include "stage1_rpc/rpc/connection.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"

namespace rmi {

struct LocateOptions {
  std::optional<Endpoint> address{};  // given by the user
  bool broadcast = false;             // ask the local network too
  std::string broadcast_address = "255.255.255.255";
  std::uint16_t port = kLookupPort;  // the well-known port, on loopback and for the broadcast
  std::chrono::milliseconds timeout{2'000};
  ClientOptions client{};  // for the ping: a service's token, say
};

Endpoint locate_lookup_service(const LocateOptions& options = {});

}  // namespace rmi
