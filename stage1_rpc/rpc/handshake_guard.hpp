#pragma once
// Slows down guessing of handshake tokens. Without it a client can try a token, be refused,
// connect again and try the next, about 1,500 times a second. Each failed handshake from a host
// doubles the pause before that host's next connection is even looked at (from 50 ms up to 5 s);
// a connection that comes during the pause is refused at once, on the accepting thread, so the
// guesser costs the server one small write. A success clears the host's record.
// Shared by connection threads and the accept thread: one mutex.  See lectures/1-rpc.md#access
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace rmi {

class HandshakeGuard {
 public:
  using Clock = std::chrono::steady_clock;

  // How long `host` must still wait before it may try again, or nothing.
  std::optional<std::chrono::milliseconds> pause_left(const std::string& host);
  void failed(const std::string& host);
  void succeeded(const std::string& host);

  static constexpr std::chrono::milliseconds kFirstPause{50};
  static constexpr std::chrono::milliseconds kLongestPause{5'000};
  // Hosts remembered at most; the oldest record goes first, so memory stays bounded.
  static constexpr std::size_t kMaxHosts = 4096;

 private:
  struct Record {
    int failures = 0;
    Clock::time_point until;
  };
  std::mutex mutex_;
  std::map<std::string, Record> hosts_;  // guarded by mutex_
};

}  // namespace rmi
