#pragma once
// Finding a lookup service by asking the local network, as Pyro's locate_ns and RPyC's registry
// do: one UDP datagram to everyone on the network segment, and the service's answer.
//
//   client  → broadcast, UDP port kLookupPort    "RMIT lookup?"
//   service → the client                         "RMIT lookup at HOST:PORT"
//
// A service that listens on every interface (0.0.0.0) answers with that; the client then takes
// the address the answer came from. Broadcasts do not cross routers: this finds services on the
// same segment only, and only when a user asks for it (a program's --broadcast). The limited
// broadcast 255.255.255.255 leaves a host by its default route only, and not at all from a host
// without one (a lab network of its own), so the question also goes to the broadcast address of
// each network the host is on (10.78.0.255 on 10.78.0.0/24).
//                                                        See lectures/3-lookup.md#discovery
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "stage1_rpc/core/log.hpp"
#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/endpoint.hpp"
#include "stage1_rpc/net/socket.hpp"

namespace rmi {

inline constexpr std::string_view kDiscoveryQuestion = "RMIT lookup?";
inline constexpr std::string_view kDiscoveryAnswer = "RMIT lookup at ";

// Answers the question on UDP `address` (its port; its host, usually 0.0.0.0, to hear
// broadcasts) with `service`, on a thread of its own until destroyed.
class DiscoveryResponder {
 public:
  DiscoveryResponder(const Endpoint& address, Endpoint service, Logger log);
  ~DiscoveryResponder();
  DiscoveryResponder(const DiscoveryResponder&) = delete;
  DiscoveryResponder& operator=(const DiscoveryResponder&) = delete;

  // The UDP address it listens on (with the real port, if 0 was asked for).
  const Endpoint& address() const { return address_; }

 private:
  void answer_questions(std::stop_token stop);

  Socket socket_;
  Endpoint address_;
  const Endpoint service_;
  const Logger log_;
  Socket wake_reader_, wake_writer_;  // a doorbell: the destructor rings it to stop the thread
  std::jthread thread_;               // last: stopped and joined first
};

// Where a question to `broadcast_address` is sent: 255.255.255.255 and the broadcast address of
// each network this host is on; any other address as it is.
std::vector<std::string> broadcast_destinations(const std::string& broadcast_address);

// Asks broadcast_destinations(`broadcast_address`), on `port`, and returns the first service that
// answers before the deadline. Throws ConnectionError only if the question could be sent nowhere.
std::optional<Endpoint> discover_lookup_service(const std::string& broadcast_address,
                                                std::uint16_t port, const Deadline& deadline);

}  // namespace rmi
