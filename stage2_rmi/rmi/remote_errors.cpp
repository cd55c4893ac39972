#include "stage2_rmi/rmi/remote_errors.hpp"

#include <map>
#include <mutex>

#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/errors.hpp"

namespace rmi {

namespace {

template <class E>
void throw_as(const std::string& message, const std::string& where) {
  throw E(message + " (raised by " + where + ")");
}

struct Registry {
  std::mutex mutex;
  // Stage 1's refusals and failures, and stage 2's: the toolkit's own, known from the start.
  std::map<std::string, RemoteThrower, std::less<>> throwers = {
      {"rmi::NoSuchFunction", throw_as<NoSuchFunction>},
      {"rmi::BadArguments", throw_as<BadArguments>},
      {"rmi::ProtocolError", throw_as<ProtocolError>},
      {"rmi::ConnectionError", throw_as<ConnectionError>},
      {"rmi::Timeout", throw_as<Timeout>},
      {"rmi::NoSuchObject", throw_as<NoSuchObject>},
      {"rmi::NoSuchMethod", throw_as<NoSuchMethod>},
  };
};

// Built on first use, so that any stage may register from anywhere, even a static initializer.
Registry& registry() {
  static Registry shared;
  return shared;
}

}  // namespace

void register_remote_error(std::string type, RemoteThrower thrower) {
  Registry& known = registry();
  std::scoped_lock lock(known.mutex);
  known.throwers[std::move(type)] = thrower;
}

RemoteThrower remote_error_thrower(std::string_view type) {
  Registry& known = registry();
  std::scoped_lock lock(known.mutex);
  const auto found = known.throwers.find(type);
  return found == known.throwers.end() ? nullptr : found->second;
}

}  // namespace rmi
