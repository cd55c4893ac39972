#pragma once
// A server of functions called by name: bind them, start it, and clients anywhere can call
// them.                                                   See lectures/1-rpc.md#the-server
//
//   rmi::FunctionServer server({.address = {"0.0.0.0", 50000}});
//   server.bind("add", [](int a, int b) { return a + b; });
//   server.start();
//
// Stage 1 answers with values only. When a call is refused (unknown name, wrong signature) or
// the function throws, the server logs why and closes that client's connection; the client
// sees a ConnectionError. Sending the error back to the caller is exercise RMI.2 (stage 2).
// This header instantiates Boost archives; include it from .cpp files only.
#include <functional>
#include <string>
#include <type_traits>

#include "stage1_rpc/exercises/rmi1a_pack_call.hpp"
#include "stage1_rpc/exercises/rmi1b_apply_call.hpp"
#include "stage1_rpc/rpc/function_table.hpp"
#include "stage1_rpc/rpc/server.hpp"
#include "stage1_rpc/wire/marshallable.hpp"

namespace rmi {

class FunctionServer {
 public:
  explicit FunctionServer(ServerOptions options = {});

  // Binds any callable with a fixed signature: a function, a lambda, a std::function. Its
  // parameters and result must be Marshallable. Bind everything before start().
  template <class Function>
  void bind(std::string name, Function function) {
    bind_function(std::move(name), std::function{std::move(function)});
  }

  void start();
  void stop() { server_.stop(); }
  const Endpoint& endpoint() const { return server_.endpoint(); }

 private:
  template <class R, class... Args>
  void bind_function(std::string name, std::function<R(Args...)> function) {
    constexpr bool no_out_parameters = ((!std::is_lvalue_reference_v<Args> ||
                                         std::is_const_v<std::remove_reference_t<Args>>)&&...);
    static_assert(no_out_parameters,
                  "rmi: a bound function cannot change its caller's arguments; take parameters "
                  "by value or by const reference");
    if constexpr (check_marshallable<R, Args...>() && no_out_parameters) {
      check_not_started(name);
      table_.bind(std::move(name), signature_of<R, std::remove_cvref_t<Args>...>(),
                  [function = std::move(function)](InArchive& in, OutArchive& out) {
                    apply_call(function, in, out);
                  });
    }
  }

  void check_not_started(const std::string& name) const;
  void handle(Request& request) const;

  FunctionTable table_;
  Server server_;
  bool started_ = false;
};

}  // namespace rmi
