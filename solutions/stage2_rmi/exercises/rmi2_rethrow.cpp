// EXERCISE RMI.2, client side — rethrow what the server threw       (lectures/2-rmi.md#rmi2)
// Reference solution.
#include <functional>
#include <map>
#include <stdexcept>

#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

namespace {

using Thrower = std::function<void(const std::string& message, const std::string& where)>;

template <class E>
Thrower standard() {
  return [](const std::string& message, const std::string&) { throw E(message); };
}

template <class E>
Thrower toolkit() {
  return [](const std::string& message, const std::string& where) {
    throw E(message + " (" + where + ")");
  };
}

const std::map<std::string, Thrower, std::less<>>& throwers() {
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
      {"rmi::NoSuchObject", toolkit<NoSuchObject>()},
      {"rmi::NoSuchMethod", toolkit<NoSuchMethod>()},
      {"rmi::NoSuchFunction", toolkit<NoSuchFunction>()},
      {"rmi::BadArguments", toolkit<BadArguments>()},
      {"rmi::ProtocolError", toolkit<ProtocolError>()},
      {"rmi::Timeout", toolkit<Timeout>()},
      {"rmi::ConnectionError", toolkit<ConnectionError>()},
  };
  return table;
}

}  // namespace

void rethrow_remote(const std::string& type, const std::string& message, const std::string& where) {
  const auto found = throwers().find(type);
  if (found != throwers().end()) found->second(message, where);
  throw RemoteError(type, message, where);
}

}  // namespace rmi
