#include "stage2_rmi/rmi/object_server.hpp"

#include "stage1_rpc/core/printable.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

ObjectServer::ObjectServer(ServerOptions options)
    : functions_(std::make_shared<ExportedObject>()),
      server_(std::move(options), [this](Request& request) { handle(request); }) {
  functions_->interface_name = "functions";
  functions_->class_name = "functions";
  functions_->thread_safe = true;  // free functions guard their own state, as in stage 1
  objects_.add(kFunctions, functions_);
}

void ObjectServer::start() {
  started_ = true;
  server_.start();
}

void ObjectServer::check_not_started(const std::string& name) const {
  if (started_) {
    throw Error("cannot bind '" + name + "' after start(): bind every function before serving");
  }
}

// Whatever happens inside the call becomes a tagged reply (RMI.2); only a frame that is not a
// call at all, or a call header that cannot be read, ends the connection.
void ObjectServer::handle(Request& request) {
  const MessageKind kind = request.frame.kind;
  if (kind != MessageKind::ObjectCall && kind != MessageKind::OneWayCall &&
      kind != MessageKind::Call) {
    throw ProtocolError("expected a call, got a " + to_string(kind) + " frame");
  }
  InArchive in(request.frame.payload);
  const CallHeader call = read_call_header(in, kind);
  request.what = call.describe();
  request.reply.set_kind(MessageKind::TaggedReply);
  try {
    tag_reply([this, &call, &in](OutArchive& out) { objects_.dispatch(call, in, out); },
              request.reply);
  } catch (const ProtocolError& e) {
    // The exception itself did not fit in a frame (a message of megabytes): say so instead.
    const std::string why = e.what();
    tag_reply(
        [&why](OutArchive&) {
          throw ProtocolError("the call failed with an exception too large to send back (" + why +
                              ")");
        },
        request.reply);
  }

  // The reply's tag says how the call went: for the trace, and, for a call whose caller hears
  // nothing back, for the log.
  const auto payload = request.reply.payload();
  request.send_reply = kind != MessageKind::OneWayCall;
  if (!payload.empty() && payload[0] == static_cast<char>(ReplyTag::Value)) {
    request.outcome = "value";
    return;
  }
  InArchive reply(payload);
  std::uint8_t tag = 0;
  std::string type, message;
  reply >> tag >> type >> message;
  request.outcome = "exception " + type;
  if (!request.send_reply) {
    server_.log_about(request.peer, "one-way call '" + call.describe() + "' from " +
                                        request.peer.to_string() + " failed: " + type + ": " +
                                        printable(message, 500));
  }
}

}  // namespace rmi
