#include "stage1_rpc/core/log.hpp"

#include <unistd.h>

namespace rmi {

Logger log_to_stderr(std::string prefix) {
  return [prefix = std::move(prefix)](std::string_view line) {
    std::string text = "[" + prefix + "] ";
    text.append(line);
    text.push_back('\n');
    // One write(2) per line: atomic enough that concurrent lines stay whole.
    [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, text.data(), text.size());
  };
}

}  // namespace rmi
