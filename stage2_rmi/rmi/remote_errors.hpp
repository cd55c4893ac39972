#pragma once
// The toolkit's error types that travel: a caller gets them back as themselves, not as a
// RemoteError. A reply carries only an exception's type name and message (RMI.2), so the caller
// can rebuild a type only if it knows that name; this is the list it knows, besides the standard
// exceptions. Stage 2 puts stage 1's and its own errors on it; each later stage adds its own:
//
//   register_remote_error<NoSuchClass>();          // once, before such an error can arrive
//
// A registered error arrives with its message followed by the call and the server:
// "no exporter has declared the class demo::Circle (raised by 'find_class ...' at host:port)".
// Shared by every thread of a process: one mutex.          See lectures/2-rmi.md#rmi2
#include <string>
#include <string_view>

#include "stage1_rpc/wire/type_name.hpp"

namespace rmi {

// Throws the error `message` describes, raised by the call `where`.
using RemoteThrower = void (*)(const std::string& message, const std::string& where);

void register_remote_error(std::string type, RemoteThrower thrower);

// The thrower of a registered type, or nullptr.
RemoteThrower remote_error_thrower(std::string_view type);

template <class E>
void register_remote_error() {
  register_remote_error(type_name<E>(), [](const std::string& message, const std::string& where) {
    throw E(message + " (raised by " + where + ")");
  });
}

}  // namespace rmi
