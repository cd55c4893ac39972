#include "stage1_rpc/net/socket.hpp"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <utility>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

Socket::Socket(int fd, Endpoint peer) : fd_(fd), peer_(std::move(peer)) {}

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      peer_(std::move(other.peer_)),
      receive_timeout_(other.receive_timeout_) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    peer_ = std::move(other.peer_);
    receive_timeout_ = other.receive_timeout_;
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

namespace {

timeval to_timeval(std::chrono::milliseconds timeout) {
  if (timeout.count() < 0) throw Error("a timeout cannot be negative");
  return timeval{static_cast<time_t>(timeout.count() / 1000),
                 static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
}

}  // namespace

void Socket::set_receive_timeout(std::chrono::milliseconds timeout) {
  const timeval tv = to_timeval(timeout);
  detail::check_syscall("setsockopt SO_RCVTIMEO",
                        [&] { return ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv); });
  receive_timeout_ = timeout;
}

void Socket::set_send_timeout(std::chrono::milliseconds timeout) {
  const timeval tv = to_timeval(timeout);
  detail::check_syscall("setsockopt SO_SNDTIMEO",
                        [&] { return ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); });
}

void Socket::set_no_delay() {
  const int on = 1;
  detail::check_syscall("setsockopt TCP_NODELAY", [&] {
    return ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  });
}

Socket connect_to(const Endpoint& server, std::chrono::milliseconds timeout) {
  const sockaddr_in address = resolve(server);
  const std::string what = "connect to " + server.to_string();
  Socket socket(
      detail::check_syscall(
          "socket",
          [] { return ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0); }),
      server);

  // A blocking connect() can wait minutes for an unreachable host, so we connect without
  // blocking and wait for the outcome with poll() for at most `timeout`.
  const int started =
      ::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
  if (started == -1 && errno != EINPROGRESS && errno != EINTR) {
    detail::throw_system_error(what, errno);
  }
  if (started == -1) {
    pollfd waiting{socket.fd(), POLLOUT, 0};
    const int wait_ms =
        timeout.count() > 0 ? static_cast<int>(std::min<long long>(timeout.count(), INT_MAX)) : -1;
    const int ready = detail::check_syscall("poll", [&] { return ::poll(&waiting, 1, wait_ms); });
    if (ready == 0) {
      throw Timeout(what + ": no answer within " + std::to_string(timeout.count()) + " ms");
    }
    if (waiting.revents & (POLLERR | POLLHUP)) {  // it failed; SO_ERROR says why
      int error = ECONNREFUSED;
      socklen_t length = sizeof error;
      ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
      detail::throw_system_error(what, error);
    }
  }

  detail::check_syscall("fcntl",
                        [&] { return ::fcntl(socket.fd(), F_SETFL, 0); });  // blocking again
  socket.set_no_delay();
  return socket;
}

}  // namespace rmi
