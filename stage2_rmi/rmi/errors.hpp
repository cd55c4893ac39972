#pragma once
// The errors stage 2 adds to the hierarchy of stage1_rpc/core/error.hpp: calls now name an
// object and a method, and an exception thrown by the server's code travels back.
//                                                          See lectures/2-rmi.md#errors
#include <string>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

class NoSuchObject : public NotFound {
 public:
  using NotFound::NotFound;
};

class NoSuchMethod : public NotFound {
 public:
  using NotFound::NotFound;
};

// An exception thrown by remote code whose type this side does not know (not one of the
// standard exceptions, not one of the toolkit's): its type and message as the server saw
// them, and the call that raised it.
class RemoteError : public Error {
 public:
  RemoteError(std::string type, std::string message, std::string where)
      : Error(type + ": " + message + " (raised by " + where + ")"),
        type_(std::move(type)),
        message_(std::move(message)) {}

  const std::string& remote_type() const { return type_; }
  const std::string& remote_message() const { return message_; }

 private:
  std::string type_;
  std::string message_;
};

}  // namespace rmi
