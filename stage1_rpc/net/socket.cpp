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

namespace {

void set_timeout(int fd, int option, std::chrono::microseconds limit) {
  using namespace std::chrono_literals;
  const timeval timeout{.tv_sec = limit / 1s, .tv_usec = (limit % 1s).count()};
  detail::check_syscall(
      option == SO_RCVTIMEO ? "setsockopt SO_RCVTIMEO" : "setsockopt SO_SNDTIMEO",
      [&] { return ::setsockopt(fd, SOL_SOCKET, option, &timeout, sizeof timeout); });
}

}  // namespace

Socket::Socket(int fd, Endpoint peer, std::chrono::microseconds receive_limit)
    : fd_(fd), peer_(std::move(peer)), receive_limit_(receive_limit) {}

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      peer_(std::move(other.peer_)),
      receive_limit_(other.receive_limit_) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    peer_ = std::move(other.peer_);
    receive_limit_ = other.receive_limit_;
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

void Socket::limit_receive_wait(std::chrono::microseconds left) {
  using namespace std::chrono_literals;
  if (receive_limit_ > 0us && receive_limit_ <= left && left - receive_limit_ < 1ms) return;
  const std::chrono::microseconds limit =
      left >= 1ms ? std::chrono::floor<std::chrono::milliseconds>(left) : left;
  set_timeout(fd_, SO_RCVTIMEO, limit);
  receive_limit_ = limit;
}

Socket connect_to(const Endpoint& server, const Deadline& deadline, const std::string& local_host) {
  const sockaddr_in address = resolve(server, deadline);
  // Built only for an error: a connection that works never needs to say what it was.
  const auto what = [&] { return "connect to " + server.to_string(); };
  const auto no_answer = [&] {
    return Timeout(what() + ": no answer within " + std::to_string(deadline.limit().count()) +
                   " ms");
  };
  Socket socket(detail::check_syscall(
                    "socket", [] { return ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); }),
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

  // connect() blocks for no longer than the socket's send timeout (a connect without one can wait
  // minutes for a silent host), and fails with EINPROGRESS when it runs out. Sends never block
  // on that timeout: write_all() passes MSG_DONTWAIT and waits in poll().
  const std::chrono::microseconds left = deadline.remaining();
  if (left.count() == 0) throw no_answer();
  set_timeout(socket.fd(), SO_SNDTIMEO, left);
  if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == -1) {
    if (errno == EINPROGRESS) throw no_answer();
    if (errno != EINTR) detail::throw_system_error(what(), errno);
    // Interrupted by a signal, the handshake goes on without us: wait for it in poll().
    pollfd waiting{socket.fd(), POLLOUT, 0};
    const int left_ms = deadline.remaining_ms();
    if (left_ms == 0 ||
        detail::check_syscall("poll", [&] { return ::poll(&waiting, 1, left_ms); }) == 0) {
      throw no_answer();
    }
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) detail::throw_system_error(what(), error);
  }
  socket.set_no_delay();
  return socket;
}

}  // namespace rmi
