#include "stage1_rpc/rpc/function_server.hpp"

#include "stage1_rpc/rpc/call_name.hpp"

namespace rmi {

FunctionServer::FunctionServer(ServerOptions options)
    : server_(std::move(options), [this](Request& request) { handle(request); }) {}

void FunctionServer::start() {
  started_ = true;
  server_.start();
}

void FunctionServer::check_not_started(const std::string& name) const {
  if (started_) {
    throw Error("cannot bind '" + name + "' after start(): bind every function before serving");
  }
}

// The payload of a Call: the function's name, the signature the caller expects, then the
// arguments, which the bound function's handler reads itself.
void FunctionServer::handle(Request& request) const {
  if (request.frame.kind != MessageKind::Call) {
    throw ProtocolError("expected a Call frame, got " + to_string(request.frame.kind));
  }
  InArchive in(request.frame.payload);
  const auto [name, signature] = read_call_name(in);
  request.name(name + " " + signature);

  const Handler& handler = table_.find(name, signature);
  OutArchive out(request.reply);
  handler(in, out);  // checks, before the call, that the payload held exactly the arguments
}

}  // namespace rmi
