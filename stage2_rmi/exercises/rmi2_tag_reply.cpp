// EXERCISE RMI.2, server side — tag the reply: value or exception   (lectures/2-rmi.md#rmi2)
//
// Goal:      a call that throws must reach its caller as an exception, not as a dropped
//            connection (as in stage 1); a call that returns, as its value.
// Contract:  see rmi/reply_tag.hpp. tag_reply(invoke, reply):
//   - writes the tag ReplyTag::Value (as a std::uint8_t) to an OutArchive on `reply`, then
//     calls invoke(out) with that archive: invoke writes the value after the tag;
//   - if invoke throws a std::exception e: forgets what was written (reply.clear_payload())
//     and writes, with a new OutArchive, the tag ReplyTag::Exception, the exception's type
//     name (current_exception_type()) and e.what();
//   - if invoke throws anything else (`throw 42`): the same, with a message that says it was
//     not a std::exception;
//   - if even the exception does not fit in the frame (writing its message throws
//     ProtocolError): the same type name, with a short message that says "too large to send
//     back" instead of the real one;
//   - lets nothing escape.
// Done when: make grade EX=RMI.2   shows RMI.2 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

void tag_reply(const std::function<void(OutArchive& out)>& invoke, OutFrame& reply) {
  throw NotImplemented("RMI.2", "tag_reply", "lectures/2-rmi.md#rmi2");
}

}  // namespace rmi
