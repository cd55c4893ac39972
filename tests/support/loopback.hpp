#pragma once
// Helpers for tests that talk to the toolkit below its client API: connected socket pairs
// that need no port, raw connections to a server for hand-made (or hostile) bytes, and a log
// collector to wait for what a server logged. Every wait here ends after kPatience (10 s).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stage1_rpc/core/log.hpp"
#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/frame.hpp"

namespace rmi::test {

// How long a test waits for what should come. A passing test never waits it out, so it can be
// generous: ThreadSanitizer and four suites at once on two cores made 2 s too short in CI.
inline constexpr std::chrono::milliseconds kPatience{10'000};

// A deadline kPatience from now, for a test's own reads and writes.
inline Deadline patience() {
  return Deadline::after(kPatience);
}

// Two connected stream sockets (socketpair).
std::pair<Socket, Socket> socket_pair();

// A plain TCP connection to `server` (from `local_host`, if given: e.g. "127.0.0.2").
Socket raw_connect(const Endpoint& server, const std::string& local_host = {});

// Sends bytes as they are: no framing, no checks.
void send_raw(Socket& socket, std::string_view bytes);

// Reads one frame, or nothing at a clean close; waits at most kPatience.
std::optional<Frame> receive_frame(Socket& socket, const FrameLimits& limits = {});

// A whole frame (header + payload) as bytes, to be sent raw or taken apart.
std::string frame_bytes(MessageKind kind, std::string_view payload);

// Waits for the server to close the connection (true), or kPatience to pass (false).
// Any bytes that arrive first are read and thrown away.
bool closed_by_peer(Socket& socket);

// True if the peer has closed the connection already (no waiting).
bool closed_by_peer_now(Socket& socket);

// Collects log lines from any thread; tests wait for a line instead of sleeping.
class LogCollector {
 public:
  Logger logger();
  // Waits up to kPatience for a line containing `text`; returns it, or "" if none came.
  std::string wait_for(std::string_view text);
  std::vector<std::string> lines();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
};

}  // namespace rmi::test
