#include "stage1_rpc/net/socket.hpp"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

Socket::Socket(int fd, Endpoint peer) : fd_(fd), peer_(std::move(peer)) {}

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), peer_(std::move(other.peer_)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    peer_ = std::move(other.peer_);
  }
  return *this;
}

Socket::~Socket() {
  close();
}

void Socket::close() {
  // close() is not retried on EINTR: on Linux the descriptor is released either way.
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

void Socket::shutdown_read() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RD);
}

void Socket::shutdown_both() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void Socket::set_no_delay() {
  const int on = 1;
  detail::check_syscall("setsockopt TCP_NODELAY", [&] {
    return ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  });
}

Socket connect_to(const Endpoint& server, const Deadline& deadline, const std::string& local_host) {
  const sockaddr_in address = resolve(server, deadline);
  const std::string what = "connect to " + server.to_string();
  // Non-blocking from the start: connect() returns at once and poll() waits for the outcome,
  // for no longer than the deadline (a blocking connect can wait minutes for a silent host).
  Socket socket(
      detail::check_syscall(
          "socket",
          [] { return ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0); }),
      server);
  if (!local_host.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, local_host.c_str(), &local.sin_addr) != 1) {
      throw Error("'" + local_host + "' is not a numeric IPv4 address to connect from");
    }
    detail::check_syscall("bind to " + local_host, [&] {
      return ::bind(socket.fd(), reinterpret_cast<const sockaddr*>(&local), sizeof local);
    });
  }

  const int started =
      ::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
  if (started == -1 && errno != EINPROGRESS && errno != EINTR) {
    detail::throw_system_error(what, errno);
  }
  if (started == -1) {
    pollfd waiting{socket.fd(), POLLOUT, 0};
    const int left = deadline.remaining_ms();
    if (left == 0 ||
        detail::check_syscall("poll", [&] { return ::poll(&waiting, 1, left); }) == 0) {
      throw Timeout(what + ": no answer within " + std::to_string(deadline.limit().count()) +
                    " ms");
    }
    // Writable without an error: connected. A failed connect shows as POLLERR (or POLLHUP), and
    // SO_ERROR then says why; asking only then saves a system call on every connect.
    if ((waiting.revents & (POLLERR | POLLHUP)) != 0) {
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
      detail::throw_system_error(what, error != 0 ? error : ECONNRESET);
    }
  }
  socket.set_no_delay();
  return socket;
}

}  // namespace rmi
