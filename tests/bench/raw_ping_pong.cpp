#include "tests/bench/raw_ping_pong.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace rmi::bench {

namespace {

constexpr std::size_t kPayload = 16;

bool read_all(int fd, char* into, std::size_t count) {
  while (count > 0) {
    const ssize_t got = ::read(fd, into, count);
    if (got <= 0) return false;
    into += got;
    count -= static_cast<std::size_t>(got);
  }
  return true;
}

bool write_all(int fd, const char* from, std::size_t count) {
  while (count > 0) {
    const ssize_t sent = ::send(fd, from, count, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    from += sent;
    count -= static_cast<std::size_t>(sent);
  }
  return true;
}

// Reads one length-prefixed message and sends it back. False at end of stream.
bool echo_one(int fd) {
  char message[4 + kPayload];
  if (!read_all(fd, message, 4)) return false;
  std::uint32_t length = 0;
  std::memcpy(&length, message, 4);
  length = ntohl(length);
  if (length != kPayload || !read_all(fd, message + 4, length)) return false;
  return write_all(fd, message, sizeof message);
}

void request_reply(int fd) {
  char message[4 + kPayload] = {};
  const std::uint32_t length = htonl(kPayload);
  std::memcpy(message, &length, 4);
  if (!write_all(fd, message, sizeof message)) throw std::runtime_error("raw send failed");
  char reply[4 + kPayload];
  if (!read_all(fd, reply, 4) || !read_all(fd, reply + 4, kPayload)) {
    throw std::runtime_error("raw receive failed");
  }
}

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("raw connect failed");
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

}  // namespace

RawAcceptor::RawAcceptor(std::function<void(int fd)> take) : take_(std::move(take)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("raw listen failed");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::jthread([this] { accept_loop(); });
}

RawAcceptor::~RawAcceptor() {
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  thread_.join();
  ::close(listen_fd_);
}

void RawAcceptor::accept_loop() {
  for (;;) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0 && (errno == ECONNABORTED || errno == EINTR)) continue;  // that client gave up
    if (fd < 0) return;                                                 // shut down
    take_(fd);
  }
}

RawServer::RawServer(bool persistent)
    : persistent_(persistent), acceptor_([this](int fd) { take(fd); }) {}

void RawServer::take(int fd) {
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  if (persistent_) {
    connections_.emplace_back([fd] {
      while (echo_one(fd)) {
      }
      ::close(fd);
    });
  } else {
    echo_one(fd);
    ::close(fd);
  }
}

RawDoor::RawDoor(std::string answer)
    : answer_(std::move(answer)), acceptor_([this](int fd) {
        ::send(fd, answer_.data(), answer_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(fd);
      }) {}

RawClient::RawClient(std::uint16_t port) : fd_(connect_loopback(port)) {}
RawClient::~RawClient() {
  ::close(fd_);
}
void RawClient::exchange() {
  request_reply(fd_);
}

void raw_exchange_on_new_connection(std::uint16_t port) {
  const int fd = connect_loopback(port);
  request_reply(fd);
  ::close(fd);
}

bool raw_knock(std::uint16_t port) {
  const int fd = connect_loopback(port);
  char answer[512];
  const bool heard = ::read(fd, answer, sizeof answer) > 0;
  ::close(fd);
  return heard;
}

}  // namespace rmi::bench
