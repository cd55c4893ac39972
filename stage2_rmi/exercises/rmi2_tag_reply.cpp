// EXERCISE RMI.2, server side — tag the reply: value or exception   (lectures/2-rmi.md#rmi2)
//
// Goal:      a call that throws must reach its caller as an exception, not as a dropped
//            connection (as in stage 1); a call that returns, as its value.
// Contract:  see rmi/reply_tag.hpp. tag_reply(invoke, reply) runs invoke, which writes the
//            call's value into the OutArchive it is given, and leaves in `reply` exactly:
//   - when invoke returns: the tag ReplyTag::Value (one std::uint8_t), then what invoke wrote;
//   - when it throws: the tag ReplyTag::Exception, the exception's type name as
//     current_exception_type() spells it, and its message — what() of a std::exception, or for
//     anything else (`throw 42`) a message that says it was not a std::exception — and nothing
//     of what invoke wrote before it threw;
//   - when even the exception's message does not fit in the frame: the same type name, with a
//     short message that says it is "too large to send back".
//   Nothing escapes. It returns what it put in the reply (ReplyOutcome), so that the server can
//   trace and log the call without reading its own reply back.
// Done when: make grade EX=RMI.2   shows RMI.2 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

ReplyOutcome tag_reply(const std::function<void(OutArchive& out)>& invoke, OutFrame& reply) {
  throw NotImplemented("RMI.2", "tag_reply", "lectures/2-rmi.md#rmi2");
}

}  // namespace rmi
