// EXERCISE RMI.3, server side — serve one request              (lectures/2-rmi.md#rmi3)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

void ObjectServer::serve(Request& request) {
  const MessageKind kind = request.frame.kind;
  if (kind != kObjectCall && kind != kOneWayCall && kind != MessageKind::Call) {
    throw ProtocolError("expected a call, got a " + to_string(kind) + " frame");
  }
  InArchive in(request.frame.payload);
  CallHeader call = read_call_header(in, kind);
  request.name(call.describe());
  request.send_reply = kind != kOneWayCall;
  if (request.send_reply) call.caller_gone = [&request] { return request.caller_gone(); };

  request.reply.set_kind(kTaggedReply);
  const ReplyOutcome outcome = tag_reply(
      [this, &call, &in](OutArchive& out) {
        check_run(call);
        objects_.dispatch(call, in, out);
      },
      request.reply);
  if (outcome.tag == ReplyTag::Value) {
    request.outcome = "value";
    return;
  }
  request.outcome = "exception " + outcome.type;
  if (!request.send_reply) {
    server_.log_about(request.peer, "one-way call '" + call.describe() + "' from " +
                                        request.peer.to_string() + " failed: " + outcome.type +
                                        ": " + printable(outcome.message, 500));
  }
}

}  // namespace rmi
