// EXERCISE RMI.3, server side — serve one request              (lectures/2-rmi.md#rmi3)
//
// Goal:      the body of the lecture's server loop: a frame has arrived on a connection; the
//            call it carries runs, and its answer goes back. What a caller gets wrong is answered
//            in the reply, and the connection goes on; what breaks the stream ends it.
// Contract:  see rmi/object_server.hpp and stage1_rpc/rpc/server.hpp (Request).
//   serve(request):
//   - serves a frame of kind kObjectCall or kOneWayCall, or stage 1's MessageKind::Call (a
//     call on object 0); any other frame, or a call header that cannot be read, ends the
//     connection: throw (read_call_header throws ProtocolError itself);
//   - names the request with the call's describe() before the call runs;
//   - answers a kTaggedReply that tag_reply (RMI.2) makes of: the check that the call's
//     reference is from this run (check_run), then the call itself (dispatch, RMI.3);
//   - sends no reply to a one-way call; but if that call failed, its caller will never know,
//     so the server's log must: log_about(peer, ...) the line, worded exactly,
//       one-way call 'NAME' from PEER failed: TYPE: MESSAGE
//     where NAME is the call's describe(), PEER the peer's to_string(), and MESSAGE made
//     printable (core/printable.hpp), at most 500 characters;
//   - sets request.outcome to "value", or to "exception " followed by the exception's type;
//   - lets dispatch ask, while a call waits for its object's turn, whether its caller has hung
//     up (CallHeader::caller_gone, answered by request.caller_gone()) — but only for a caller
//     that waits for a reply: a one-way caller may hang up as soon as it has sent.
// Done when: make grade EX=RMI.3   shows RMI.3 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

void ObjectServer::serve(Request& request) {
  throw NotImplemented("RMI.3", "ObjectServer::serve", "lectures/2-rmi.md#rmi3");
}

}  // namespace rmi
