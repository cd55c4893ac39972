#pragma once
// Which addresses mean "this machine only". A reference carries its server's advertised host; if
// that is a loopback address (127.0.0.1, localhost) or the wildcard 0.0.0.0, a client on another
// host would try to reach it on itself. Exporting such a reference to a lookup service on another
// host is the most common failure of RMI and Pyro set-ups (Java's java.rmi.server.hostname
// exists for it): it is refused where it is made and where it arrives, with what to do instead.
//                                                      See lectures/3-lookup.md#advertising
#include <string>
#include <string_view>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

// 127.x.x.x, localhost, 0.0.0.0, or nothing at all.
bool is_local_only(std::string_view host);

// "a reference to 127.0.0.1:41000 is of no use on 10.77.0.2: ..." — and how to fix it.
std::string unreachable_advice(const Endpoint& advertised, const std::string& other_host);

}  // namespace rmi
