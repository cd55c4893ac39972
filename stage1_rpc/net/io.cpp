#include "stage1_rpc/net/io.hpp"

#include <sys/socket.h>

#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

std::size_t read_exact(Socket& socket, std::span<char> buffer) {
  std::size_t done = 0;
  while (done < buffer.size()) {
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
    done += static_cast<std::size_t>(got);
  }
  return done;
}

void write_all(Socket& socket, std::span<const char> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
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
    done += static_cast<std::size_t>(sent);
  }
}

}  // namespace rmi
