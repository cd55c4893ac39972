#pragma once
// A listening TCP socket. Bind port 0 and the kernel picks a free port; endpoint() says which.
// accept() waits for the next client. interrupt(), called from any thread, makes a waiting or
// later accept() return nothing: that is how a server's accept loop is told to stop.
#include <atomic>
#include <chrono>
#include <optional>

#include <sys/socket.h>

#include "stage1_rpc/net/socket.hpp"

namespace rmi {

class Listener {
 public:
  // How accept() waits for a client.
  //   InPoll    in poll(), for the listening socket and a doorbell that interrupt() rings; other
  //             threads may try_accept() meanwhile (a persistent server's door, server_door.cpp).
  //   InAccept  in accept() itself: a system call fewer for every connection, which is 4% of a
  //             connect-per-call's latency (lectures/1-rpc.md#cost). For one thread that alone
  //             accepts (the lecture's loop): try_accept() would wait too, so it finds nothing.
  enum class Waiting { InPoll, InAccept };

  // `backlog`: connections the kernel completes and queues until we accept them. A burst of
  // clients beyond it has its handshakes dropped, and they retry only after a second, so the
  // default is the largest the system allows (SOMAXCONN).
  explicit Listener(const Endpoint& address, int backlog = SOMAXCONN,
                    Waiting waiting = Waiting::InPoll);

  // The address actually bound, with the real port when port 0 was asked for.
  const Endpoint& endpoint() const { return endpoint_; }

  // The next client's connection, or nothing once interrupt() was called. Throws
  // ConnectionError when the process is out of descriptors (the caller may wait and retry).
  std::optional<Socket> accept();
  // A client's connection that is waiting to be accepted, or nothing, without waiting. Any
  // thread may call it, also while another waits in accept(): each connection goes to one.
  std::optional<Socket> try_accept();

  // The receive timeout every accepted connection starts with (Socket::limit_receive_wait). It
  // is set once, here: Linux gives each accepted socket the listening socket's options, this one
  // and TCP_NODELAY (which the constructor sets), and that saves two system calls per connection.
  void limit_receive_wait(std::chrono::microseconds left) { socket_.limit_receive_wait(left); }

  void interrupt();
  // Stops listening: clients connecting from now on are refused by the kernel.
  void close() { socket_.close(); }
  // Waits up to `pause` for interrupt(); returns true if it came.
  bool wait_for_interrupt(std::chrono::milliseconds pause);

 private:
  std::optional<Socket> accept_one();

  const Waiting waiting_;
  std::atomic<bool> interrupted_{false};
  Socket socket_;
  Endpoint endpoint_;
  // A connected pair of sockets used as a doorbell: interrupt() writes a byte to one, and
  // accept() waits on both the listening socket and the other.
  Socket wake_reader_, wake_writer_;
};

}  // namespace rmi
