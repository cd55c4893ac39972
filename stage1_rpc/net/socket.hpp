#pragma once
// An owned socket descriptor: the one place in the toolkit where close() is called (RAII).
// A Socket is a resource, so it can be moved but not copied. It remembers the peer it talks to,
// so every error it reports can say where, and the receive timeout it has set, so that setting
// it again costs a system call only when the value must change (io.hpp).
//                                                              See lectures/1-rpc.md#sockets
#include <chrono>
#include <string>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

class Socket {
 public:
  Socket() = default;
  // `receive_limit`: the receive timeout the descriptor has already (one accepted from a
  // listening socket has the listener's; listener.hpp).
  Socket(int fd, Endpoint peer, std::chrono::microseconds receive_limit = {});
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

  // Lets the next blocking recv() wait no longer than `left`, which must be positive: sets the
  // kernel's receive timeout (SO_RCVTIMEO) when the one in force is longer than `left`, or a
  // millisecond or more shorter. A call's deadline has a few microseconds less left at each
  // call's recv() than at the last one's, so the timeout is kept in whole milliseconds and is set
  // once, not once per call; a recv() it ends a little early is simply waited for again.
  void limit_receive_wait(std::chrono::microseconds left);
  // The receive timeout in force (0: none). The kernel counts it in timer ticks, so a wait it
  // ends may end up to a tick (1 to 10 ms, as the kernel is built) later than this says.
  std::chrono::microseconds receive_limit() const { return receive_limit_; }

 private:
  int fd_ = -1;
  Endpoint peer_;
  std::chrono::microseconds receive_limit_{0};  // SO_RCVTIMEO in force; 0: none, for ever
};

// Connects to `server` before the deadline, name lookup included. The socket blocks: its waits
// are bounded by io.hpp, never by the kernel's defaults. Throws Timeout, or
// ConnectionError naming the server and the reason ("connect to 127.0.0.1:5000: Connection
// refused"). `local_host`, if given, is the address to connect from (a numeric address of this
// machine: tests use 127.0.0.2 to look like a second client host).
Socket connect_to(const Endpoint& server, const Deadline& deadline,
                  const std::string& local_host = {});

}  // namespace rmi
