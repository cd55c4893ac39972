#include "stage1_rpc/rpc/function_server.hpp"

#include "stage1_rpc/core/printable.hpp"

namespace rmi {

namespace {
constexpr std::size_t kMaxNameLength = 256;
constexpr std::size_t kMaxSignatureLength = 4096;
}  // namespace

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
  std::string name, signature;
  in >> name >> signature;
  // Both go into logs and messages: they must be plain, short text (see core/printable.hpp).
  if (!is_plain_text(name, kMaxNameLength) || !is_plain_text(signature, kMaxSignatureLength)) {
    throw ProtocolError("refused a call of '" + printable(name) + " " + printable(signature) +
                        "': a name and a signature must be printable text of at most " +
                        std::to_string(kMaxNameLength) + " and " +
                        std::to_string(kMaxSignatureLength) + " characters");
  }
  request.what = name + " " + signature;

  const Handler& handler = table_.find(name, signature);
  OutArchive out(request.reply);
  handler(in, out);  // checks, before the call, that the payload held exactly the arguments
}

}  // namespace rmi
