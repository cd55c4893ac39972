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
#include <string>

#include "stage1_rpc/rpc/bind.hpp"
#include "stage1_rpc/rpc/function_table.hpp"
#include "stage1_rpc/rpc/server.hpp"

namespace rmi {

class FunctionServer {
 public:
  explicit FunctionServer(ServerOptions options = {});

  // Binds any callable with a fixed signature: a function, a lambda, a std::function. Its
  // parameters and result must be Marshallable. Bind everything before start().
  template <class Function>
  void bind(std::string name, Function function) {
    check_not_started(name);
    bind_callable(table_, std::move(name), std::move(function));
  }

  void start();
  // Stopping, as Server does it (server.hpp): request_stop() from anywhere, even a bound function.
  void request_stop() { server_.request_stop(); }
  StopReport stop() { return server_.stop(); }
  std::stop_token stop_token() const { return server_.stop_token(); }
  const Endpoint& endpoint() const { return server_.endpoint(); }

 private:
  void check_not_started(const std::string& name) const;
  void handle(Request& request) const;

  FunctionTable table_;
  Server server_;
  bool started_ = false;
};

}  // namespace rmi
