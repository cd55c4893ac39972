#include "stage1_rpc/net/listener.hpp"

#include <poll.h>
#include <sys/socket.h>

#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

Listener::Listener(const Endpoint& address, int backlog, Waiting waiting) : waiting_(waiting) {
  // A name to listen on is looked up once, at start: a few seconds are plenty.
  const sockaddr_in wanted = resolve(address, Deadline::after(std::chrono::seconds(5)));
  const std::string what = "listen on " + address.to_string();
  const int blocking = waiting == Waiting::InAccept ? 0 : SOCK_NONBLOCK;
  socket_ = Socket(
      detail::check_syscall(
          "socket", [&] { return ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | blocking, 0); }),
      address);
  // Lets a restarted server bind its port again at once, while old connections linger.
  const int on = 1;
  ::setsockopt(socket_.fd(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  detail::check_syscall(what, [&] {
    return ::bind(socket_.fd(), reinterpret_cast<const sockaddr*>(&wanted), sizeof wanted);
  });
  socket_.set_no_delay();  // for every connection it accepts
  detail::check_syscall(what, [&] { return ::listen(socket_.fd(), backlog); });

  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket_.fd(), reinterpret_cast<sockaddr*>(&bound), &length);
  endpoint_ = to_endpoint(bound);

  int pair[2];
  detail::check_syscall("socketpair",
                        [&] { return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair); });
  wake_reader_ = Socket(pair[0], endpoint_);
  wake_writer_ = Socket(pair[1], endpoint_);
}

std::optional<Socket> Listener::accept() {
  for (;;) {
    if (waiting_ == Waiting::InPoll) {
      pollfd waiting[2] = {{socket_.fd(), POLLIN, 0}, {wake_reader_.fd(), POLLIN, 0}};
      detail::check_syscall("poll", [&] { return ::poll(waiting, 2, -1); });
      if (waiting[1].revents != 0) return std::nullopt;
    } else if (interrupted_) {
      return std::nullopt;
    }
    // Waiting in poll(), another thread may have taken it meanwhile (try_accept); waiting in
    // accept(), the listening socket's receive timeout, which accept() obeys too, may have run
    // out, or interrupt() has woken it. Either way, look again.
    if (std::optional<Socket> client = accept_one()) return client;
  }
}

std::optional<Socket> Listener::try_accept() {
  if (waiting_ == Waiting::InAccept) return std::nullopt;  // it would wait: see listener.hpp
  return accept_one();
}

// One accept4(): a connection, or nothing if none was waiting (or the wait ended without one).
// The connection it gives blocks, for no longer than io.hpp lets it.
std::optional<Socket> Listener::accept_one() {
  for (;;) {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    const int fd = detail::retry_on_eintr([&] {
      return ::accept4(socket_.fd(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    });
    if (fd >= 0) return Socket(fd, to_endpoint(peer), socket_.receive_limit());
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::nullopt;
    // The client gave up before we took it: look for the next one.
    if (errno == ECONNABORTED || errno == EPROTO) continue;
    // interrupt() shut the socket while accept() waited in it.
    if (errno == EINVAL && interrupted_) return std::nullopt;
    detail::throw_system_error("accept on " + endpoint_.to_string(), errno);
  }
}

void Listener::interrupt() {
  interrupted_ = true;
  const char bell = 1;
  [[maybe_unused]] auto ignored = ::send(wake_writer_.fd(), &bell, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  // Linux wakes an accept() that waits in the kernel when its socket is shut; the socket stops
  // listening then, as it would at close().
  if (waiting_ == Waiting::InAccept) ::shutdown(socket_.fd(), SHUT_RD);
}

bool Listener::wait_for_interrupt(std::chrono::milliseconds pause) {
  pollfd waiting{wake_reader_.fd(), POLLIN, 0};
  return detail::retry_on_eintr(
             [&] { return ::poll(&waiting, 1, static_cast<int>(pause.count())); }) == 1;
}

}  // namespace rmi
