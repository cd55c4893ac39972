#include "stage1_rpc/core/log.hpp"

#include <unistd.h>

#include <cerrno>

#include "stage1_rpc/core/printable.hpp"

namespace rmi {

Logger log_to_stderr(std::string prefix) {
  return [prefix = std::move(prefix)](std::string_view line) {
    std::string text = "[" + prefix + "] ";
    text += one_line(line);  // a newline from a peer's text cannot start a line of its own
    text.push_back('\n');
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t wrote = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
      if (wrote <= 0 && errno != EINTR) return;  // nowhere to log to: give up quietly
      if (wrote > 0) done += static_cast<std::size_t>(wrote);
    }
  };
}

}  // namespace rmi
