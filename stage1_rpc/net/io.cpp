#include "stage1_rpc/net/io.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

namespace {

// Waits until the socket can be read (POLLIN) or written (POLLOUT), or the deadline passes.
// POLLHUP and POLLERR end the wait too: the recv() or send() that follows reports them.
void wait_until_ready(const Socket& socket, short events, const Deadline& deadline) {
  pollfd waiting{socket.fd(), events, 0};
  const int left = deadline.remaining_ms();
  if (left > 0 && detail::check_syscall("poll", [&] { return ::poll(&waiting, 1, left); }) > 0) {
    return;
  }
  const std::string limit = std::to_string(deadline.limit().count()) + " ms";
  if (events == POLLOUT) {
    throw Timeout("sending to " + socket.peer().to_string() + " did not finish within " + limit +
                  ": the peer is not reading");
  }
  throw Timeout(deadline.started()
                    ? "receiving from " + socket.peer().to_string() + " did not finish within " +
                          limit
                    : "nothing received from " + socket.peer().to_string() + " within " + limit);
}

}  // namespace

std::size_t read_some(Socket& socket, std::span<char> buffer, Deadline& deadline) {
  for (;;) {
    // recv() does the waiting itself, for no longer than the deadline has left; once that is
    // nothing, it takes only what is there (MSG_DONTWAIT).
    const std::chrono::microseconds left = deadline.remaining();
    if (left.count() > 0) socket.limit_receive_wait(left);
    const ssize_t got = detail::retry_on_eintr([&] {
      return ::recv(socket.fd(), buffer.data(), buffer.size(), left.count() > 0 ? 0 : MSG_DONTWAIT);
    });
    if (got > 0) {
      deadline.start();
      return static_cast<std::size_t>(got);
    }
    if (got == 0) return 0;  // the peer closed its side
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      detail::throw_system_error("receive from " + socket.peer().to_string(), errno);
    }
    // Nothing came. Either the deadline has passed (poll() then says so in a Timeout), or the
    // timeout, kept in whole milliseconds, ended the wait a little before it: wait out the rest.
    wait_until_ready(socket, POLLIN, deadline);
  }
}

std::size_t read_exact(Socket& socket, std::span<char> buffer, Deadline& deadline) {
  std::size_t done = 0;
  while (done < buffer.size()) {
    const std::size_t got = read_some(socket, buffer.subspan(done), deadline);
    if (got == 0) break;
    done += got;
  }
  return done;
}

void write_all(Socket& socket, std::span<const char> bytes, Deadline deadline) {
  deadline.start();  // sending begins now
  std::size_t done = 0;
  while (done < bytes.size()) {
    // MSG_NOSIGNAL: writing to a closed connection returns EPIPE instead of killing the process.
    const ssize_t sent = detail::retry_on_eintr([&] {
      return ::send(socket.fd(), bytes.data() + done, bytes.size() - done,
                    MSG_NOSIGNAL | MSG_DONTWAIT);
    });
    if (sent >= 0) {
      done += static_cast<std::size_t>(sent);
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      detail::throw_system_error("send to " + socket.peer().to_string(), errno);
    }
    wait_until_ready(socket, POLLOUT, deadline);
  }
}

namespace {

// Looks at the next byte without taking it or waiting: 1 if one is there, 0 at end of stream,
// -1 with errno otherwise (EAGAIN: nothing yet).
ssize_t peek_a_byte(const Socket& socket) {
  char byte;
  return detail::retry_on_eintr(
      [&] { return ::recv(socket.fd(), &byte, 1, MSG_PEEK | MSG_DONTWAIT); });
}

}  // namespace

bool is_quiet(const Socket& socket) {
  const ssize_t got = peek_a_byte(socket);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

bool peer_has_closed(const Socket& socket) {
  const ssize_t got = peek_a_byte(socket);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

}  // namespace rmi
