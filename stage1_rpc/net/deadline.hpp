#pragma once
// When a transfer must be over. A socket's own timeouts (SO_RCVTIMEO, SO_SNDTIMEO) bound each
// single wait, but a peer that sends one byte just before each wait ends could stretch one
// frame forever. A Deadline bounds the whole transfer: read_exact and write_all wait against
// it whenever a transfer has gone slowly (a short read or write).
//
// A server gives a frame `within(idle_timeout)`: the peer may take its time before a frame,
// but once the first byte is in, the rest must follow within the limit. A client gives its
// reply `at(call start + call_timeout)`.                      See lectures/1-rpc.md#sockets
#include <chrono>
#include <optional>

namespace rmi {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  static Deadline none() { return Deadline(); }
  static Deadline at(Clock::time_point when) { return Deadline(when, {}); }
  static Deadline within(std::chrono::milliseconds limit) { return Deadline({}, limit); }

  // The transfer has begun: a `within` deadline starts counting now (once).
  void start() {
    if (!when_ && limit_.count() > 0) when_ = Clock::now() + limit_;
  }
  // Milliseconds left, for poll(): -1 if there is no deadline, 0 if it has passed.
  int remaining_ms() const;
  std::chrono::milliseconds limit() const { return limit_; }

 private:
  Deadline() = default;
  Deadline(std::optional<Clock::time_point> when, std::chrono::milliseconds limit)
      : when_(when), limit_(limit) {}
  std::optional<Clock::time_point> when_;
  std::chrono::milliseconds limit_{0};
};

}  // namespace rmi
