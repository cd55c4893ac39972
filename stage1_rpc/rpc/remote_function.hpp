#pragma once
// Calling a remote function as if it were local: the lecture's RemoteFunction, typed.
//                                                          See lectures/1-rpc.md#the-client
//
//   auto server = std::make_shared<rmi::Connection>(rmi::Endpoint{"calc-host", 50000});
//   rmi::RemoteFunction<int(int, int)> add(server, "add");
//   int sum = add(100, 222);                               // 322, computed on calc-host
//
//   int product = rmi::call<int>(*server, "mul", 111, 9);  // the quick form: types from the
//                                                          // arguments, result type given
// This header instantiates Boost archives; include it from .cpp files only.
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "stage1_rpc/exercises/rmi1a_pack_call.hpp"
#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/wire/marshallable.hpp"

namespace rmi {

namespace detail {

// Marshals one call, sends it and unmarshals the result.
template <class R, class... Args>
R call_with_signature(Connection& server, const std::string& name, const std::string& signature,
                      const Args&... args) {
  OutFrame request(MessageKind::Call, server.options().limits);
  {
    OutArchive out(request);
    out << name << signature;
    pack_arguments(out, as_wire_value(args)...);
  }
  const Frame reply = server.call(request, name, signature);
  try {
    InArchive in(reply.payload);
    if constexpr (std::is_void_v<R>) {
      in.expect_end("the reply");
    } else {
      R result;
      in >> result;
      in.expect_end("the reply");
      return result;
    }
  } catch (const std::exception& e) {
    throw_malformed_reply(server, name, e);
  }
}

}  // namespace detail

// The quick, untyped form: the signature comes from the arguments as given (text becomes
// std::string), so call<int>(server, "add", 1, 2) calls add int(int, int).
template <class R = void, class... Args>
R call(Connection& server, std::string_view name, const Args&... args) {
  if constexpr (check_marshallable<R, WireType<Args>...>()) {
    static const std::string signature = signature_of<R, WireType<Args>...>();
    return detail::call_with_signature<R>(server, std::string(name), signature, args...);
  }
}

template <class Signature>
class RemoteFunction;

// A stand-in for one remote function with a fixed signature: its arguments convert like a
// local function's, and the signature is worked out once, when the proxy is made.
template <class R, class... Args>
class RemoteFunction<R(Args...)> {
  static constexpr bool kCallable = check_marshallable<R, std::remove_cvref_t<Args>...>();

 public:
  RemoteFunction(std::shared_ptr<Connection> server, std::string name)
      : server_(std::move(server)),
        name_(std::move(name)),
        signature_(signature_of<R, std::remove_cvref_t<Args>...>()) {}

  R operator()(const std::remove_cvref_t<Args>&... args) const {
    if constexpr (kCallable)
      return detail::call_with_signature<R>(*server_, name_, signature_, args...);
  }

  const std::string& name() const { return name_; }
  const std::string& signature() const { return signature_; }

 private:
  std::shared_ptr<Connection> server_;
  std::string name_;
  std::string signature_;
};

}  // namespace rmi
