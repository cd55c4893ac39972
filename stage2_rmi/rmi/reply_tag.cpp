#include "stage2_rmi/rmi/reply_tag.hpp"

#include <cxxabi.h>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

std::string describe_tagged_reply(const Frame& reply) {
  try {
    InArchive in(reply.payload);
    std::uint8_t tag = 0;
    in >> tag;
    if (tag == static_cast<std::uint8_t>(ReplyTag::Value)) return "value";
    std::string type;
    in >> type;
    return "exception " + printable(type, 200);
  } catch (const Error&) {
    return "(unreadable)";  // the caller's own reading of the reply will say what is wrong
  }
}

std::string current_exception_type() {
  // The C++ runtime knows the type of the exception in flight (Itanium ABI: GCC and Clang).
  const std::type_info* type = abi::__cxa_current_exception_type();
  return type != nullptr ? demangle(type->name()) : "unknown";
}

}  // namespace rmi
