#pragma once
// Every system call of the toolkit goes through these two helpers. A call that fails with EINTR
// (a signal arrived while it waited) is simply repeated, here and nowhere else; any other failure
// becomes a ConnectionError that names the call, what it was for and errno's text, e.g.
//   "connect to 10.0.0.5:7000: Connection refused".
#include <cerrno>
#include <string_view>

namespace rmi::detail {

[[noreturn]] void throw_system_error(std::string_view what, int error_number);

// Runs `call` again for as long as it fails with EINTR; returns its last result.
template <class Call>
auto retry_on_eintr(Call call) {
  auto result = call();
  while (result == -1 && errno == EINTR)
    result = call();
  return result;
}

// For calls where -1 is always an error: returns the result, or throws.
template <class Call>
auto check_syscall(std::string_view what, Call call) {
  auto result = retry_on_eintr(call);
  if (result == -1) throw_system_error(what, errno);
  return result;
}

}  // namespace rmi::detail
