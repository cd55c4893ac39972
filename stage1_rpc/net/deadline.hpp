#pragma once
// When a transfer must be over. Every wait of the toolkit — connecting, sending, receiving — is
// bounded by what a Deadline has left when the wait begins, so a peer that sends one byte just
// before each wait would end, or whole chunks just before it, still cannot stretch a frame or a
// call past its limit.
//
// Two kinds, for the two sides of a conversation:
//   after(limit)   the client's call: over `limit` from now, whatever it waits for on the way
//                  (connecting, sending the call, the reply).
//   within(limit)  the server's frame: the peer may stay silent for up to `limit` before a
//                  frame (the idle timeout), and once its first byte is in, the rest must follow
//                  within `limit` of it.
// There is no "forever": a limit must be positive.           See lectures/1-rpc.md#sockets
#include <chrono>
#include <optional>

namespace rmi {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  static Deadline after(std::chrono::milliseconds limit);
  static Deadline at(Clock::time_point when, std::chrono::milliseconds limit);
  static Deadline within(std::chrono::milliseconds limit);

  // The transfer has begun: a `within` deadline starts counting now (once).
  void start() {
    if (!when_) when_ = Clock::now() + limit_;
  }
  bool started() const { return when_.has_value(); }
  // Milliseconds left for the next wait, for poll(): 0 once the deadline has passed.
  int remaining_ms() const;
  // The same to the microsecond, for the socket's own timeouts (socket.hpp): 0 once passed.
  std::chrono::microseconds remaining() const;
  bool passed() const { return remaining_ms() == 0; }
  // The time allowed in all, for messages ("did not finish within 2000 ms").
  std::chrono::milliseconds limit() const { return limit_; }

 private:
  Deadline(std::optional<Clock::time_point> when, std::chrono::milliseconds limit);
  std::optional<Clock::time_point> when_;
  std::chrono::milliseconds limit_;
};

}  // namespace rmi
