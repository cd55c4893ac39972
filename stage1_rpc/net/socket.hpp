#pragma once
// An owned socket descriptor: the one place in the toolkit where close() is called (RAII).
// A Socket is a resource, so it can be moved but not copied. It remembers the peer it talks to,
// so every error it reports can say where.                    See lectures/1-rpc.md#sockets
#include <chrono>
#include <string>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

class Socket {
 public:
  Socket() = default;
  Socket(int fd, Endpoint peer);
  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  int fd() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }
  const Endpoint& peer() const { return peer_; }
  std::chrono::milliseconds receive_timeout() const { return receive_timeout_; }

  void close();
  // Ends the reading side: a thread blocked reading this socket wakes up and sees end of
  // stream, while replies can still be written. This is how a server stops its connections.
  void shutdown_read();
  // Ends both directions: a thread blocked sending on this socket fails at once.
  void shutdown_both();

  // A zero duration means "wait forever". A read that waits longer throws rmi::Timeout.
  void set_receive_timeout(std::chrono::milliseconds timeout);
  void set_send_timeout(std::chrono::milliseconds timeout);
  // Sends small frames at once instead of waiting to fill a packet (Nagle's algorithm off).
  void set_no_delay();

 private:
  int fd_ = -1;
  Endpoint peer_;
  std::chrono::milliseconds receive_timeout_{0};
};

// Connects to `server`, giving up after `timeout` (zero: wait as long as the system does). The
// host name is looked up first, and that lookup is bounded by the resolver's own timeouts.
// Throws Timeout, or ConnectionError naming the server and the reason
// ("connect to 127.0.0.1:5000: Connection refused").
Socket connect_to(const Endpoint& server, std::chrono::milliseconds timeout);

}  // namespace rmi
