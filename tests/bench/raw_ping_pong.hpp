#pragma once
// The baselines the toolkit is measured against: the same work done with bare POSIX calls and
// nothing else. A request is a 4-byte length and a 16-byte payload; the server echoes it: as fast
// as a request and a reply can cross loopback on this machine. And for a knock on a full server,
// the least any door can do: accept, send a prepared answer, close.
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace rmi::bench {

// A socket listening on a free loopback port, whose own thread hands each connection it accepts
// to `take` (which closes it). The raw server and the raw door differ only in what they take.
class RawAcceptor {
 public:
  explicit RawAcceptor(std::function<void(int fd)> take);
  ~RawAcceptor();
  std::uint16_t port() const { return port_; }

 private:
  void accept_loop();
  std::function<void(int fd)> take_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::jthread thread_;
};

class RawServer {
 public:
  // persistent: a thread per connection, many exchanges each; otherwise the lecture's loop:
  // accept, one exchange, close.
  explicit RawServer(bool persistent);
  std::uint16_t port() const { return acceptor_.port(); }

 private:
  void take(int fd);
  bool persistent_;
  std::vector<std::jthread> connections_;
  RawAcceptor acceptor_;  // last: stopped before the connections it adds to are joined
};

// Answers every connection with the same bytes (a whole frame: "busy") and closes it.
class RawDoor {
 public:
  explicit RawDoor(std::string answer);
  std::uint16_t port() const { return acceptor_.port(); }

 private:
  std::string answer_;
  RawAcceptor acceptor_;
};

// A persistent raw client connection.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port);
  ~RawClient();
  void exchange();  // one request, one reply

 private:
  int fd_ = -1;
};

// Connects, exchanges once, closes: the raw connect-per-call.
void raw_exchange_on_new_connection(std::uint16_t port);

// Connects, reads what the door says, closes; false if it said nothing.
bool raw_knock(std::uint16_t port);

}  // namespace rmi::bench
