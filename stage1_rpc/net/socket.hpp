#pragma once
// An owned socket descriptor: the one place in the toolkit where close() is called (RAII).
// A Socket is a resource, so it can be moved but not copied. It remembers the peer it talks to,
// so every error it reports can say where. Its waits are not the kernel's: the toolkit never
// blocks in recv() or send() but in poll(), bounded by a Deadline (io.hpp).
//                                                              See lectures/1-rpc.md#sockets
#include <string>

#include "stage1_rpc/net/deadline.hpp"
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

  void close();
  // Ends the reading side: a thread waiting to read this socket wakes up and sees end of
  // stream, while replies can still be written. This is how a server stops its connections.
  void shutdown_read();
  // Ends both directions: a thread waiting to send on this socket fails at once.
  void shutdown_both();

  // Sends small frames at once instead of waiting to fill a packet (Nagle's algorithm off).
  void set_no_delay();

 private:
  int fd_ = -1;
  Endpoint peer_;
};

// Connects to `server` before the deadline, name lookup included. Throws Timeout, or
// ConnectionError naming the server and the reason ("connect to 127.0.0.1:5000: Connection
// refused"). `local_host`, if given, is the address to connect from (a numeric address of this
// machine: tests use 127.0.0.2 to look like a second client host).
Socket connect_to(const Endpoint& server, const Deadline& deadline,
                  const std::string& local_host = {});

}  // namespace rmi
