#pragma once
// The toolkit's exceptions: one hierarchy under rmi::Error, so a caller can catch everything the
// toolkit throws with one handler, or pick out the one case it can do something about.
// Every message says what was asked, of whom, and where.      See lectures/1-rpc.md#errors
//
//   Error
//   ├── NotFound            a name nobody bound (stage 1: NoSuchFunction; later stages add more)
//   ├── BadArguments        the call's signature does not match what is bound
//   ├── ProtocolError       the bytes on the wire are not a valid frame or payload
//   ├── ConnectionError     connecting, sending or receiving failed, or the peer hung up
//   ├── Timeout             no connection or reply within the allowed time
//   ├── AccessDenied        the server refused this client (its address or its token)
//   └── NotImplemented      an exercise of the handout that is still to be written
#include <stdexcept>
#include <string>
#include <string_view>

namespace rmi {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NotFound : public Error {
 public:
  using Error::Error;
};

class NoSuchFunction : public NotFound {
 public:
  using NotFound::NotFound;
};

class BadArguments : public Error {
 public:
  using Error::Error;
};

class ProtocolError : public Error {
 public:
  using Error::Error;
};

class ConnectionError : public Error {
 public:
  using Error::Error;
};

class Timeout : public Error {
 public:
  using Error::Error;
};

// The server's own words on why it refused us: retrying will not help.
class AccessDenied : public Error {
 public:
  using Error::Error;
};

// Thrown by the body of every exercise in the handout. The grader recognises its message.
class NotImplemented : public Error {
 public:
  NotImplemented(std::string_view exercise, std::string_view function, std::string_view section)
      : Error("not implemented: exercise " + std::string(exercise) + " (" + std::string(function) +
              ") — see " + std::string(section)) {}
};

}  // namespace rmi
