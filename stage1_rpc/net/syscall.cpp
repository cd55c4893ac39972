#include "stage1_rpc/net/syscall.hpp"

#include <cstring>
#include <string>

#include "stage1_rpc/core/error.hpp"

namespace rmi::detail {

void throw_system_error(std::string_view what, int error_number) {
  throw ConnectionError(std::string(what) + ": " + std::strerror(error_number));
}

}  // namespace rmi::detail
