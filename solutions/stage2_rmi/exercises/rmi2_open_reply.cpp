// EXERCISE RMI.2, client side — open a tagged reply             (lectures/2-rmi.md#rmi2)
// Reference solution.
#include <functional>
#include <map>
#include <stdexcept>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/remote_errors.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

namespace {

using Thrower = std::function<void(const std::string& message)>;

template <class E>
Thrower standard() {
  return [](const std::string& message) { throw E(message); };
}

const std::map<std::string, Thrower, std::less<>>& standard_types() {
  static const std::map<std::string, Thrower, std::less<>> table = {
      {"std::logic_error", standard<std::logic_error>()},
      {"std::invalid_argument", standard<std::invalid_argument>()},
      {"std::domain_error", standard<std::domain_error>()},
      {"std::length_error", standard<std::length_error>()},
      {"std::out_of_range", standard<std::out_of_range>()},
      {"std::runtime_error", standard<std::runtime_error>()},
      {"std::range_error", standard<std::range_error>()},
      {"std::overflow_error", standard<std::overflow_error>()},
      {"std::underflow_error", standard<std::underflow_error>()},
  };
  return table;
}

}  // namespace

void open_reply(InArchive& in, const MethodCall& call, const Endpoint& server) {
  std::uint8_t tag = 0;
  in >> tag;
  if (tag == static_cast<std::uint8_t>(ReplyTag::Value)) return;
  if (tag != static_cast<std::uint8_t>(ReplyTag::Exception)) {
    throw ProtocolError("the reply to " + call.describe(server) + " has an unknown tag " +
                        std::to_string(tag));
  }
  std::string type, message;
  in >> type >> message;
  rethrow_remote(printable(type, 200), printable(message, 4096), call.describe(server));
}

void rethrow_remote(const std::string& type, const std::string& message, const std::string& where) {
  const auto standard_type = standard_types().find(type);
  if (standard_type != standard_types().end()) standard_type->second(message);
  if (const RemoteThrower thrower = remote_error_thrower(type)) thrower(message, where);
  throw RemoteError(type, message, where);
}

}  // namespace rmi
