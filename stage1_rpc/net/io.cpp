#include "stage1_rpc/net/io.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <climits>
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

int Deadline::remaining_ms() const {
  if (!when_) return -1;
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(*when_ - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
}

namespace {

// Waits until the socket can be read (POLLIN) or written (POLLOUT), or the deadline passes.
void wait_until_ready(Socket& socket, short events, const Deadline& deadline, const char* what) {
  const int left = deadline.remaining_ms();
  if (left == -1) return;  // no deadline: the socket's own timeout bounds the next call
  pollfd waiting{socket.fd(), events, 0};
  if (left == 0 || detail::retry_on_eintr([&] { return ::poll(&waiting, 1, left); }) == 0) {
    throw Timeout(std::string(what) + " " + socket.peer().to_string() + " did not finish within " +
                  std::to_string(deadline.limit().count()) + " ms");
  }
}

}  // namespace

std::size_t read_exact(Socket& socket, std::span<char> buffer, Deadline& deadline) {
  std::size_t done = 0;
  bool slow = false;
  while (done < buffer.size()) {
    if (slow) wait_until_ready(socket, POLLIN, deadline, "receiving from");
    const ssize_t got = detail::retry_on_eintr(
        [&] { return ::recv(socket.fd(), buffer.data() + done, buffer.size() - done, 0); });
    if (got == 0) break;  // the peer closed its side
    if (got == -1) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw Timeout("nothing received from " + socket.peer().to_string() + " within " +
                      std::to_string(socket.receive_timeout().count()) + " ms");
      }
      detail::throw_system_error("receive from " + socket.peer().to_string(), errno);
    }
    deadline.start();
    done += static_cast<std::size_t>(got);
    slow = true;  // if the loop goes round again, this read came up short
  }
  return done;
}

std::size_t read_exact(Socket& socket, std::span<char> buffer) {
  Deadline none = Deadline::none();
  return read_exact(socket, buffer, none);
}

void write_all(Socket& socket, std::span<const char> bytes, Deadline deadline) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    if (done > 0) wait_until_ready(socket, POLLOUT, deadline, "sending to");
    // MSG_NOSIGNAL: writing to a closed connection returns EPIPE instead of killing the process.
    const ssize_t sent = detail::retry_on_eintr([&] {
      return ::send(socket.fd(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    });
    if (sent == -1) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw Timeout("send to " + socket.peer().to_string() + " blocked: the peer is not reading");
      }
      detail::throw_system_error("send to " + socket.peer().to_string(), errno);
    }
    deadline.start();
    done += static_cast<std::size_t>(sent);
  }
}

}  // namespace rmi
