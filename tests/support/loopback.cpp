#include "tests/support/loopback.hpp"

#include <sys/socket.h>

#include <stdexcept>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/wire/frame.hpp"

namespace rmi::test {

std::pair<Socket, Socket> socket_pair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error("socketpair failed");
  }
  return {Socket(fds[0], {"pair", 0}), Socket(fds[1], {"pair", 1})};
}

Socket raw_connect(const Endpoint& server, const std::string& local_host) {
  return connect_to(server, patience(), local_host);
}

void send_raw(Socket& socket, std::string_view bytes) {
  write_all(socket, bytes, patience());
}

std::optional<Frame> receive_frame(Socket& socket, const FrameLimits& limits) {
  return read_frame(socket, limits, patience());
}

std::string frame_bytes(MessageKind kind, std::string_view payload) {
  const auto header = encode_header({kind, static_cast<std::uint32_t>(payload.size())});
  return std::string(header.begin(), header.end()) + std::string(payload);
}

bool closed_by_peer(Socket& socket) {
  char scratch[4096];
  Deadline deadline = patience();
  try {
    while (read_some(socket, scratch, deadline) > 0) {
    }
    return true;
  } catch (const Timeout&) {
    return false;
  } catch (const ConnectionError&) {
    return true;  // reset by the peer
  }
}

bool closed_by_peer_now(Socket& socket) {
  char scratch[4096];
  const ssize_t got = ::recv(socket.fd(), scratch, sizeof scratch, MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

Logger LogCollector::logger() {
  return [this](std::string_view line) {
    std::scoped_lock lock(mutex_);
    lines_.emplace_back(line);
    changed_.notify_all();
  };
}

std::string LogCollector::wait_for(std::string_view text) {
  std::unique_lock lock(mutex_);
  std::string found;
  changed_.wait_for(lock, kPatience, [&] {
    for (const auto& line : lines_) {
      if (line.find(text) != std::string::npos) {
        found = line;
        return true;
      }
    }
    return false;
  });
  return found;
}

std::vector<std::string> LogCollector::lines() {
  std::scoped_lock lock(mutex_);
  return lines_;
}

}  // namespace rmi::test
