#pragma once
// Looking a host name up with a time limit. getaddrinfo() may ask DNS servers that never answer
// and then waits as long as the resolver's configuration says, which can be many seconds per
// server; nothing can interrupt it. glibc's getaddrinfo_a() runs the same lookup on a thread of
// its own, so we can stop waiting for it when the deadline passes.  See lectures/1-rpc.md#sockets
#include <netinet/in.h>

#include <string>

#include "stage1_rpc/net/deadline.hpp"

namespace rmi {

// The host's first IPv4 address. Throws ConnectionError if the name does not resolve, Timeout
// if no answer comes before the deadline.
in_addr look_up_host(const std::string& host, const Deadline& deadline);

}  // namespace rmi
